"""gRPC edge of the credentials context: proto in, one use-case call, proto out.

Nothing here logs a request: two of its messages carry passwords.
"""

from __future__ import annotations

import uuid

import grpc
from google.protobuf.duration_pb2 import Duration
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.ids import parse_uuid, require_uuid
from platform_common.inventory_numbers import InventoryPort
from platform_common.passwords import PasswordHashing
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from services.credentials import usecases
from services.credentials.errors import CredentialNotFound
from services.credentials.number_view import ensure_number_is_the_workspaces
from services.credentials.repository import CredentialRow
from services.credentials.settings import CredentialsSettings
from services.credentials.verification import verify_credential

_STATUS = {
    "active": credentials_pb2.CREDENTIAL_STATUS_ACTIVE,
    "revoked": credentials_pb2.CREDENTIAL_STATUS_REVOKED,
}


def credential_message(row: CredentialRow) -> credentials_pb2.Credential:
    return credentials_pb2.Credential(
        id=str(row.id),
        tenant_number_id=str(row.tenant_number_id),
        workspace_id=str(row.workspace_id),
        username=row.username,
        label=row.label,
        status=_STATUS[row.status],
        created_at=to_timestamp(row.created_at),
        rotated_at=to_timestamp(row.rotated_at),
        revoked_at=to_timestamp(row.revoked_at),
        previous_password_valid_until=to_timestamp(row.previous_password_valid_until),
        e164=row.e164,
    )


def _credential_id(value: str) -> uuid.UUID:
    # A malformed id cannot name any credential: the same answer as an unknown one.
    parsed = parse_uuid(value)
    if parsed is None:
        raise CredentialNotFound("no such credential on this number")
    return parsed


def _owned(
    request: credentials_pb2.GetCredentialRequest
    | credentials_pb2.RotateCredentialRequest
    | credentials_pb2.RevokeCredentialRequest,
) -> dict[str, uuid.UUID]:
    return {
        "workspace_id": require_uuid(request.workspace_id, "workspace_id"),
        "tenant_number_id": require_uuid(request.tenant_number_id, "tenant_number_id"),
        "credential_id": _credential_id(request.credential_id),
    }


class CredentialsServicer(credentials_pb2_grpc.CredentialsServiceServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        *,
        autocommit: AsyncEngine,
        hashing: PasswordHashing,
        inventory: InventoryPort,
        settings: CredentialsSettings,
    ) -> None:
        self.new_uow = new_uow
        self.autocommit = autocommit
        self.hashing = hashing
        self.inventory = inventory
        self.settings = settings

    async def CreateCredential(
        self, request: credentials_pb2.CreateCredentialRequest, context: grpc.aio.ServicerContext
    ) -> credentials_pb2.CreateCredentialResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        tenant_number_id = require_uuid(request.tenant_number_id, "tenant_number_id")
        await ensure_number_is_the_workspaces(
            new_uow=self.new_uow,
            inventory=self.inventory,
            workspace_id=workspace_id,
            tenant_number_id=tenant_number_id,
        )
        issued = await usecases.create_credential(
            uow=self.new_uow(),
            hashing=self.hashing,
            max_active_per_number=self.settings.max_active_per_number,
            workspace_id=workspace_id,
            tenant_number_id=tenant_number_id,
            e164=request.e164,
            label=request.label,
        )
        return credentials_pb2.CreateCredentialResponse(
            credential=credential_message(issued.credential), password=issued.password
        )

    async def ListCredentials(
        self, request: credentials_pb2.ListCredentialsRequest, context: grpc.aio.ServicerContext
    ) -> credentials_pb2.ListCredentialsResponse:
        rows = await usecases.list_credentials(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
        )
        return credentials_pb2.ListCredentialsResponse(
            credentials=[credential_message(row) for row in rows]
        )

    async def GetCredential(
        self, request: credentials_pb2.GetCredentialRequest, context: grpc.aio.ServicerContext
    ) -> credentials_pb2.GetCredentialResponse:
        row = await usecases.get_credential(uow=self.new_uow(), **_owned(request))
        return credentials_pb2.GetCredentialResponse(credential=credential_message(row))

    async def RotateCredential(
        self, request: credentials_pb2.RotateCredentialRequest, context: grpc.aio.ServicerContext
    ) -> credentials_pb2.RotateCredentialResponse:
        issued = await usecases.rotate_credential(
            uow=self.new_uow(),
            hashing=self.hashing,
            grace_seconds=request.grace_seconds,
            **_owned(request),
        )
        return credentials_pb2.RotateCredentialResponse(
            credential=credential_message(issued.credential), password=issued.password
        )

    async def RevokeCredential(
        self, request: credentials_pb2.RevokeCredentialRequest, context: grpc.aio.ServicerContext
    ) -> credentials_pb2.RevokeCredentialResponse:
        row = await usecases.revoke_credential(uow=self.new_uow(), **_owned(request))
        return credentials_pb2.RevokeCredentialResponse(credential=credential_message(row))

    async def VerifyCredential(
        self, request: credentials_pb2.VerifyCredentialRequest, context: grpc.aio.ServicerContext
    ) -> credentials_pb2.VerifyCredentialResponse:
        verdict = await verify_credential(
            db=self.autocommit,
            hashing=self.hashing,
            inventory=self.inventory,
            throttle=self.settings.throttle,
            username=request.username,
            password=request.password,
        )
        reply = credentials_pb2.VerifyCredentialResponse(valid=verdict.valid)
        if verdict.valid and verdict.number is not None:
            reply.credential_id = str(verdict.credential_id)
            reply.tenant_number_id = str(verdict.number.tenant_number_id)
            reply.workspace_id = str(verdict.number.workspace_id)
            reply.e164 = verdict.number.e164
            reply.allow_inbound = verdict.number.allow_inbound
            reply.allow_outbound = verdict.number.allow_outbound
        if verdict.reason is not None:
            reply.reason = verdict.reason
        if verdict.retry_after is not None:
            retry_after = Duration()
            retry_after.FromTimedelta(verdict.retry_after)
            reply.retry_after.CopyFrom(retry_after)
        return reply
