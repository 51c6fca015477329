"""The workspace's API keys: create (the key is in the 201 only), list, revoke.
Use cases: gateway/users/customer_keys.py."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import Path, Query, Request, Response
from pydantic import BaseModel, Field, StrictStr

from gateway.auth import Authenticated
from gateway.idempotency import Idempotent, record_shown_once
from gateway.routes import PublicRouter, RequestBody
from gateway.users import customer_keys

router = PublicRouter(prefix="/v1/api-keys", tags=["api-keys"])


class ApiKeyMode(StrEnum):
    """live keys act on the workspace; test keys on its sandbox (test mode)."""

    live = "live"
    test = "test"


class NewApiKey(RequestBody):
    mode: ApiKeyMode
    name: StrictStr | None = Field(
        default=None, max_length=customer_keys.MAX_NAME_CHARS, examples=["billing server"]
    )


class ApiKey(BaseModel):
    id: str
    prefix: str = Field(description="The key's first characters, to recognise it")
    mode: ApiKeyMode
    name: str | None = None
    created_at: datetime
    last_used_at: datetime | None = None


class ApiKeyWithSecret(ApiKey):
    key: str | None = Field(
        default=None,
        description="sk_live_... or sk_test_...: only in the response that created it; store "
        "it now, it is never shown again (an idempotent replay omits it)",
    )


class ApiKeyList(BaseModel):
    data: list[ApiKey]
    has_more: bool
    next_cursor: str | None = None


def _view(key: customer_keys.CustomerKey) -> ApiKey:
    return ApiKey(
        id=str(key.id),
        prefix=key.prefix,
        mode=ApiKeyMode(key.mode),
        name=key.name,
        created_at=key.created_at,
        last_used_at=key.last_used_at,
    )


@router.post(
    "",
    response_model=ApiKeyWithSecret,
    status_code=201,
    operation_id="createApiKey",
    dependencies=[Idempotent],
    summary="Create an API key; the key is in this response only",
    responses={403: {"description": "forbidden_role, csrf_failed"}},
)
async def create_api_key(
    request: Request, response: Response, principal: Authenticated, body: NewApiKey
) -> ApiKeyWithSecret:
    row, key = await customer_keys.create_key(
        engine=request.app.state.engine,
        workspace_id=principal.organization_id,
        mode=body.mode.value,
        name=body.name,
    )
    view = ApiKeyWithSecret(**_view(row).model_dump(), key=key)
    response.headers["Cache-Control"] = "no-store"
    await record_shown_once(request, 201, view, "key")
    return view


@router.get(
    "",
    response_model=ApiKeyList,
    operation_id="listApiKeys",
    summary="The workspace's active API keys, newest first (never the keys themselves)",
)
async def list_api_keys(
    request: Request,
    principal: Authenticated,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> ApiKeyList:
    page = await customer_keys.list_keys(
        engine=request.app.state.engine,
        workspace_id=principal.organization_id,
        limit=limit,
        cursor=cursor,
    )
    return ApiKeyList(
        data=[_view(k) for k in page.data],
        has_more=page.next_cursor is not None,
        next_cursor=page.next_cursor,
    )


@router.delete(
    "/{id}",
    status_code=204,
    operation_id="revokeApiKey",
    dependencies=[Idempotent],
    summary="Revoke an API key at once, on every gateway replica",
    responses={404: {"description": "api_key_not_found"}},
)
async def revoke_api_key(
    request: Request,
    principal: Authenticated,
    id: Annotated[str, Path(max_length=36, description="The API key id")],
) -> Response:
    await customer_keys.revoke_key(
        engine=request.app.state.engine, workspace_id=principal.organization_id, key_id=id
    )
    return Response(status_code=204)
