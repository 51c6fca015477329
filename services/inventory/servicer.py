"""gRPC edge of the inventory context: proto in, one use-case call, proto out."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import parse_uuid, require_uuid
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.inventory import usecases
from services.inventory.claims import ClaimSettings, claim_id_for_key
from services.inventory.domain import (
    Capability,
    NumberState,
    NumberType,
    RawNumberSpec,
    TenantNumberStatus,
)
from services.inventory.errors import NumberNotFound
from services.inventory.holdings_repository import TenantNumberRow
from services.inventory.orders.gate import ensure_instantly_claimable
from services.inventory.orders.requirements_store import RequirementsStore
from services.inventory.renewals.domain import Clock
from services.inventory.renewals.servicer import RenewalRpcs
from services.inventory.search import build_filters
from services.inventory.trials.domain import TrialSettings
from services.inventory.trials.servicer import TrialRpcs
from services.inventory.trials.usecases import claim_or_convert
from services.inventory.wallet_client import RenewalWalletPort, WalletPort

_NUMBER_TYPES: dict[int, str] = {
    inventory_pb2.NUMBER_TYPE_MOBILE: NumberType.MOBILE.value,
    inventory_pb2.NUMBER_TYPE_FIXED_LINE: NumberType.FIXED_LINE.value,
    inventory_pb2.NUMBER_TYPE_TOLL_FREE: NumberType.TOLL_FREE.value,
}
_CAPABILITIES: dict[int, str] = {
    inventory_pb2.CAPABILITY_VOICE: Capability.VOICE.value,
    inventory_pb2.CAPABILITY_SMS: Capability.SMS.value,
}
_STATES = {
    NumberState.AVAILABLE: inventory_pb2.NUMBER_STATE_AVAILABLE,
    NumberState.RESERVED: inventory_pb2.NUMBER_STATE_RESERVED,
    NumberState.ASSIGNED: inventory_pb2.NUMBER_STATE_ASSIGNED,
    NumberState.RELEASED: inventory_pb2.NUMBER_STATE_RELEASED,
}


def _enum_text(mapping: dict[int, str], enum: EnumTypeWrapper, value: int) -> str:
    # UNSPECIFIED becomes "" (reported as required); other values the domain does not know
    # keep a recognisable name so the violation can say what was sent.
    if value == 0:
        return ""
    if value in mapping:
        return mapping[value]
    return enum.Name(value) if value in enum.values() else f"unknown({value})"


def _raw_spec(number: inventory_pb2.NumberSpec) -> RawNumberSpec:
    return RawNumberSpec(
        e164=number.e164,
        number_type=_enum_text(_NUMBER_TYPES, inventory_pb2.NumberType, number.number_type),
        capabilities=[
            _enum_text(_CAPABILITIES, inventory_pb2.Capability, c) or "CAPABILITY_UNSPECIFIED"
            for c in number.capabilities
        ],
        monthly_price_minor=number.monthly_price_minor,
        inbound_per_min_minor=number.inbound_per_min_minor,
        outbound_per_min_minor=number.outbound_per_min_minor,
        currency=number.currency,
    )


_TENANT_STATUSES = {
    TenantNumberStatus.ACTIVE.value: inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE,
    TenantNumberStatus.SUSPENDED.value: inventory_pb2.TENANT_NUMBER_STATUS_SUSPENDED,
    TenantNumberStatus.RELEASED.value: inventory_pb2.TENANT_NUMBER_STATUS_RELEASED,
}
_TENANT_STATUS_FILTERS = {v: TenantNumberStatus(k) for k, v in _TENANT_STATUSES.items()}
_NUMBER_TYPE_VALUES: dict[str, Any] = {text: value for value, text in _NUMBER_TYPES.items()}
_CAPABILITY_VALUES: dict[str, Any] = {text: value for value, text in _CAPABILITIES.items()}


def _filter_enum(mapping: dict[int, str], value: int, field: str) -> str | None:
    if value == 0:
        return None
    if value not in mapping:
        raise InvalidArgument(
            f"{field} is not a known value",
            violations=[FieldViolation(field, "must be one of the documented values")],
        )
    return mapping[value]


def tenant_number_message(row: TenantNumberRow) -> inventory_pb2.TenantNumber:
    return inventory_pb2.TenantNumber(
        id=str(row.id),
        number_id=str(row.number_id),
        workspace_id=str(row.workspace_id),
        e164=row.e164,
        country=row.country,
        number_type=_NUMBER_TYPE_VALUES.get(row.number_type, 0),
        capabilities=[_CAPABILITY_VALUES[c] for c in row.capabilities if c in _CAPABILITY_VALUES],
        status=_TENANT_STATUSES[row.status],
        monthly_price_minor=row.monthly_price_minor,
        currency=row.currency,
        allow_inbound=row.allow_inbound,
        allow_outbound=row.allow_outbound,
        inbound_per_min_minor=row.inbound_per_min_minor,
        outbound_per_min_minor=row.outbound_per_min_minor,
        disabled=row.disabled,
        claimed_at=to_timestamp(row.claimed_at),
        next_renewal_at=to_timestamp(row.next_renewal_at),
        released_at=to_timestamp(row.released_at),
        suspended_at=to_timestamp(row.suspended_at),
        suspended_reason=row.suspended_reason or "",
        trial_until=to_timestamp(row.trial_until),
        livemode=row.livemode,
    )


def _livemode(
    request: inventory_pb2.SearchAvailableNumbersRequest | inventory_pb2.ClaimNumberRequest,
) -> bool:
    """The caller's mode; a caller that does not say (internal tools) acts on the live pool."""
    return request.livemode if request.HasField("livemode") else True


