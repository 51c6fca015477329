"""gRPC edge of renewals: the operator's RunRenewals. Mixed into the InventoryServicer (one
gRPC service per context); proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import parse_uuid
from platform_common.uow import UnitOfWorkFactory
from sautikit.inventory.v1 import inventory_pb2
from services.inventory.renewals.domain import Clock, Outcome, Period, RenewalItem
from services.inventory.renewals.usecases import run_renewals_page
from services.inventory.wallet_client import RenewalWalletPort

DEFAULT_PAGE = 500
MAX_PAGE = 5000

_OUTCOMES = {
    Outcome.CHARGED: inventory_pb2.RENEWAL_OUTCOME_CHARGED,
    Outcome.SUSPENDED: inventory_pb2.RENEWAL_OUTCOME_SUSPENDED,
    Outcome.UNPAID: inventory_pb2.RENEWAL_OUTCOME_UNPAID,
    Outcome.SKIPPED: inventory_pb2.RENEWAL_OUTCOME_SKIPPED,
}


def _item_message(item: RenewalItem) -> inventory_pb2.RenewalItem:
    return inventory_pb2.RenewalItem(
        tenant_number_id=str(item.tenant_number_id),
        workspace_id=str(item.workspace_id),
        e164=item.e164,
        period=str(item.period),
        outcome=_OUTCOMES[item.outcome],
        amount_minor=item.amount_minor,
        currency=item.currency,
        reason=item.reason,
    )


class RenewalRpcs:
    """The renewal RPCs of InventoryService."""

    new_uow: UnitOfWorkFactory
    renewal_wallet: RenewalWalletPort
    clock: Clock

    async def RunRenewals(
        self, request: inventory_pb2.RunRenewalsRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.RunRenewalsResponse:
        period = Period.parse(request.period)
        limit = request.limit or DEFAULT_PAGE
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidArgument(
                f"limit must be between 1 and {MAX_PAGE}",
                violations=[FieldViolation("limit", f"must be between 1 and {MAX_PAGE}")],
            )
        after = None
        if request.after_tenant_number_id:
            after = parse_uuid(request.after_tenant_number_id)
            if after is None:
                raise InvalidArgument(
                    "after_tenant_number_id must be a tenant number id",
                    violations=[FieldViolation("after_tenant_number_id", "must be a UUID")],
                )
        batch, remaining = await run_renewals_page(
            uow=self.new_uow(),
            wallet=self.renewal_wallet,
            clock=self.clock,
            period=period,
            after=after,
            limit=limit,
        )
        return inventory_pb2.RunRenewalsResponse(
            period=str(period),
            items=[_item_message(item) for item in batch.items],
            next_after_tenant_number_id=str(batch.next_after) if batch.next_after else "",
            due_remaining=remaining,
        )
