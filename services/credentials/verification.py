"""VerifyCredential for the SIP edge: is this the password of an active credential on an
active number that takes calls?

Every step is a single statement, run outside any explicit transaction (`db` is an
autocommit engine): each statement is atomic by itself, verification emits no event, and the
BEGIN/ROLLBACK round trips would cost more than the lookup. A connection is never held while
hashing. Order of work:
1. one query takes the attempt (counted as a failure up front, unless the username is
   blocked) and reads the credential and the number's view. The database decides the attempt
   before any hash is computed, so concurrent guesses buy no extra hashing;
2. a blocked username is refused at once (no hash computed);
3. the password is checked in the hashing pool: against the current hash, then against the
   previous one while its grace window is open; an unknown or revoked username is checked
   against a decoy hash so that it takes as long as a wrong password;
4. a failure was already counted (the database blocks the username past the free failures);
   a success clears the count and upgrades a hash made with other parameters;
5. a number this context has never heard of is read from inventory first.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.inventory_numbers import InventoryPort, InventoryUnreachable
from platform_common.passwords import PasswordHashing
from platform_common.timestamps import utc_now
from services.credentials import numbers_repository
from services.credentials import verification_repository as queries
from services.credentials.domain import (
    CredentialStatus,
    NumberView,
    ThrottlePolicy,
    could_be_credential,
)
from services.credentials.errors import NumberStateUnavailable
from services.credentials.number_view import view_of
from services.credentials.verification_repository import VerificationLookup

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    valid: bool
    credential_id: uuid.UUID | None = None
    number: NumberView | None = None
    retry_after: timedelta | None = None  # set when refused because the username is blocked
    # Set when the password was right but the number may not register now (number_disabled...).
    reason: str | None = None


REFUSED = Verdict(valid=False)


async def verify_credential(
    *,
    db: AsyncEngine,
    hashing: PasswordHashing,
    inventory: InventoryPort,
    throttle: ThrottlePolicy,
    username: str,
    password: str,
) -> Verdict:
    """The SIP edge's question; see the module docstring for the steps."""
    if not could_be_credential(username, password):
        return REFUSED
    async with db.connect() as conn:
        found = await queries.find_for_verification(conn, username, throttle)
    if found.attempt_failures is None:
        # Blocked. The snapshot may predate the block a concurrent attempt just set; then the
        # shortest delay is a fair hint.
        retry_after = found.retry_after or timedelta(seconds=throttle.base_delay_seconds)
        return Verdict(valid=False, retry_after=retry_after)

    matched_current = False
    matched = False
    if found.password_hash is None:
        await hashing.verify_decoy(password)
    else:
        matched_current = await hashing.verify(found.password_hash, password)
        matched = matched_current or (
            found.previous_hash is not None and await hashing.verify(found.previous_hash, password)
        )
    if not matched:
        if found.attempt_failures > throttle.free_failures:
            log.warning("sip username throttled", extra={"failures": found.attempt_failures})
        return REFUSED

    upgraded_hash = None
    if matched_current and found.password_hash and hashing.needs_rehash(found.password_hash):
        upgraded_hash = await hashing.hash(password)
    async with db.connect() as conn:
        await queries.clear_failures(conn, username)
        if upgraded_hash is not None and found.password_hash and found.credential_id:
            await queries.upgrade_hash(
                conn,
                credential_id=found.credential_id,
                old_hash=found.password_hash,
                new_hash=upgraded_hash,
            )

    number = found.number or await _number_from_inventory(db, inventory, found)
    if found.status != CredentialStatus.ACTIVE or number is None:
        return REFUSED
    if number.refusal is not None:
        return Verdict(valid=False, reason=number.refusal)
    return Verdict(valid=True, credential_id=found.credential_id, number=number)


async def _number_from_inventory(
    db: AsyncEngine, inventory: InventoryPort, found: VerificationLookup
) -> NumberView | None:
    """The number's state when no event has told us about it yet (e.g. a credential created
    right after the claim, before numbers.claimed was consumed)."""
    assert found.workspace_id is not None and found.tenant_number_id is not None
    try:
        state = await inventory.get_tenant_number(
            workspace_id=found.workspace_id, tenant_number_id=found.tenant_number_id
        )
    except InventoryUnreachable as exc:
        raise NumberStateUnavailable(
            "the number's state is not known yet and inventory did not answer; retry"
        ) from exc
    if state is None:
        return None
    view = view_of(state, as_of=utc_now())
    async with db.connect() as conn:
        # Events may have arrived meanwhile; theirs is as good as ours, so keep whichever was
        # first.
        await numbers_repository.insert_number_if_absent(conn, view)
    return view
