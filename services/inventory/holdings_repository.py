"""Queries of the claim saga and of tenant numbers (a workspace's holdings). Every state change
is one conditional UPDATE: the database decides races, never Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    CompoundSelect,
    DateTime,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    union,
    update,
)
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory.domain import CALLING_CODE_PREFIX, NumberState, TenantNumberStatus
from services.inventory.repository import NATIONAL_PART, numbers, tenant_numbers
from services.inventory.search import SearchFilters

n = numbers.c
t = tenant_numbers.c


@dataclass(frozen=True)
class AvailableNumberRow:
    id: uuid.UUID
    e164: str
    country: str
    number_type: str
    capabilities: list[str]
    monthly_price_minor: int
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    currency: str
    livemode: bool


@dataclass(frozen=True)
class Reservation:
    number_id: uuid.UUID
    claim_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    monthly_price_minor: int
    currency: str
    reserved_until: datetime


@dataclass(frozen=True)
class TenantNumberRow:
    id: uuid.UUID
    number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    country: str
    number_type: str
    capabilities: list[str]
    status: str
    monthly_price_minor: int
    currency: str
    allow_inbound: bool
    allow_outbound: bool
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    claimed_at: datetime
    next_renewal_at: datetime | None
    released_at: datetime | None
    suspended_at: datetime | None
    suspended_reason: str | None
    trial_until: datetime | None
    disabled: bool = False
    # Of the number: false for a test-pool number (DESIGN.md §11).
    livemode: bool = True


_AVAILABLE_COLUMNS = (
    n.id,
    n.e164,
    n.country,
    n.number_type,
    n.capabilities,
    n.monthly_price_minor,
    n.inbound_per_min_minor,
    n.outbound_per_min_minor,
    n.currency,
    n.livemode,
)
_TENANT_COLUMNS = (
    t.id,
    t.number_id,
    t.workspace_id,
    t.e164,
    n.country,
    n.number_type,
    n.capabilities,
    t.status,
    t.monthly_price_minor,
    t.currency,
    t.allow_inbound,
    t.allow_outbound,
    t.inbound_per_min_minor,
    t.outbound_per_min_minor,
    t.claimed_at,
    t.next_renewal_at,
    t.released_at,
    t.suspended_at,
    t.suspended_reason,
    t.trial_until,
    t.disabled,
    n.livemode,
)
_TENANT_FROM = tenant_numbers.join(numbers, numbers.c.id == tenant_numbers.c.number_id)


# A LIKE pattern this selective is found faster through a trigram index (collect the few
# matches, then sort them) than by walking available numbers in e164 order and filtering,
# which reads ~21 / selectivity rows. A fixed-length digit string matches about
# (positions) x 10**-digits of the numbers: "contains" 4 digits ~0.1%, 3 digits ~1%;
# "ends_with" 3 digits 0.1%. Measured over 1,000,000 numbers: the ordered walk costs
# 25-90 ms for the rare patterns and under 2 ms for the common ones; the trigram route costs
# a few ms for rare ones and grows with the match count for common ones.
_AVAILABLE_LITERAL: ColumnClause[Any] = literal_column(f"'{NumberState.AVAILABLE.value}'")
TRIGRAM_MIN_DIGITS = {"contains": 4, "ends_with": 3}


def _rare_pattern(filters: SearchFilters) -> bool:
    """True when a contains/ends_with pattern is selective enough for the trigram index and
    no prefix already narrows the ordered walk."""
    if filters.starts_with is not None:
        return False
    for kind, pattern in (("contains", filters.contains), ("ends_with", filters.ends_with)):
        if pattern is not None and len(pattern.strip("%")) >= TRIGRAM_MIN_DIGITS[kind]:
            return True
    return False


def straddling_prefixes(digits: str) -> list[str]:
    """e164 prefixes (LIKE patterns) of the numbers in which `digits` begins inside the
    country code and runs on into the national number: "4712" -> ["+254712%"]. "54712" and
    "254712" give the same; a pattern that cannot begin inside "254" gives none."""
    code = CALLING_CODE_PREFIX.lstrip("+")
    return [
        f"+{code[:-k]}{digits}%" for k in range(1, len(code) + 1) if digits.startswith(code[-k:])
    ]


def search_query(filters: SearchFilters) -> Select[Any]:
    """The statement behind search_available (the benchmark runs the same SQL alone)."""
    # The state as a literal, not a bind parameter: a prepared statement's generic plan can
    # then still prove the partial indexes' predicate (state = 'available').
    query = select(*_AVAILABLE_COLUMNS).where(
        n.state == _AVAILABLE_LITERAL,
        # The caller's mode only: the test pool never shows in live search, nor the reverse.
        n.livemode.is_(true() if filters.livemode else false()),
    )
    if filters.number_type is not None:
        query = query.where(n.number_type == filters.number_type.value)
    if filters.capability is not None:
        query = query.where(
            bindparam(None, filters.capability.value, type_=Text) == any_(n.capabilities)
        )
    if filters.after_e164 is not None:
        query = query.where(n.e164 > filters.after_e164)
    if not _rare_pattern(filters):
        return query.where(*_likes(filters)).order_by(n.e164).limit(filters.limit + 1)
    # MATERIALIZED keeps the planner from pushing ORDER BY e164 LIMIT into the walk.
    matches = _rare_matches(query, filters).cte("matches").prefix_with("MATERIALIZED")
    return select(matches).order_by(matches.c.e164).limit(filters.limit + 1)


def _likes(filters: SearchFilters, *, skip_contains: bool = False) -> list[ColumnElement[bool]]:
    # The pattern goes into the SQL text (digits and %, validated in search.py; quoted by
    # SQLAlchemy), not as a bind parameter: the planner must see it to choose between the btree
    # walk and the trigram index. A prepared statement's generic plan for `LIKE $1` cannot
    # (measured: 80 ms instead of 2 ms for "%1234%").
    patterns = (
        filters.starts_with,
        None if skip_contains else filters.contains,
        filters.ends_with,
    )
    return [n.e164.like(_literal(pattern)) for pattern in patterns if pattern is not None]


def _literal(pattern: str) -> Any:
    return bindparam(None, pattern, literal_execute=True)


def _rare_matches(query: Select[Any], filters: SearchFilters) -> Select[Any] | CompoundSelect:
    """Every match of a rare pattern, unsorted. A rare `contains` is looked up in the national
    number's trigram index, plus the e164 prefix ranges where it would straddle the country
    code: matching it against the whole e164 would fetch a whole national range for a pattern
    like "4712" (every +254 712 ... number), ~15,000 heap pages over 1,000,000 numbers."""
    digits = (filters.contains or "").strip("%")
    if len(digits) < TRIGRAM_MIN_DIGITS["contains"]:
        return query.where(*_likes(filters))
    others = _likes(filters, skip_contains=True)
    inside = query.where(NATIONAL_PART.like(_literal(f"%{digits}%")), *others)
    straddling = [
        # Each range is in e164 order in the btree: its first page is all the sort can use.
        query.where(n.e164.like(_literal(prefix)), *others)
        .order_by(n.e164)
        .limit(filters.limit + 1)
        for prefix in straddling_prefixes(digits)
    ]
    return union(inside, *straddling) if straddling else inside


async def search_available(
    conn: AsyncConnection, filters: SearchFilters
) -> list[AvailableNumberRow]:
    """Up to limit + 1 available numbers in e164 order (the extra one says a next page exists)."""
    return [AvailableNumberRow(**row._mapping) for row in await conn.execute(search_query(filters))]


# The claim path's statements are built once: constructing and cache-keying SQLAlchemy
# statements per call was a measurable share of the inventory's CPU per claim.
_RESERVE = (
    update(numbers)
    .where(
        n.id == bindparam("b_number_id"),
        n.state == NumberState.AVAILABLE.value,
        n.livemode == bindparam("b_livemode"),
    )
    .values(
        state=NumberState.RESERVED.value,
        claim_id=bindparam("b_claim_id"),
        reserved_for=bindparam("b_workspace_id"),
        reserved_until=func.clock_timestamp()
        + func.make_interval(0, 0, 0, 0, 0, 0, bindparam("hold")),
        updated_at=func.now(),
    )
    .returning(n.id, n.e164, n.monthly_price_minor, n.currency, n.reserved_until)
)
_ASSIGN = (
    update(numbers)
    .where(n.claim_id == bindparam("b_claim_id"), n.state == NumberState.RESERVED.value)
    .values(state=NumberState.ASSIGNED.value, reserved_until=None, updated_at=func.now())
    .returning(
        n.id,
        n.e164,
        n.monthly_price_minor,
        n.inbound_per_min_minor,
        n.outbound_per_min_minor,
        n.currency,
        n.reserved_for,
        n.country,
        n.number_type,
        n.capabilities,
    )
)


async def reserve(
    conn: AsyncConnection,
    *,
    number_id: uuid.UUID,
    claim_id: uuid.UUID,
    workspace_id: uuid.UUID,
    hold_seconds: float,
    livemode: bool = True,
) -> Reservation | None:
    """available -> reserved, only if it is available now and of the caller's mode."""
    row = (
        await conn.execute(
            _RESERVE,
            {
                "b_number_id": number_id,
                "b_claim_id": claim_id,
                "b_workspace_id": workspace_id,
                "hold": float(hold_seconds),
                "b_livemode": livemode,
            },
        )
    ).first()
    if row is None:
        return None
    return Reservation(
        number_id=row.id,
        claim_id=claim_id,
        workspace_id=workspace_id,
        e164=row.e164,
        monthly_price_minor=row.monthly_price_minor,
        currency=row.currency,
        reserved_until=row.reserved_until,
    )