class InventoryServicer(RenewalRpcs, TrialRpcs, inventory_pb2_grpc.InventoryServiceServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        *,
        wallet: WalletPort,
        claim_settings: ClaimSettings,
        renewal_wallet: RenewalWalletPort,
        clock: Clock,
        trial_settings: TrialSettings | None = None,
        requirements: RequirementsStore | None = None,
    ) -> None:
        self.requirements = requirements
        self.new_uow = new_uow
        self.wallet = wallet
        self.claim_settings = claim_settings
        self.renewal_wallet = renewal_wallet
        self.clock = clock
        self.trial_settings = trial_settings or TrialSettings()

    def tenant_number_message(self, row: TenantNumberRow) -> inventory_pb2.TenantNumber:
        return tenant_number_message(row)

    async def ImportNumbers(
        self, request: inventory_pb2.ImportNumbersRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.ImportNumbersResponse:
        result = await usecases.import_numbers(
            uow=self.new_uow(),
            numbers=[_raw_spec(n) for n in request.numbers],
            ids=[n.id for n in request.numbers],
        )
        return inventory_pb2.ImportNumbersResponse(
            created=result.created, unchanged=result.unchanged
        )

    async def GetInventoryStats(
        self, request: inventory_pb2.GetInventoryStatsRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.GetInventoryStatsResponse:
        stats = await usecases.get_inventory_stats(uow=self.new_uow())
        return inventory_pb2.GetInventoryStatsResponse(
            counts=[
                inventory_pb2.StateCount(state=_STATES[state], count=count)
                for state, count in stats.counts.items()
            ],
            as_of=to_timestamp(stats.as_of),
        )

    async def SearchAvailableNumbers(
        self,
        request: inventory_pb2.SearchAvailableNumbersRequest,
        context: grpc.aio.ServicerContext,
    ) -> inventory_pb2.SearchAvailableNumbersResponse:
        number_type = _filter_enum(_NUMBER_TYPES, request.number_type, "number_type")
        capability = _filter_enum(_CAPABILITIES, request.capability, "capability")
        filters = build_filters(
            country=request.country,
            currency=request.currency,
            number_type=NumberType(number_type) if number_type else None,
            capability=Capability(capability) if capability else None,
            starts_with=request.starts_with,
            contains=request.contains,
            ends_with=request.ends_with,
            limit=request.limit,
            cursor=request.cursor,
            livemode=_livemode(request),
        )
        page = await usecases.search_available_numbers(
            uow=self.new_uow().one_statement(), filters=filters
        )
        catalogue = await self.requirements.current() if self.requirements else None
        return inventory_pb2.SearchAvailableNumbersResponse(
            numbers=[
                inventory_pb2.AvailableNumber(
                    id=str(row.id),
                    e164=row.e164,
                    country=row.country,
                    number_type=_NUMBER_TYPE_VALUES[row.number_type],
                    capabilities=[_CAPABILITY_VALUES[c] for c in row.capabilities],
                    monthly_price_minor=row.monthly_price_minor,
                    inbound_per_min_minor=row.inbound_per_min_minor,
                    outbound_per_min_minor=row.outbound_per_min_minor,
                    currency=row.currency,
                    requires_registration=bool(
                        catalogue and catalogue.order_required(row.country, row.number_type)
                    ),
                    livemode=row.livemode,
                )
                for row in page.numbers
            ],
            next_cursor=page.next_cursor or "",
        )

    async def ClaimNumber(
        self, request: inventory_pb2.ClaimNumberRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.ClaimNumberResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        number_id = _number_ref(request.number_id)
        key = request.idempotency_key
        if len(key) > 255:
            raise InvalidArgument(
                "idempotency_key is too long",
                violations=[FieldViolation("idempotency_key", "must be at most 255 characters")],
            )
        if self.requirements is not None:
            await ensure_instantly_claimable(
                new_uow=self.new_uow,
                requirements=self.requirements,
                number_id=number_id,
                livemode=_livemode(request),
            )
        # An available number goes through the claim saga (a retried Idempotency-Key resolves
        # to the same claim); the workspace's own trial number is converted to a paid one.
        result = await claim_or_convert(
            new_uow=self.new_uow,
            wallet=self.wallet,
            settings=self.claim_settings,
            clock=self.clock,
            workspace_id=workspace_id,
            number_id=number_id,
            claim_id=claim_id_for_key(workspace_id=workspace_id, number_id=number_id, key=key)
            if key
            else None,
            livemode=_livemode(request),
        )
        return inventory_pb2.ClaimNumberResponse(
            tenant_number=tenant_number_message(result.tenant_number),
            ledger_entry_id=str(result.ledger_entry_id or ""),
        )

    async def GetTenantNumber(
        self, request: inventory_pb2.GetTenantNumberRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.GetTenantNumberResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        if request.e164:
            row = await usecases.get_tenant_number_by_e164(
                uow=self.new_uow(), workspace_id=workspace_id, e164=request.e164
            )
        else:
            row = await usecases.get_tenant_number(
                uow=self.new_uow(),
                workspace_id=workspace_id,
                ref=_number_ref(request.tenant_number_id),
            )
        return inventory_pb2.GetTenantNumberResponse(tenant_number=tenant_number_message(row))

    async def ListTenantNumbers(
        self, request: inventory_pb2.ListTenantNumbersRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.ListTenantNumbersResponse:
        if request.status and request.status not in _TENANT_STATUS_FILTERS:
            raise InvalidArgument(
                "status is not a known value",
                violations=[FieldViolation("status", "must be one of the documented values")],
            )
        page = await usecases.list_tenant_numbers(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            status=_TENANT_STATUS_FILTERS.get(request.status),
            trials_only=request.trials_only,
            disabled=request.disabled if request.HasField("disabled") else None,
            limit=request.limit,
            cursor=request.cursor,
        )
        return inventory_pb2.ListTenantNumbersResponse(
            tenant_numbers=[tenant_number_message(row) for row in page.numbers],
            next_cursor=page.next_cursor or "",
        )

    async def UpdateTenantNumber(
        self, request: inventory_pb2.UpdateTenantNumberRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.UpdateTenantNumberResponse:
        row = await usecases.update_tenant_number(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            ref=_number_ref(request.tenant_number_id),
            allow_inbound=request.allow_inbound if request.HasField("allow_inbound") else None,
            allow_outbound=request.allow_outbound if request.HasField("allow_outbound") else None,
            disabled=request.disabled if request.HasField("disabled") else None,
        )
        return inventory_pb2.UpdateTenantNumberResponse(tenant_number=tenant_number_message(row))

    async def ReleaseNumber(
        self, request: inventory_pb2.ReleaseNumberRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.ReleaseNumberResponse:
        row = await usecases.release_number(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            ref=_number_ref(request.tenant_number_id),
        )
        return inventory_pb2.ReleaseNumberResponse(tenant_number=tenant_number_message(row))

    async def SuspendNumber(
        self, request: inventory_pb2.SuspendNumberRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.SuspendNumberResponse:
        if len(request.reason) > 500:
            raise InvalidArgument(
                "reason is too long",
                violations=[FieldViolation("reason", "must be at most 500 characters")],
            )
        row = await usecases.suspend_number(
            uow=self.new_uow(),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
            reason=request.reason,
        )
        return inventory_pb2.SuspendNumberResponse(tenant_number=tenant_number_message(row))

    async def ResumeNumber(
        self, request: inventory_pb2.ResumeNumberRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.ResumeNumberResponse:
        row = await usecases.resume_number(
            uow=self.new_uow(),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
        )
        return inventory_pb2.ResumeNumberResponse(tenant_number=tenant_number_message(row))


def _number_ref(value: str) -> uuid.UUID:
    """A number id from a request; a malformed one cannot name anything, so it is not found
    (the public API answers 404 for any id it does not know)."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise NumberNotFound("no such number")
    return parsed
