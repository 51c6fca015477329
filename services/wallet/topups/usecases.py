"""Top-up use cases: start an STK push, read top-ups, record a callback, confirm by query.

The invariant: a top-up credits the wallet at most once, and only after the STK push query
said the payment succeeded. The credit's ledger key is `mpesa:<CheckoutRequestID>`, unique
across the ledger, so however many callbacks, queries and replicas race, the database lets
exactly one credit in; the top-up's own PENDING -> SUCCEEDED update commits with it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from datetime import datetime

from platform_common.ids import new_id
from platform_common.uow import UnitOfWork
from services.wallet import repository as ledger
from services.wallet.domain import CURRENCY, Direction, EntryType, MoneyMovement
from services.wallet.topups import repository
from services.wallet.topups.callback import parse_callback
from services.wallet.topups.daraja_modes import DarajaByMode
from services.wallet.topups.domain import (
    MpesaRequestFailed,
    MpesaUnavailable,
    QueryAnswer,
    QueryOutcome,
    Topup,
    TopupCursor,
    TopupNotFound,
    TopupRequest,
    TopupStatus,
    mask_phone,
    phone_digest,
    token_digest,
)
from services.wallet.topups.settings import TopupSettings
from services.wallet.usecases import credited_event

log = logging.getLogger(__name__)

TRANSACTION_DESCRIPTION = "Wallet top-up"


def ledger_key(checkout_request_id: str) -> str:
    """The one ledger idempotency key of a payment: the exactly-once guarantee rests on it."""
    return f"mpesa:{checkout_request_id}"


async def start_topup(
    *,
    uow: UnitOfWork,
    daraja: DarajaByMode,
    settings: TopupSettings,
    request: TopupRequest,
    now: datetime,
) -> Topup:
    """Records a PENDING top-up, then asks Daraja to prompt the phone. A refused or failed
    push leaves the top-up FAILED (never pending forever) and raises."""
    # Chosen first: a test top-up without a simulator is refused before anything is recorded.
    mpesa = daraja.for_mode(request.livemode)
    token = secrets.token_urlsafe(32)
    topup_id = new_id()
    async with uow:
        await repository.insert_topup(
            uow.conn,
            {
                "id": topup_id,
                "workspace_id": request.workspace_id,
                "status": TopupStatus.PENDING.value,
                "amount_minor": request.amount_minor,
                "currency": CURRENCY,
                "phone_masked": mask_phone(request.phone),
                "phone_digest": phone_digest(request.phone),
                "callback_token_digest": token_digest(token),
                "next_check_at": now + settings.query_after,
                "created_at": now,
                "livemode": request.livemode,
            },
        )
        await uow.commit()
    try:
        accepted = await mpesa.stk_push(
            phone=request.phone,
            amount_shillings=request.amount_shillings,
            callback_url=settings.callback_url(token),
            account_reference=f"SK{topup_id.hex[-10:]}".upper(),
            description=TRANSACTION_DESCRIPTION,
        )
    except (MpesaRequestFailed, MpesaUnavailable) as error:
        # The reason is stored on the failed top-up too; logged so an operator sees why
        # without reading the table (Daraja's message or the transport error: no phone).
        log.warning(
            "M-Pesa did not take the STK push",
            extra={"topup_id": str(topup_id), "reason": error.message},
        )
        async with uow:
            await repository.mark_failed(
                uow.conn, topup_id, result_code=None, result_description=error.message, now=now
            )
            await uow.commit()
        raise
    async with uow:
        started = await repository.set_checkout(
            uow.conn,
            topup_id,
            checkout_request_id=accepted.checkout_request_id,
            merchant_id=accepted.merchant_request_id,
        )
        await uow.commit()
    assert started is not None, "a top-up settled before its push was accepted"
    return started


async def get_topup(*, uow: UnitOfWork, workspace_id: uuid.UUID, topup_id: uuid.UUID) -> Topup:
    """One top-up of the workspace; another workspace's is not found."""
    async with uow:
        found = await repository.get_topup(uow.conn, workspace_id=workspace_id, topup_id=topup_id)
    if found is None:
        raise TopupNotFound("no such top-up")
    return found


async def list_topups(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, limit: int, cursor: TopupCursor | None
) -> tuple[list[Topup], TopupCursor | None]:
    """One page of the workspace's top-ups, newest first, and the next page's cursor."""
    async with uow:
        found = await repository.list_topups(
            uow.conn, workspace_id=workspace_id, after=cursor, limit=limit + 1
        )
    if len(found) <= limit:
        return found, None
    page = found[:limit]
    return page, TopupCursor(at=page[-1].created_at, id=page[-1].id)