async def number_exists(
    conn: AsyncConnection, number_id: uuid.UUID, *, livemode: bool = True
) -> bool:
    """True when the number exists in the caller's mode (the other mode's numbers are not
    even acknowledged)."""
    query = select(n.id).where(n.id == number_id, n.livemode == livemode)
    return (await conn.execute(query)).first() is not None


@dataclass(frozen=True)
class Assignment:
    """A reservation turned into an assignment, with what the tenant number shows."""

    reservation: Reservation
    country: str
    number_type: str
    capabilities: list[str]


async def assign(conn: AsyncConnection, *, claim_id: uuid.UUID) -> Assignment | None:
    """reserved -> assigned for this claim; None when the reservation is no longer this claim's."""
    row = (await conn.execute(_ASSIGN, {"b_claim_id": claim_id})).first()
    if row is None:
        return None
    return Assignment(
        reservation=Reservation(
            number_id=row.id,
            claim_id=claim_id,
            workspace_id=row.reserved_for,
            e164=row.e164,
            monthly_price_minor=row.monthly_price_minor,
            currency=row.currency,
            reserved_until=datetime.max,
        ),
        country=row.country,
        number_type=row.number_type,
        capabilities=list(row.capabilities),
    )


async def unreserve(
    conn: AsyncConnection, *, claim_id: uuid.UUID, only_if_expired: bool = False
) -> bool:
    """reserved -> available for this claim (payment refused, or the sweeper found no debit)."""
    conditions = [n.claim_id == claim_id, n.state == NumberState.RESERVED.value]
    if only_if_expired:
        conditions.append(n.reserved_until < func.clock_timestamp())
    result = await conn.execute(
        update(numbers)
        .where(*conditions)
        .values(
            state=NumberState.AVAILABLE.value,
            claim_id=None,
            reserved_for=None,
            reserved_until=None,
            updated_at=func.now(),
        )
    )
    return bool(result.rowcount)


