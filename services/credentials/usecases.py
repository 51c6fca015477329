"""Credential lifecycle use cases: issue, read, rotate, revoke, tidy up. One function each,
dependencies passed explicitly. Passwords exist only in memory here: hashed at once, returned
to the caller once, never logged, stored or put in an event."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.events import OutgoingEvent
from platform_common.ids import new_id
from platform_common.passwords import PasswordHashing
from platform_common.timestamps import to_timestamp, utc_now
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.credentials import numbers_repository, repository
from services.credentials.domain import (
    CredentialAction,
    NumberStatus,
    ThrottlePolicy,
    ensure_credential_allows,
    new_password,
    new_username,
    validate_grace_seconds,
    validate_label,
)
from services.credentials.errors import (
    CredentialLimitReached,
    CredentialNotFound,
    CredentialRevoked,
    NumberNotFound,
    NumberReleased,
)
from services.credentials.repository import CredentialRow

log = logging.getLogger(__name__)

_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


@dataclass(frozen=True)
class IssuedCredential:
    """A credential with the password it was just given; the password is never seen again."""

    credential: CredentialRow
    password: str

    def __repr__(self) -> str:  # keeps the password out of tracebacks and debug logs
        return f"IssuedCredential(credential={self.credential!r}, password=<hidden>)"


def credential_event(change: str, row: CredentialRow) -> OutgoingEvent:
    """sautikit.credentials.created / rotated / revoked; metadata only, never a secret."""
    return OutgoingEvent.of(
        f"sautikit.credentials.{change}",
        f"sip-credentials/{row.id}",
        events_pb2.CredentialChanged(
            credential_id=str(row.id),
            tenant_number_id=str(row.tenant_number_id),
            workspace_id=str(row.workspace_id),
            username=row.username,
            status=row.status,
            changed_at=to_timestamp(utc_now()),
        ),
    )


async def create_credential(
    *,
    uow: UnitOfWork,
    hashing: PasswordHashing,
    max_active_per_number: int,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    e164: str,
    label: str,
) -> IssuedCredential:
    """Issues a credential for a number the workspace holds (number_view.
    ensure_number_is_the_workspaces checked it; re-checked here under the number's lock)."""
    label = validate_label(label)
    if not _E164.match(e164):
        raise InvalidArgument(
            "e164 must be an E.164 number", violations=[FieldViolation("e164", "must be E.164")]
        )
    password = new_password()
    # Hashed before the transaction: no connection is held for the ~30 ms it takes.
    password_hash = await hashing.hash(password)
    async with uow:
        # Serialised with the number's release (which revokes all its credentials), so no
        # credential can slip in beside a release.
        await numbers_repository.lock_number(uow.conn, tenant_number_id)
        number = await numbers_repository.find_number(uow.conn, tenant_number_id)
        if number is None or number.workspace_id != workspace_id:
            raise NumberNotFound("no such number in this workspace")
        if number is not None and number.status == NumberStatus.RELEASED:
            raise NumberReleased("this number was released; it cannot get new credentials")
        if await repository.count_active(uow.conn, tenant_number_id) >= max_active_per_number:
            raise CredentialLimitReached(
                f"this number already has {max_active_per_number} active credentials; "
                "revoke one first"
            )
        row = await repository.insert_credential(
            uow.conn,
            credential_id=new_id(),
            tenant_number_id=tenant_number_id,
            workspace_id=workspace_id,
            e164=e164,
            username=new_username(),
            label=label,
            password_hash=password_hash,
        )
        uow.emit(credential_event("created", row))
        await uow.commit()
    log.info("sip credential created", extra={"credential_id": str(row.id)})
    return IssuedCredential(row, password)


async def list_credentials(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
) -> list[CredentialRow]:
    """Credential metadata of one number, oldest first; never a secret."""
    async with uow:
        return await repository.list_credentials(
            uow.conn, workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )


async def get_credential(
    *,
    uow: UnitOfWork,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    credential_id: uuid.UUID,
) -> CredentialRow:
    async with uow:
        row = await repository.find_credential(
            uow.conn,
            workspace_id=workspace_id,
            tenant_number_id=tenant_number_id,
            credential_id=credential_id,
        )
    if row is None:
        raise CredentialNotFound("no such credential on this number")
    return row


async def rotate_credential(
    *,
    uow: UnitOfWork,
    hashing: PasswordHashing,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    credential_id: uuid.UUID,
    grace_seconds: int,
) -> IssuedCredential:
    """A new password for an active credential; the old one verifies for grace_seconds more."""
    validate_grace_seconds(grace_seconds)
    owned = {
        "workspace_id": workspace_id,
        "tenant_number_id": tenant_number_id,
        "credential_id": credential_id,
    }
    # Refuse early what cannot succeed, before spending a hash on it.
    current = await get_credential(uow=uow, **owned)
    ensure_credential_allows(current.status, CredentialAction.ROTATE)
    password = new_password()
    password_hash = await hashing.hash(password)
    async with uow:
        row = await repository.replace_password_hash(
            uow.conn, password_hash=password_hash, grace_seconds=grace_seconds, **owned
        )
        if row is None:
            # Revoked meanwhile: the conditional update, not the early read, has the last word.
            raise CredentialRevoked("this credential was revoked; it cannot rotate")
        uow.emit(credential_event("rotated", row))
        await uow.commit()
    log.info(
        "sip credential rotated",
        extra={"credential_id": str(row.id), "grace_seconds": grace_seconds},
    )
    return IssuedCredential(row, password)


async def revoke_credential(
    *,
    uow: UnitOfWork,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    credential_id: uuid.UUID,
) -> CredentialRow:
    """Permanent. Revoking a revoked credential answers it again (DELETE is idempotent)."""
    owned = {
        "workspace_id": workspace_id,
        "tenant_number_id": tenant_number_id,
        "credential_id": credential_id,
    }
    async with uow:
        row = await repository.revoke_credential(uow.conn, **owned)
        if row is None:
            existing = await repository.find_credential(uow.conn, **owned)
            if existing is None:
                raise CredentialNotFound("no such credential on this number")
            return existing
        uow.emit(credential_event("revoked", row))
        await uow.commit()
    log.info("sip credential revoked", extra={"credential_id": str(row.id)})
    return row


async def revoke_all_for_number(*, uow: UnitOfWork, tenant_number_id: uuid.UUID) -> int:
    """Inside the caller's transaction: every active credential of the number, revoked."""
    revoked = await repository.revoke_all_for_number(uow.conn, tenant_number_id)
    for row in revoked:
        uow.emit(credential_event("revoked", row))
    if revoked:
        log.info(
            "sip credentials revoked with their number",
            extra={"tenant_number_id": str(tenant_number_id), "revoked": len(revoked)},
        )
    return len(revoked)


async def tidy_up(*, uow: UnitOfWork, throttle: ThrottlePolicy) -> tuple[int, int]:
    """Drops hashes whose grace window closed and failure counts nobody needs any more.
    Safe on every replica at once (plain conditional statements)."""
    async with uow:
        dropped = await repository.drop_expired_previous_hashes(uow.conn)
        forgotten = await repository.forget_old_failures(uow.conn, throttle)
        await uow.commit()
    return dropped, forgotten
