"""Credentials use cases."""

from __future__ import annotations

import uuid

from platform_common.uow import UnitOfWork
from services.credentials import repository
from services.credentials.repository import CredentialRow


async def list_credentials(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
) -> list[CredentialRow]:
    """Credential metadata of one number; never a secret."""
    async with uow:
        return await repository.list_credentials(
            uow.conn, workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )
