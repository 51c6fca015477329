"""gRPC edge of the inventory context: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.inventory import usecases
from services.inventory.domain import Capability, NumberState, NumberType, RawNumberSpec

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


class InventoryServicer(inventory_pb2_grpc.InventoryServiceServicer):
    def __init__(self, new_uow: UnitOfWorkFactory) -> None:
        self.new_uow = new_uow

    async def ImportNumbers(
        self, request: inventory_pb2.ImportNumbersRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.ImportNumbersResponse:
        result = await usecases.import_numbers(
            uow=self.new_uow(), numbers=[_raw_spec(n) for n in request.numbers]
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
