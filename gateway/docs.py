"""OpenAPI document and interactive docs that render without internet access.

Swagger UI's files come from the installed `swagger_ui_bundle` package and are served under
/v1/docs/assets, so the page never reaches a CDN.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from gateway.openapi_generators import fit_for_generators
from gateway.openapi_limits import state_limits
from gateway.problems import PROBLEM_CONTENT_TYPE, Problem
from gateway.schemas.number_status import SETTABLE_NUMBER_STATUS, SETTABLE_NUMBER_STATUS_SCHEMA
from gateway.settings import GatewaySettings

OPENAPI_URL = "/v1/openapi.json"
DOCS_URL = "/v1/docs"
ASSETS_URL = "/v1/docs/assets"

DESCRIPTION = """\
Kenya (+254) phone numbers paid from a prepaid KES wallet.

* Authenticate with `Authorization: Bearer <API key>`.
* Money is an integer in minor units plus `currency` (`KES`).
* Errors are RFC 9457 `application/problem+json` with a stable `code` and a `request_id`.
* `POST`, `PATCH` and `DELETE` accept an `Idempotency-Key`; the first response is replayed
  for 24 hours.
* Lists take `limit` and `cursor` and return `data` and `next_cursor`.

Limits the server enforces on every request, before any route runs:

* The request line and headers together: at most 32 KiB, else 431
  `request_headers_too_large`.
* A request's headers must arrive within 10 s of its first byte, and its body within 30 s of
  its headers, else 408 `request_timeout` (configurable). An idle connection is closed after
  75 s.
* A request body: at most `GATEWAY_MAX_BODY_BYTES` (1 MiB by default), else 413
  `payload_too_large`.
* A body must be `application/json` (a charset parameter and `+json` types are fine), else
  415 `unsupported_media_type`; document uploads are `multipart/form-data`.
* A JSON body: at most 32 levels deep (400 `json_too_deep`), no string longer than 10,000
  characters unless its schema says otherwise (400 `json_string_too_long`).
* A request that is not valid HTTP/1.1: 400 `malformed_request`. Raw UTF-8 in the URL is
  accepted and read as if percent-encoded.
* `Idempotency-Key`: 1 to 255 printable ASCII characters.
* Rate limits, per API key and per source address, per route class (search, mutations,
  credentials, reads) and per 60 s window: past one, 429 `rate_limited` with `Retry-After`,
  and the request is not executed. Limited responses carry `RateLimit-Limit`,
  `RateLimit-Remaining` and `RateLimit-Reset`.
* Every response carries `X-Request-Id`, `X-Content-Type-Options: nosniff` and
  `Strict-Transport-Security`.
"""


def install_docs(app: FastAPI) -> None:
    """Adds /v1/docs, its assets and the customised OpenAPI document to the app."""
    app.mount(ASSETS_URL, StaticFiles(directory=swagger_ui_path), name="docs-assets")

    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=OPENAPI_URL,
            title="Sautikit API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
            # validatorUrl would make the page fetch a badge from validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    app.add_api_route(DOCS_URL, swagger_ui, methods=["GET"], include_in_schema=False)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with our error conventions: validation errors are 400 problems (not
    FastAPI's 422 shape) and every operation documents the problem response."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=DESCRIPTION,
        routes=app.routes,
        webhooks=app.webhooks.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components[SETTABLE_NUMBER_STATUS] = SETTABLE_NUMBER_STATUS_SCHEMA
    for nested_name, nested in components["Problem"].pop("$defs", {}).items():
        components[nested_name] = nested
    problem_ref = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            default_422 = responses.get("422", {})
            if "HTTPValidationError" in str(default_422):
                del responses["422"]
            for status, response in responses.items():
                if status.startswith(("4", "5")) and "content" not in response:
                    response["content"] = problem_ref
            responses.setdefault(
                "default", {"description": "Error (RFC 9457 problem)", "content": problem_ref}
            )
    # Webhooks are what we send: the receiver's answers are the customer's, not our problems.
    for path_item in schema.get("webhooks", {}).values():
        for operation in path_item.values():
            operation.get("responses", {}).pop("422", None)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    settings = getattr(app.state, "settings", None) or GatewaySettings(database_url="")
    state_limits(
        schema,
        max_string_chars=settings.json_max_string_chars,
        max_body_bytes=settings.max_body_bytes,
        json_max_depth=settings.json_max_depth,
    )
    fit_for_generators(schema, server_url=settings.public_base_url)
    return schema
