"""HTTP authentication: `Authorization: Bearer <API key>`, or else a console session cookie
(gateway/users/session_auth.py), and the optional tenant-context headers
(`Sautikit-Workspace`, and `X-Organization-Id` of seed 002's conventions). Whichever way in,
the principal's role is then checked against the route (gateway/users/roles.py).

Routes declare `principal: Annotated[Principal, Depends(require_principal)]`; FastAPI runs it
once per request however many dependencies ask for it.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPBearer

from gateway.api_keys import Authenticator, Principal
from gateway.livemode import bind_livemode
from gateway.problems import ApiProblem, validation_failed
from gateway.users.roles import ensure_role_allows
from gateway.users.session_auth import SESSION_COOKIE, session_principal
from platform_common.ids import parse_uuid

WORKSPACE_HEADER = "Sautikit-Workspace"
ORGANIZATION_HEADER = "X-Organization-Id"
_CHALLENGE = 'Bearer realm="sautikit"'

# Only declares the scheme in OpenAPI (the "Authorize" button); the header is parsed below so
# that "missing" and "malformed" stay distinguishable.
bearer_scheme = HTTPBearer(auto_error=False, description="API key: sk_live_... or sk_test_...")


def _unauthenticated(code: str, detail: str) -> ApiProblem:
    challenge = (
        _CHALLENGE
        if code == "authentication_required"
        else (_CHALLENGE + ', error="invalid_token"')
    )
    return ApiProblem(401, code, detail, headers={"WWW-Authenticate": challenge})


def bearer_token(authorization: str | None) -> str | None:
    """The token of a Bearer Authorization header; None when no credentials were sent.

    Raises 401 invalid_api_key for another scheme or a token containing whitespace.
    """
    if authorization is None or not authorization.strip():
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise _unauthenticated("invalid_api_key", "Authorization must be 'Bearer <API key>'")
    token = token.strip()
    if not token:
        # Typically `-H "Authorization: Bearer $SAUTIKIT_API_KEY"` with the variable unset.
        return None
    if any(ch.isspace() for ch in token):
        raise _unauthenticated("invalid_api_key", "Authorization must be 'Bearer <API key>'")
    return token


async def require_principal(
    request: Request,
    _scheme: Annotated[object, Depends(bearer_scheme)],
    sautikit_workspace: Annotated[
        str | None,
        Header(
            alias=WORKSPACE_HEADER,
            description="Optional: the workspace the caller expects the key to belong to.",
        ),
    ] = None,
    x_organization_id: Annotated[
        str | None,
        Header(
            alias=ORGANIZATION_HEADER,
            description=f"Optional, the same as {WORKSPACE_HEADER} (seed 002's name for it).",
        ),
    ] = None,
) -> Principal:
    """The principal of the request's API key or console session, or a 401/403/400/404
    problem; 403 forbidden_role when its role may not call this route."""
    tenant_headers = {WORKSPACE_HEADER: sautikit_workspace, ORGANIZATION_HEADER: x_organization_id}
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        if SESSION_COOKIE not in request.cookies:
            raise _unauthenticated(
                "authentication_required", "Send 'Authorization: Bearer <API key>'"
            )
        principal = await session_principal(request, parse_tenant_headers(tenant_headers))
    else:
        authenticator: Authenticator = request.app.state.authenticator
        found = await authenticator.authenticate(token)
        if found is None:
            raise _unauthenticated("invalid_api_key", "The API key is unknown or revoked")
        principal = found
        ensure_tenant_context(principal, tenant_headers)
    request.state.workspace_id = str(principal.workspace_id)
    bind_livemode(principal.livemode)
    route = request.scope.get("route")
    ensure_role_allows(principal.role, request.method, getattr(route, "path", request.url.path))
    return principal


def parse_tenant_headers(headers: dict[str, str | None]) -> uuid.UUID | None:
    """The workspace the tenant-context headers name (None: neither sent). Each must be a UUID
    (400 naming it); both sent must agree (400 tenant_context_conflict)."""
    named: dict[str, uuid.UUID] = {}
    for header, value in headers.items():
        if value is None:
            continue
        parsed = parse_uuid(value.strip())
        if parsed is None:
            raise validation_failed(header, "must be a workspace id (UUID)")
        named[header] = parsed
    if len(set(named.values())) > 1:
        raise ApiProblem(
            400,
            "tenant_context_conflict",
            f"{WORKSPACE_HEADER} and {ORGANIZATION_HEADER} name different workspaces",
        )
    return next(iter(named.values()), None)


def ensure_tenant_context(principal: Principal, headers: dict[str, str | None]) -> None:
    """The one check of the tenant-context headers (each optional): each must be a UUID (400
    naming it), both sent must agree (400 tenant_context_conflict: the request contradicts
    itself, whatever the key), and the id must be the key's organization W, for live and test
    keys alike (403 workspace_mismatch).
    """
    named = parse_tenant_headers(headers)
    for header, value in headers.items():
        if value is not None and named != principal.organization_id:
            raise ApiProblem(
                403,
                "workspace_mismatch",
                f"The API key does not belong to the workspace named in {header}",
            )


Authenticated = Annotated[Principal, Depends(require_principal)]