async def expired_reservations(
    conn: AsyncConnection, *, grace_seconds: float, limit: int
) -> list[Reservation]:
    """Reservations whose hold ended more than grace_seconds ago (the claim's caller is gone)."""
    rows = await conn.execute(
        select(
            n.id,
            n.claim_id,
            n.reserved_for,
            n.e164,
            n.monthly_price_minor,
            n.currency,
            n.reserved_until,
        )
        .where(
            n.state == NumberState.RESERVED.value,
            n.reserved_until
            < func.clock_timestamp() - text(f"interval '{float(grace_seconds)} seconds'"),
        )
        .order_by(n.reserved_until)
        .limit(limit)
    )
    return [
        Reservation(
            number_id=row.id,
            claim_id=row.claim_id,
            workspace_id=row.reserved_for,
            e164=row.e164,
            monthly_price_minor=row.monthly_price_minor,
            currency=row.currency,
            reserved_until=row.reserved_until,
        )
        for row in rows
    ]


# Step 3 of the saga as ONE statement: the conditional UPDATE reserved -> assigned feeds the
# tenant number's INSERT, which only happens when the UPDATE matched (this claim still holds
# the reservation). One round trip instead of two; the same rows and constraints as before.
_CLAIM_ID = bindparam("b_claim_id", type_=UUID(as_uuid=True))
_ASSIGNED = (
    update(numbers)
    .where(n.claim_id == _CLAIM_ID, n.state == NumberState.RESERVED.value)
    .values(state=NumberState.ASSIGNED.value, reserved_until=None, updated_at=func.now())
    .returning(
        n.id,
        n.e164,
        n.monthly_price_minor,
        n.inbound_per_min_minor,
        n.outbound_per_min_minor,
        n.currency,
        n.reserved_for,
        n.country,
        n.number_type,
        n.capabilities,
        n.livemode,
    )
    .cte("assigned")
)
_HELD = (
    insert(tenant_numbers)
    .from_select(
        [
            t.id,
            t.number_id,
            t.workspace_id,
            t.e164,
            t.claim_id,
            t.monthly_price_minor,
            t.inbound_per_min_minor,
            t.outbound_per_min_minor,
            t.currency,
            t.ledger_entry_id,
            t.next_renewal_at,
        ],
        select(
            bindparam("b_tenant_number_id", type_=UUID(as_uuid=True)),
            _ASSIGNED.c.id,
            _ASSIGNED.c.reserved_for,
            _ASSIGNED.c.e164,
            _CLAIM_ID,
            _ASSIGNED.c.monthly_price_minor,
            # The rates are fixed here, at claim time: later price changes of the number do
            # not reach an existing holding.
            _ASSIGNED.c.inbound_per_min_minor,
            _ASSIGNED.c.outbound_per_min_minor,
            _ASSIGNED.c.currency,
            bindparam("b_ledger_entry_id", type_=UUID(as_uuid=True)),
            bindparam("b_next_renewal_at", type_=DateTime(timezone=True)),
        ),
    )
    .returning(*tenant_numbers.c)
    .cte("held")
)
_ASSIGN_AND_HOLD = select(
    _HELD,
    _ASSIGNED.c.country,
    _ASSIGNED.c.number_type,
    _ASSIGNED.c.capabilities,
    _ASSIGNED.c.livemode,
).select_from(_HELD.join(_ASSIGNED, _ASSIGNED.c.id == _HELD.c.number_id))


