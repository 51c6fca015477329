"""gRPC edge of trials: the operator's ProvisionTrial. Mixed into the InventoryServicer (one
gRPC service per context); proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc

from platform_common.ids import require_uuid
from platform_common.timestamps import optional_time
from platform_common.uow import UnitOfWorkFactory
from sautikit.inventory.v1 import inventory_pb2
from services.inventory.domain import canonical_e164
from services.inventory.holdings_repository import TenantNumberRow
from services.inventory.renewals.domain import Clock
from services.inventory.trials.domain import TrialSettings
from services.inventory.trials.usecases import provision_trial


class TrialRpcs:
    """The trial RPCs of InventoryService."""

    new_uow: UnitOfWorkFactory
    clock: Clock
    trial_settings: TrialSettings

    def tenant_number_message(self, row: TenantNumberRow) -> inventory_pb2.TenantNumber:
        raise NotImplementedError  # the InventoryServicer's

    async def ProvisionTrial(
        self, request: inventory_pb2.ProvisionTrialRequest, context: grpc.aio.ServicerContext
    ) -> inventory_pb2.ProvisionTrialResponse:
        row = await provision_trial(
            uow=self.new_uow(),
            clock=self.clock,
            settings=self.trial_settings,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            e164=canonical_e164(request.e164, "e164"),
            trial_until=optional_time(request, "trial_until"),
            livemode=request.livemode if request.HasField("livemode") else True,
        )
        return inventory_pb2.ProvisionTrialResponse(tenant_number=self.tenant_number_message(row))
