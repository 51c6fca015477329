"""gRPC edge of the credentials context."""

from __future__ import annotations

import grpc

from platform_common.ids import require_uuid
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from services.credentials import usecases

_STATUS = {
    "active": credentials_pb2.CREDENTIAL_STATUS_ACTIVE,
    "revoked": credentials_pb2.CREDENTIAL_STATUS_REVOKED,
}


class CredentialsServicer(credentials_pb2_grpc.CredentialsServiceServicer):
    def __init__(self, new_uow: UnitOfWorkFactory) -> None:
        self.new_uow = new_uow

    async def ListCredentials(
        self, request: credentials_pb2.ListCredentialsRequest, context: grpc.aio.ServicerContext
    ) -> credentials_pb2.ListCredentialsResponse:
        rows = await usecases.list_credentials(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
        )
        return credentials_pb2.ListCredentialsResponse(
            credentials=[
                credentials_pb2.Credential(
                    id=str(row.id),
                    tenant_number_id=str(row.tenant_number_id),
                    workspace_id=str(row.workspace_id),
                    username=row.username,
                    label=row.label,
                    status=_STATUS[row.status],
                    created_at=to_timestamp(row.created_at),
                )
                for row in rows
            ]
        )