async def assign_and_hold(
    conn: AsyncConnection,
    *,
    claim_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    ledger_entry_id: uuid.UUID | None,
    next_renewal_at: datetime,
) -> tuple[Assignment, TenantNumberRow] | None:
    """reserved -> assigned for this claim and the workspace's tenant number, in one statement;
    None (and nothing written) when the reservation is no longer this claim's."""
    row = (
        await conn.execute(
            _ASSIGN_AND_HOLD,
            {
                "b_claim_id": claim_id,
                "b_tenant_number_id": tenant_number_id,
                "b_ledger_entry_id": ledger_entry_id,
                "b_next_renewal_at": next_renewal_at,
            },
        )
    ).first()
    if row is None:
        return None
    assignment = Assignment(
        reservation=Reservation(
            number_id=row.number_id,
            claim_id=claim_id,
            workspace_id=row.workspace_id,
            e164=row.e164,
            monthly_price_minor=row.monthly_price_minor,
            currency=row.currency,
            reserved_until=datetime.max,
        ),
        country=row.country,
        number_type=row.number_type,
        capabilities=list(row.capabilities),
    )
    held = TenantNumberRow(
        id=row.id,
        number_id=row.number_id,
        workspace_id=row.workspace_id,
        e164=row.e164,
        country=row.country,
        number_type=row.number_type,
        capabilities=list(row.capabilities),
        status=row.status,
        monthly_price_minor=row.monthly_price_minor,
        currency=row.currency,
        allow_inbound=row.allow_inbound,
        allow_outbound=row.allow_outbound,
        inbound_per_min_minor=row.inbound_per_min_minor,
        outbound_per_min_minor=row.outbound_per_min_minor,
        claimed_at=row.claimed_at,
        next_renewal_at=row.next_renewal_at,
        released_at=row.released_at,
        suspended_at=row.suspended_at,
        suspended_reason=row.suspended_reason,
        trial_until=row.trial_until,
        livemode=row.livemode,
    )
    return assignment, held


