"""SIP credentials of a number (seed 000): create, list, read, rotate, revoke.

Every route first asks inventory whether the caller's workspace holds the number (another
workspace's is 404 `number_not_found`), then calls the credentials service with the tenant
number id inventory answered.

A password is in the 201 of a create and the 200 of a rotate, and nowhere else: those
responses carry `Cache-Control: no-store`, and their Idempotency-Key record stores the
response *without* the password (a replay answers the same status and credential, without
`password`; whoever lost it rotates).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Annotated

from fastapi import Path, Request, Response
from pydantic import BaseModel, Field, StrictInt, StrictStr

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Claim, Idempotent
from gateway.livemode import ApiObject
from gateway.problems import ApiProblem
from gateway.routes import PublicRouter, RequestBody
from gateway.schemas.enums import SipCredentialStatus, documented_as
from platform_common.timestamps import from_timestamp, optional_time
from sautikit.credentials.v1 import credentials_pb2
from sautikit.inventory.v1 import inventory_pb2

log = logging.getLogger(__name__)

router = PublicRouter(prefix="/v1/numbers", tags=["sip-credentials"])

MAX_LABEL_CHARS = 100
MAX_GRACE_SECONDS = 3600

NumberId = Annotated[
    str,
    Path(
        description="The tenant number id, or the inventory id of the number you hold",
        min_length=36,
        max_length=36,
    ),
]
CredentialRef = Annotated[
    str, Path(description="The SIP credential id", min_length=36, max_length=36)
]

_STATUS_NAMES = {
    credentials_pb2.CREDENTIAL_STATUS_ACTIVE: "active",
    credentials_pb2.CREDENTIAL_STATUS_REVOKED: "revoked",
}
_NO_STORE = "no-store"


class SipCredential(ApiObject):
    id: str
    username: str = Field(description="SIP username (lowercase letters and digits)")
    label: str
    status: Annotated[str, documented_as(SipCredentialStatus)] = Field(examples=["active"])
    created_at: datetime
    rotated_at: datetime | None = None
    revoked_at: datetime | None = None
    previous_password_valid_until: datetime | None = Field(
        default=None,
        description="After a rotation with grace_seconds: until when the previous password "
        "still works",
    )


class SipCredentialWithPassword(SipCredential):
    password: str | None = Field(
        default=None,
        description="Only in the response that created or rotated the credential; store it "
        "now, it is never shown again (an idempotent replay omits it)",
    )


class SipCredentialList(BaseModel):
    data: list[SipCredential]


class NewSipCredential(RequestBody):
    label: StrictStr | None = Field(default=None, max_length=MAX_LABEL_CHARS, examples=["main-ivr"])


class Rotation(RequestBody):
    grace_seconds: StrictInt = Field(
        default=0,
        ge=0,
        le=MAX_GRACE_SECONDS,
        description="How long the previous password keeps working (0 to 3600 seconds)",
    )


def sip_credential_view(message: credentials_pb2.Credential) -> SipCredential:
    return SipCredential(
        id=message.id,
        username=message.username,
        label=message.label,
        status=_STATUS_NAMES.get(message.status, "unknown"),
        created_at=from_timestamp(message.created_at),
        rotated_at=optional_time(message, "rotated_at"),
        revoked_at=optional_time(message, "revoked_at"),
        previous_password_valid_until=optional_time(message, "previous_password_valid_until"),
    )


def _with_password(message: credentials_pb2.Credential, password: str) -> SipCredentialWithPassword:
    return SipCredentialWithPassword(**sip_credential_view(message).model_dump(), password=password)


async def held_number(
    upstreams: Upstreams, workspace_id: str, number_ref: str
) -> inventory_pb2.TenantNumber:
    """The workspace's number (404 number_not_found for anyone else's)."""
    reply = await upstreams.call(
        upstreams.inventory.GetTenantNumber,
        inventory_pb2.GetTenantNumberRequest(
            workspace_id=workspace_id, tenant_number_id=number_ref
        ),
    )
    return reply.tenant_number


def _refuse_released(number: inventory_pb2.TenantNumber) -> None:
    if number.status == inventory_pb2.TENANT_NUMBER_STATUS_RELEASED:
        raise ApiProblem(
            409, "number_released", "This number was released; it cannot get SIP credentials"
        )


async def _answer_with_password(
    request: Request,
    response: Response,
    status_code: int,
    view: SipCredentialWithPassword,
    location: str | None = None,
) -> SipCredentialWithPassword:
    """Marks the response uncacheable and, when the request holds an Idempotency-Key, records
    it without the password (the recorder middleware would otherwise store it verbatim)."""
    response.headers["Cache-Control"] = _NO_STORE
    if location is not None:
        response.headers["Location"] = location
    claim: Claim | None = getattr(request.state, "idempotency_claim", None)
    if claim is not None:
        del request.state.idempotency_claim  # the recorder leaves this response alone
        stored = view.model_dump(mode="json", exclude={"password"}, exclude_none=True)
        headers = {"content-type": "application/json"}
        if location is not None:
            headers["location"] = location
        try:
            await claim.complete(
                status_code, headers, json.dumps(stored, separators=(",", ":")).encode()
            )
        except Exception as exc:
            # The client still gets its password; a retry with the key is told "in progress"
            # until the lease ends, and then runs again.
            log.error("could not record idempotent response", extra={"error": repr(exc)})
    return view


@router.post(
    "/{id}/sip-credentials",
    response_model=SipCredentialWithPassword,
    status_code=201,
    dependencies=[Idempotent],
    summary="Create a SIP credential; the password is in this response only",
    responses={
        404: {"description": "number_not_found"},
        409: {"description": "number_released, credential_limit_reached"},
    },
)
async def create_sip_credential(
    request: Request,
    response: Response,
    principal: Authenticated,
    id: NumberId,
    body: NewSipCredential | None = None,
) -> SipCredentialWithPassword:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    _refuse_released(number)
    reply = await upstreams.call(
        upstreams.credentials.CreateCredential,
        credentials_pb2.CreateCredentialRequest(
            workspace_id=workspace_id,
            tenant_number_id=number.id,
            e164=number.e164,
            label=(body.label if body else None) or "",
        ),
    )
    return await _answer_with_password(
        request,
        response,
        201,
        _with_password(reply.credential, reply.password),
        location=f"/v1/numbers/{number.id}/sip-credentials/{reply.credential.id}",
    )


@router.get(
    "/{id}/sip-credentials",
    response_model=SipCredentialList,
    summary="The number's SIP credentials, oldest first (never a password)",
)
async def list_sip_credentials(
    request: Request, principal: Authenticated, id: NumberId
) -> SipCredentialList:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    reply = await upstreams.call(
        upstreams.credentials.ListCredentials,
        credentials_pb2.ListCredentialsRequest(
            workspace_id=workspace_id, tenant_number_id=number.id
        ),
    )
    return SipCredentialList(data=[sip_credential_view(c) for c in reply.credentials])


@router.get(
    "/{id}/sip-credentials/{cred_id}",
    response_model=SipCredential,
    summary="One SIP credential of the number (never its password)",
    responses={404: {"description": "number_not_found, credential_not_found"}},
)
async def get_sip_credential(
    request: Request, principal: Authenticated, id: NumberId, cred_id: CredentialRef
) -> SipCredential:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    reply = await upstreams.call(
        upstreams.credentials.GetCredential,
        credentials_pb2.GetCredentialRequest(
            workspace_id=workspace_id, tenant_number_id=number.id, credential_id=cred_id
        ),
    )
    return sip_credential_view(reply.credential)


@router.post(
    "/{id}/sip-credentials/{cred_id}/rotate",
    response_model=SipCredentialWithPassword,
    dependencies=[Idempotent],
    summary="Give the credential a new password, returned in this response only",
    responses={
        404: {"description": "number_not_found, credential_not_found"},
        409: {"description": "credential_revoked, number_released"},
    },
)
async def rotate_sip_credential(
    request: Request,
    response: Response,
    principal: Authenticated,
    id: NumberId,
    cred_id: CredentialRef,
    body: Rotation | None = None,
) -> SipCredentialWithPassword:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    _refuse_released(number)
    reply = await upstreams.call(
        upstreams.credentials.RotateCredential,
        credentials_pb2.RotateCredentialRequest(
            workspace_id=workspace_id,
            tenant_number_id=number.id,
            credential_id=cred_id,
            grace_seconds=body.grace_seconds if body else 0,
        ),
    )
    return await _answer_with_password(
        request, response, 200, _with_password(reply.credential, reply.password)
    )


@router.delete(
    "/{id}/sip-credentials/{cred_id}",
    response_model=SipCredential,
    dependencies=[Idempotent],
    summary="Revoke a SIP credential permanently (again: the same answer)",
    responses={404: {"description": "number_not_found, credential_not_found"}},
)
async def revoke_sip_credential(
    request: Request, principal: Authenticated, id: NumberId, cred_id: CredentialRef
) -> SipCredential:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    reply = await upstreams.call(
        upstreams.credentials.RevokeCredential,
        credentials_pb2.RevokeCredentialRequest(
            workspace_id=workspace_id, tenant_number_id=number.id, credential_id=cred_id
        ),
    )
    return sip_credential_view(reply.credential)
