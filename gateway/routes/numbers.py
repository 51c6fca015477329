"""The numbers journey of seed 000: search the inventory, claim, list, read, change settings,
release. Each route authenticates, validates, makes one gRPC call and maps the answer."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

import grpc
from fastapi import Path, Query, Request, Response
from pydantic import BaseModel, Field, StrictBool, WithJsonSchema

from gateway.api_keys import Principal
from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent
from gateway.livemode import ApiObject
from gateway.problems import ApiProblem, FieldError, validation_failed
from gateway.routes import PublicRouter, RequestBody
from gateway.routes.credentials import SipCredential, sip_credential_view
from gateway.schemas.enums import Capability, NumberStatus, NumberType, documented_as
from gateway.schemas.number_status import SETTABLE_NUMBER_STATUS_FIELD, SETTABLE_STATUSES
from platform_common.errors import RemoteError
from platform_common.timestamps import from_timestamp, optional_time
from sautikit.credentials.v1 import credentials_pb2
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import routing_pb2

router = PublicRouter(prefix="/v1/numbers", tags=["numbers"])

DIGIT_PATTERN = r"^\+?[0-9]{1,15}$"

# Values are protobuf enum numbers (typed Any: the stubs type them as enum wrappers).
_NUMBER_TYPES: dict[str, Any] = {
    "mobile": inventory_pb2.NUMBER_TYPE_MOBILE,
    "fixed_line": inventory_pb2.NUMBER_TYPE_FIXED_LINE,
    "toll_free": inventory_pb2.NUMBER_TYPE_TOLL_FREE,
}
_CAPABILITIES: dict[str, Any] = {
    "voice": inventory_pb2.CAPABILITY_VOICE,
    "sms": inventory_pb2.CAPABILITY_SMS,
}
_STATUSES: dict[str, Any] = {
    "active": inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE,
    "suspended": inventory_pb2.TENANT_NUMBER_STATUS_SUSPENDED,
    "released": inventory_pb2.TENANT_NUMBER_STATUS_RELEASED,
}
# Each status the list filters by, as inventory's (status, disabled) filters: the status a
# number shows (see _status_name) is exactly the one it is listed under.
_STATUS_FILTERS: dict[NumberStatus, tuple[Any, bool | None]] = {
    NumberStatus.active: (inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE, False),
    NumberStatus.disabled: (inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE, True),
    NumberStatus.suspended: (inventory_pb2.TENANT_NUMBER_STATUS_SUSPENDED, None),
    NumberStatus.released: (inventory_pb2.TENANT_NUMBER_STATUS_RELEASED, None),
}
_NUMBER_TYPE_NAMES = {v: k for k, v in _NUMBER_TYPES.items()}
_CAPABILITY_NAMES = {v: k for k, v in _CAPABILITIES.items()}
_STATUS_NAMES = {v: k for k, v in _STATUSES.items()}

NumberId = Annotated[
    str,
    Path(
        description="The tenant number id, or the inventory id of the number you hold",
        min_length=36,
        max_length=36,
    ),
]


class AvailableNumber(ApiObject):
    id: str = Field(description="Inventory id: claim with POST /v1/numbers/{id}/claim")
    e164: str = Field(examples=["+254712345678"])
    country: str = Field(examples=["KE"])
    number_type: Annotated[str, documented_as(NumberType)] = Field(examples=["mobile"])
    capabilities: Annotated[list[str], documented_as(Capability, array=True)] = Field(
        examples=[["voice", "sms"]]
    )
    monthly_price_minor: int = Field(
        description="Monthly rental in minor units (KES cents)", examples=[50000]
    )
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    currency: str = Field(examples=["KES"])
    requires_registration: bool = Field(
        default=False,
        description="True: sold only through a number order (POST /v1/number-orders); an "
        "instant claim answers 409 registration_required",
    )


class AvailableNumbersPage(BaseModel):
    data: list[AvailableNumber]
    next_cursor: str | None = None


class TenantNumber(ApiObject):
    id: str = Field(description="The tenant number id (this workspace's holding of the number)")
    number_id: str = Field(description="The inventory id of the number")
    e164: str = Field(examples=["+254712345678"])
    country: str = Field(examples=["KE"])
    number_type: Annotated[str, documented_as(NumberType)] = Field(examples=["mobile"])
    capabilities: Annotated[list[str], documented_as(Capability, array=True)] = Field(
        examples=[["voice", "sms"]]
    )
    status: Annotated[str, documented_as(NumberStatus)] = Field(
        examples=["active"],
        description="active, disabled, suspended or released. disabled: the workspace turned "
        "the number off (no calls, no SIP registrations; still billed). A number both "
        "suspended and disabled shows suspended, with disabled true",
    )
    disabled: bool = Field(
        default=False,
        description="True while the workspace has turned the number off (PATCH status "
        '"disabled"); independent of suspension',
    )
    monthly_price_minor: int = Field(examples=[50000])
    currency: str = Field(examples=["KES"])
    allow_inbound: bool
    allow_outbound: bool
    claimed_at: datetime
    next_renewal_at: datetime | None = Field(
        default=None, description="When the next month's rental is charged; absent once released"
    )
    released_at: datetime | None = None
    suspended_at: datetime | None = None
    suspended_reason: str | None = None
    trial_until: datetime | None = Field(
        default=None,
        description="Set while the number is on trial: when it is released unless you claim it "
        "(POST /v1/numbers/{id}/claim charges the first month and ends the trial)",
    )
    sip_credentials: list[SipCredential] | None = Field(
        default=None,
        description="In GET /v1/numbers/{id} only: the number's SIP credentials (never a "
        "password), as GET /v1/numbers/{id}/sip-credentials lists them",
    )
    voice_callback_url: str | None = Field(
        default=None,
        description="In GET /v1/numbers/{id} only: where call steps are POSTed, as GET "
        "/v1/numbers/{id}/routing shows it; absent when not set",
    )
    events_url: str | None = Field(
        default=None,
        description="In GET /v1/numbers/{id} only: where call events are POSTed, as GET "
        "/v1/numbers/{id}/routing shows it; absent when not set",
    )


class TenantNumbersPage(BaseModel):
    data: list[TenantNumber]
    next_cursor: str | None = None


class NumberPurchase(RequestBody):
    inventory_id: str = Field(
        min_length=36,
        max_length=36,
        description="The inventory id of an available number (GET /v1/numbers/available)",
    )


class NumberSettings(RequestBody):
    allow_inbound: StrictBool | None = None
    allow_outbound: StrictBool | None = None
    status: Annotated[str | None, WithJsonSchema(SETTABLE_NUMBER_STATUS_FIELD)] = Field(
        default=None,
        description='"disabled" turns the number off: it refuses calls and SIP registrations '
        'but stays yours, and its monthly rental is still charged. "active" turns it back '
        "on (a suspended number stays refused until its rental is paid). Anything else: 400 "
        "status_not_settable",
    )


def _available(number: inventory_pb2.AvailableNumber) -> AvailableNumber:
    return AvailableNumber(
        id=number.id,
        e164=number.e164,
        country=number.country,
        number_type=_NUMBER_TYPE_NAMES.get(number.number_type, "unknown"),
        capabilities=[_CAPABILITY_NAMES.get(c, "unknown") for c in number.capabilities],
        monthly_price_minor=number.monthly_price_minor,
        inbound_per_min_minor=number.inbound_per_min_minor,
        outbound_per_min_minor=number.outbound_per_min_minor,
        currency=number.currency,
        requires_registration=number.requires_registration,
        livemode=number.livemode,
    )


def _status_name(number: inventory_pb2.TenantNumber) -> NumberStatus:
    """released and suspended come first: they are what the workspace must act on (or cannot),
    while disabled is its own choice, also shown by `disabled`."""
    status = NumberStatus(_STATUS_NAMES[number.status])
    if status is NumberStatus.active and number.disabled:
        return NumberStatus.disabled
    return status


def tenant_number_view(number: inventory_pb2.TenantNumber) -> TenantNumber:
    return TenantNumber(
        id=number.id,
        number_id=number.number_id,
        e164=number.e164,
        country=number.country,
        number_type=_NUMBER_TYPE_NAMES.get(number.number_type, "unknown"),
        capabilities=[_CAPABILITY_NAMES.get(c, "unknown") for c in number.capabilities],
        status=_status_name(number),
        disabled=number.disabled,
        monthly_price_minor=number.monthly_price_minor,
        currency=number.currency,
        allow_inbound=number.allow_inbound,
        allow_outbound=number.allow_outbound,
        claimed_at=from_timestamp(number.claimed_at),
        next_renewal_at=optional_time(number, "next_renewal_at"),
        released_at=optional_time(number, "released_at"),
        suspended_at=optional_time(number, "suspended_at"),
        suspended_reason=number.suspended_reason or None,
        trial_until=optional_time(number, "trial_until"),
        livemode=number.livemode,
    )


@router.get(
    "/available",
    response_model=AvailableNumbersPage,
    operation_id="searchAvailableNumbers",
    summary="Search the inventory of claimable numbers",
)
async def search_available(
    request: Request,
    principal: Authenticated,
    country: Annotated[str, Query(description="ISO country code; only KE", max_length=2)] = "KE",
    currency: Annotated[str, Query(description="Only KES", max_length=3)] = "KES",
    capability: Capability | None = None,
    number_type: NumberType | None = None,
    starts_with: Annotated[str | None, Query(pattern=DIGIT_PATTERN)] = None,
    contains: Annotated[str | None, Query(pattern=DIGIT_PATTERN)] = None,
    ends_with: Annotated[str | None, Query(pattern=DIGIT_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> AvailableNumbersPage:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.inventory.SearchAvailableNumbers,
        inventory_pb2.SearchAvailableNumbersRequest(
            country=country,
            currency=currency,
            capability=_CAPABILITIES[capability] if capability else None,
            number_type=_NUMBER_TYPES[number_type] if number_type else None,
            starts_with=starts_with or "",
            contains=contains or "",
            ends_with=ends_with or "",
            limit=limit,
            cursor=cursor or "",
            livemode=principal.livemode,
        ),
    )
    return AvailableNumbersPage(
        data=[_available(n) for n in reply.numbers], next_cursor=reply.next_cursor or None
    )


@router.post(
    "/{id}/claim",
    response_model=TenantNumber,
    status_code=201,
    dependencies=[Idempotent],
    summary="Claim a number: charges the first month's rental from the KES wallet",
    responses={
        402: {"description": "wallet_insufficient_funds"},
        404: {"description": "number_not_found"},
        409: {"description": "number_unavailable"},
    },
)
async def claim_number(
    request: Request, response: Response, principal: Authenticated, id: NumberId
) -> TenantNumber:
    return await _claim(request, response, principal, id)


@router.post(
    "",
    response_model=TenantNumber,
    status_code=201,
    dependencies=[Idempotent],
    operation_id="purchaseNumber",
    summary="Purchase a number from the inventory: the same claim as POST /v1/numbers/{id}/claim",
    description="seed 002's form of the claim: `inventory_id` in the body instead of the path. "
    "Same saga, answers, charge and Idempotency-Key handling.",
    responses={
        402: {"description": "wallet_insufficient_funds"},
        404: {"description": "number_not_found"},
        409: {"description": "number_unavailable"},
    },
)
async def purchase_number(
    request: Request, response: Response, principal: Authenticated, purchase: NumberPurchase
) -> TenantNumber:
    return await _claim(request, response, principal, purchase.inventory_id)


async def _claim(
    request: Request, response: Response, principal: Principal, number_id: str
) -> TenantNumber:
    """The one claim path of both routes."""
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.inventory.ClaimNumber,
        inventory_pb2.ClaimNumberRequest(
            workspace_id=str(principal.workspace_id),
            number_id=number_id,
            # Checked by the Idempotent dependency; a retry after 503 claim_pending resolves to
            # the same claim in inventory.
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            livemode=principal.livemode,
        ),
    )
    response.headers["Location"] = f"/v1/numbers/{reply.tenant_number.id}"
    return tenant_number_view(reply.tenant_number)


@router.get("", response_model=TenantNumbersPage, summary="The workspace's numbers")
async def list_numbers(
    request: Request,
    principal: Authenticated,
    status: Annotated[
        NumberStatus | None,
        Query(
            description="Only numbers showing this status: active (and not turned off), "
            "disabled (active, turned off by the workspace), suspended or released"
        ),
    ] = None,
    trial: Annotated[
        bool, Query(description="true: only numbers on trial (trial_until set)")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> TenantNumbersPage:
    upstreams: Upstreams = request.app.state.upstreams
    listed = inventory_pb2.ListTenantNumbersRequest(
        workspace_id=str(principal.workspace_id),
        limit=limit,
        cursor=cursor or "",
        trials_only=trial,
    )
    if status is not None:
        listed.status, disabled = _STATUS_FILTERS[status]
        if disabled is not None:
            listed.disabled = disabled
    reply = await upstreams.call(upstreams.inventory.ListTenantNumbers, listed)
    return TenantNumbersPage(
        data=[tenant_number_view(n) for n in reply.tenant_numbers],
        next_cursor=reply.next_cursor or None,
    )


@router.get(
    "/{id}",
    response_model=TenantNumber,
    summary="One of the workspace's numbers, with its SIP credentials and routing URLs",
)
async def get_number(request: Request, principal: Authenticated, id: NumberId) -> TenantNumber:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    reply = await upstreams.call(
        upstreams.inventory.GetTenantNumber,
        inventory_pb2.GetTenantNumberRequest(workspace_id=workspace_id, tenant_number_id=id),
    )
    tenant_number_id = reply.tenant_number.id
    # Both need the tenant number id inventory answered (the path may hold the inventory id);
    # they do not depend on each other, so they run side by side.
    credentials, routing = await asyncio.gather(
        _credentials_of(upstreams, workspace_id, tenant_number_id),
        _routing_of(upstreams, workspace_id, tenant_number_id),
        return_exceptions=True,
    )
    if isinstance(credentials, BaseException):
        raise credentials
    if isinstance(routing, BaseException):
        raise routing
    view = tenant_number_view(reply.tenant_number)
    view.sip_credentials = [sip_credential_view(c) for c in credentials.credentials]
    if routing is not None:
        view.voice_callback_url = routing.voice_callback_url or None
        view.events_url = routing.events_url or None
    return view


async def _credentials_of(
    upstreams: Upstreams, workspace_id: str, tenant_number_id: str
) -> credentials_pb2.ListCredentialsResponse:
    reply: credentials_pb2.ListCredentialsResponse = await upstreams.call(
        upstreams.credentials.ListCredentials,
        credentials_pb2.ListCredentialsRequest(
            workspace_id=workspace_id, tenant_number_id=tenant_number_id
        ),
    )
    return reply


async def _routing_of(
    upstreams: Upstreams, workspace_id: str, tenant_number_id: str
) -> routing_pb2.Routing | None:
    """The number's routing; None when routing has none (a released number)."""
    try:
        reply: routing_pb2.GetRoutingResponse = await upstreams.call(
            upstreams.routing.GetRouting,
            routing_pb2.GetRoutingRequest(
                workspace_id=workspace_id, tenant_number_id=tenant_number_id
            ),
        )
    except RemoteError as error:
        if error.status == grpc.StatusCode.NOT_FOUND:
            return None
        raise
    return reply.routing