async def tenant_number_by_claim(
    conn: AsyncConnection, claim_id: uuid.UUID
) -> TenantNumberRow | None:
    row = (
        await conn.execute(
            select(*_TENANT_COLUMNS).select_from(_TENANT_FROM).where(t.claim_id == claim_id)
        )
    ).first()
    return TenantNumberRow(**row._mapping) if row else None


async def find_tenant_number(
    conn: AsyncConnection, *, workspace_id: uuid.UUID | None, ref: uuid.UUID
) -> TenantNumberRow | None:
    """By tenant number id, else the workspace's latest holding of the inventory number `ref`.
    workspace_id None (operator calls) matches tenant number ids only."""
    if workspace_id is None:
        query = select(*_TENANT_COLUMNS).select_from(_TENANT_FROM).where(t.id == ref)
    else:
        query = (
            select(*_TENANT_COLUMNS)
            .select_from(_TENANT_FROM)
            .where(t.workspace_id == workspace_id, or_(t.id == ref, t.number_id == ref))
            # Exact id first, then the current holding, then the most recent one.
            .order_by(
                (t.id == ref).desc(),
                (t.status != TenantNumberStatus.RELEASED.value).desc(),
                t.claimed_at.desc(),
            )
            .limit(1)
        )
    row = (await conn.execute(query)).first()
    return TenantNumberRow(**row._mapping) if row else None


async def find_holding_of_e164(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, e164: str
) -> TenantNumberRow | None:
    """The workspace's holding of this E.164: the current one, else the most recent."""
    query = (
        select(*_TENANT_COLUMNS)
        .select_from(_TENANT_FROM)
        .where(t.workspace_id == workspace_id, t.e164 == e164)
        .order_by((t.status != TenantNumberStatus.RELEASED.value).desc(), t.claimed_at.desc())
        .limit(1)
    )
    row = (await conn.execute(query)).first()
    return TenantNumberRow(**row._mapping) if row else None


async def list_tenant_numbers(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    status: TenantNumberStatus | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
    trials_only: bool = False,
    disabled: bool | None = None,
) -> list[TenantNumberRow]:
    """Newest first; keyset paging on (claimed_at, id); limit + 1 rows."""
    query = select(*_TENANT_COLUMNS).select_from(_TENANT_FROM).where(t.workspace_id == workspace_id)
    if status is not None:
        query = query.where(t.status == status.value)
    if disabled is not None:
        query = query.where(t.disabled.is_(true() if disabled else false()))
    if trials_only:
        query = query.where(t.trial_until.is_not(None))
    if before is not None:
        query = query.where(
            or_(t.claimed_at < before[0], and_(t.claimed_at == before[0], t.id < before[1]))
        )
    query = query.order_by(t.claimed_at.desc(), t.id.desc()).limit(limit + 1)
    return [TenantNumberRow(**row._mapping) for row in await conn.execute(query)]