async def receive_callback(
    *, uow: UnitOfWork, callback_token: str, body: bytes, now: datetime
) -> Topup | None:
    """Records what a callback claims and returns the top-up to confirm by query (None when
    there is nothing to confirm). Unknown token: TopupNotFound, nothing recorded.

    A success claim whose amount, phone or CheckoutRequestID differ from the top-up is
    recorded as not matching and triggers nothing: a forged body cannot even hurry the query.
    """
    async with uow:
        topup = await repository.find_by_token_digest(uow.conn, token_digest(callback_token))
        if topup is None:
            raise TopupNotFound("no top-up has this callback token")
        claim = parse_callback(body)
        matches = claim is not None and claim.matches(topup)
        await repository.record_callback(
            uow.conn,
            {
                "id": new_id(),
                "topup_id": topup.id,
                "result_code": claim.result_code if claim else None,
                "result_description": claim.result_description if claim else None,
                "amount_minor": claim.amount_minor if claim else None,
                "mpesa_receipt_number": claim.receipt if claim else None,
                "matches_topup": matches,
                "body_sha256": hashlib.sha256(body).hexdigest(),
                "received_at": now,
            },
        )
        worth_a_query = (
            topup.status is TopupStatus.PENDING
            and claim is not None
            and (matches or not claim.claims_success)
        )
        if worth_a_query:
            await repository.check_now(uow.conn, topup.id, now=now)
        await uow.commit()
    if claim is not None and claim.claims_success and not matches:
        log.warning("top-up callback does not match its top-up", extra={"topup_id": str(topup.id)})
    return topup if worth_a_query else None


async def confirm_topup(
    *,
    uow: UnitOfWork,
    daraja: DarajaByMode,
    settings: TopupSettings,
    topup_id: uuid.UUID,
    now: datetime,
) -> QueryAnswer | None:
    """Asks Daraja how a pending top-up ended and settles it: credit on success, FAILED on a
    failure, FAILED too once it stayed unsettled past `give_up_after`. Returns the query's
    answer (PROCESSING means ask again later), or None when there was nothing to ask."""
    async with uow:
        topup = await repository.get_topup_by_id(uow.conn, topup_id)
    if topup is None or topup.status is not TopupStatus.PENDING:
        return None
    answer = QueryAnswer(QueryOutcome.PROCESSING)
    if topup.checkout_request_id is not None:
        # The Daraja the payment was sent to: the simulator for a test top-up.
        answer = await daraja.for_mode(topup.livemode).stk_query(topup.checkout_request_id)
    if answer.outcome is QueryOutcome.SUCCEEDED:
        await _credit_once(uow=uow, topup=topup, answer=answer, now=now)
    elif answer.outcome is QueryOutcome.FAILED:
        async with uow:
            await repository.mark_failed(
                uow.conn,
                topup.id,
                result_code=answer.result_code,
                result_description=answer.result_description or "failed",
                now=now,
            )
            await uow.commit()
    elif now - topup.created_at >= settings.give_up_after:
        async with uow:
            await repository.mark_failed(
                uow.conn,
                topup.id,
                result_code=None,
                result_description=(
                    f"not confirmed by M-Pesa within {int(settings.give_up_after.total_seconds())}"
                    " seconds"
                ),
                now=now,
            )
            await uow.commit()
    return answer


async def _credit_once(
    *, uow: UnitOfWork, topup: Topup, answer: QueryAnswer, now: datetime
) -> None:
    assert topup.checkout_request_id is not None
    async with uow:
        receipt = await repository.receipt_of_matching_callback(uow.conn, topup.id)
        movement = MoneyMovement(
            direction=Direction.CREDIT,
            workspace_id=topup.workspace_id,
            amount_minor=topup.amount_minor,
            currency=topup.currency,
            entry_type=EntryType.TOPUP,
            reason=f"M-Pesa top-up {receipt}" if receipt else "M-Pesa top-up",
            reference=str(topup.id),
            idempotency_key=ledger_key(topup.checkout_request_id),
        )
        # The unique ledger key decides: only the transaction that inserts the entry goes on.
        attempt = await ledger.apply_movement(uow.conn, movement)
        if attempt.inserted is None:
            return  # another callback, query or replica credited it (or is committing it)
        settled = await repository.mark_succeeded(
            uow.conn,
            topup.id,
            ledger_entry_id=attempt.inserted.id,
            result_code=answer.result_code or 0,
            result_description=answer.result_description,
            receipt=receipt,
            now=now,
        )
        if not settled:
            return  # it ended FAILED meanwhile (gave up): leaving the block rolls back the credit
        uow.emit(
            credited_event(
                attempt.inserted, livemode=topup.livemode, mpesa_receipt_number=receipt or ""
            )
        )
        await uow.commit()