@router.patch(
    "/{id}",
    response_model=TenantNumber,
    dependencies=[Idempotent],
    summary="Change allow_inbound / allow_outbound, or disable / re-enable the number",
    responses={400: {"description": "validation_failed, status_not_settable"}},
)
async def update_number(
    request: Request, principal: Authenticated, id: NumberId, settings: NumberSettings
) -> TenantNumber:
    if settings.allow_inbound is None and settings.allow_outbound is None and not settings.status:
        raise validation_failed(
            "body", "must contain allow_inbound, allow_outbound (booleans) or status"
        )
    if settings.status is not None and settings.status not in SETTABLE_STATUSES:
        message = 'must be "active" or "disabled" (suspended and released cannot be set)'
        raise ApiProblem(
            400, "status_not_settable", f"status: {message}", errors=[FieldError("status", message)]
        )
    upstreams: Upstreams = request.app.state.upstreams
    update = inventory_pb2.UpdateTenantNumberRequest(
        workspace_id=str(principal.workspace_id), tenant_number_id=id
    )
    if settings.allow_inbound is not None:
        update.allow_inbound = settings.allow_inbound
    if settings.allow_outbound is not None:
        update.allow_outbound = settings.allow_outbound
    if settings.status is not None:
        update.disabled = settings.status == "disabled"
    reply = await upstreams.call(upstreams.inventory.UpdateTenantNumber, update)
    return tenant_number_view(reply.tenant_number)


@router.delete(
    "/{id}",
    response_model=TenantNumber,
    dependencies=[Idempotent],
    summary="Release a number: billing stops now and the number returns to the pool",
)
async def release_number(request: Request, principal: Authenticated, id: NumberId) -> TenantNumber:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.inventory.ReleaseNumber,
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=str(principal.workspace_id), tenant_number_id=id
        ),
    )
    return tenant_number_view(reply.tenant_number)