async def update_settings(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    allow_inbound: bool | None,
    allow_outbound: bool | None,
    disabled: bool | None = None,
) -> bool:
    """Changes the settings of a number that is not released; False when it is released."""
    values: dict[str, object] = {"updated_at": func.now()}
    if disabled is not None:
        values["disabled"] = disabled
    if allow_inbound is not None:
        values["allow_inbound"] = allow_inbound
    if allow_outbound is not None:
        values["allow_outbound"] = allow_outbound
    result = await conn.execute(
        update(tenant_numbers)
        .where(t.id == tenant_number_id, t.status != TenantNumberStatus.RELEASED.value)
        .values(**values)
    )
    return bool(result.rowcount)


async def change_status(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    from_statuses: tuple[TenantNumberStatus, ...],
    to: TenantNumberStatus,
    reason: str | None = None,
) -> bool:
    """One tenant-number transition, only from the given statuses (the caller checked the
    transition table); False when the number was not in one of them."""
    values: dict[str, object] = {"status": to.value, "updated_at": func.now()}
    if to is TenantNumberStatus.RELEASED:
        # Billing stops at once: no renewal is due any more.
        values.update(released_at=func.now(), next_renewal_at=None)
    elif to is TenantNumberStatus.SUSPENDED:
        values.update(suspended_at=func.now(), suspended_reason=reason)
    elif to is TenantNumberStatus.ACTIVE:
        values.update(suspended_at=None, suspended_reason=None)
    result = await conn.execute(
        update(tenant_numbers)
        .where(t.id == tenant_number_id, t.status.in_([s.value for s in from_statuses]))
        .values(**values)
    )
    return bool(result.rowcount)


async def return_to_pool(conn: AsyncConnection, *, number_id: uuid.UUID) -> bool:
    """assigned -> (released ->) available: the number is claimable again at once."""
    result = await conn.execute(
        update(numbers)
        .where(n.id == number_id, n.state == NumberState.ASSIGNED.value)
        .values(
            state=NumberState.AVAILABLE.value,
            claim_id=None,
            reserved_for=None,
            updated_at=func.now(),
        )
    )
    return bool(result.rowcount)


async def pending_reservation(conn: AsyncConnection, claim_id: uuid.UUID) -> Reservation | None:
    """The number still reserved for this claim, whose hold has not run out (a retried claim
    resumes it: the debit under the claim's key is idempotent)."""
    row = (
        await conn.execute(
            select(
                n.id,
                n.reserved_for,
                n.e164,
                n.monthly_price_minor,
                n.currency,
                n.reserved_until,
            ).where(
                n.claim_id == claim_id,
                n.state == NumberState.RESERVED.value,
                n.reserved_until > func.clock_timestamp(),
            )
        )
    ).first()
    if row is None:
        return None
    return Reservation(
        number_id=row.id,
        claim_id=claim_id,
        workspace_id=row.reserved_for,
        e164=row.e164,
        monthly_price_minor=row.monthly_price_minor,
        currency=row.currency,
        reserved_until=row.reserved_until,
    )


async def is_reserved_for_claim(conn: AsyncConnection, claim_id: uuid.UUID) -> bool:
    """True while some number is reserved for this claim (held or waiting for the sweeper)."""
    found = await conn.execute(
        select(n.id).where(n.claim_id == claim_id, n.state == NumberState.RESERVED.value)
    )
    return found.first() is not None


async def settled_claim(
    conn: AsyncConnection, claim_id: uuid.UUID
) -> tuple[TenantNumberRow, uuid.UUID | None] | None:
    """The tenant number a claim created, with the ledger entry that paid it."""
    row = (
        await conn.execute(
            select(*_TENANT_COLUMNS, t.ledger_entry_id.label("paid_by"))
            .select_from(_TENANT_FROM)
            .where(t.claim_id == claim_id)
        )
    ).first()
    if row is None:
        return None
    fields = dict(row._mapping)
    paid_by = fields.pop("paid_by")
    return TenantNumberRow(**fields), paid_by
