"""gRPC edge of the wallet context: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import require_uuid
from platform_common.timestamps import from_timestamp, to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.wallet import usecases
from services.wallet.batch_debits import MAX_BATCH, Applied, BatchOutcome, debit_batch
from services.wallet.domain import (
    Direction,
    EntryType,
    LedgerCursor,
    LedgerEntry,
    MoneyMovement,
    Wallet,
    page_limit,
    require_idempotency_key,
)
from services.wallet.sandbox import open_if_sandbox

_ENTRY_TYPES_IN = {
    wallet_pb2.ENTRY_TYPE_ADJUSTMENT: EntryType.ADJUSTMENT,
    wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL: EntryType.NUMBER_RENTAL,
    wallet_pb2.ENTRY_TYPE_TOPUP: EntryType.TOPUP,
}
_ENTRY_TYPES_OUT = {domain: proto for proto, domain in _ENTRY_TYPES_IN.items()} | {
    # Written only by call settlement, never accepted by Credit or Debit.
    EntryType.CALL_USAGE: wallet_pb2.ENTRY_TYPE_CALL_USAGE,
}

MovementRequest = wallet_pb2.CreditRequest | wallet_pb2.DebitRequest


def _livemode(
    request: wallet_pb2.GetWalletRequest
    | wallet_pb2.DebitRequest
    | wallet_pb2.ListLedgerEntriesRequest,
) -> bool:
    """The caller's mode; unset (internal callers of the live side) means live."""
    return request.livemode if request.HasField("livemode") else True


class WalletServicer(wallet_pb2_grpc.WalletServiceServicer):
    def __init__(self, new_uow: UnitOfWorkFactory) -> None:
        self.new_uow = new_uow

    async def GetWallet(
        self, request: wallet_pb2.GetWalletRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.GetWalletResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        await open_if_sandbox(self.new_uow, workspace_id, _livemode(request))
        wallet = await usecases.get_wallet(
            # One SELECT: no BEGIN/ROLLBACK round trips around it.
            uow=self.new_uow().one_statement(),
            workspace_id=workspace_id,
        )
        out = _wallet_out(wallet)
        out.reserved_minor = wallet.reserved_minor
        out.available_minor = wallet.available_minor
        return wallet_pb2.GetWalletResponse(wallet=out)

    async def Credit(
        self, request: wallet_pb2.CreditRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.CreditResponse:
        result = await usecases.credit(
            uow=self.new_uow(), movement=_movement_in(Direction.CREDIT, request)
        )
        return wallet_pb2.CreditResponse(
            entry=_entry_out(result.entry),
            wallet=_wallet_out(result.wallet),
            replayed=result.replayed,
        )

    async def Debit(
        self, request: wallet_pb2.DebitRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.DebitResponse:
        movement = _movement_in(Direction.DEBIT, request)
        await open_if_sandbox(self.new_uow, movement.workspace_id, _livemode(request))
        result = await usecases.debit(uow=self.new_uow(), movement=movement)
        return wallet_pb2.DebitResponse(
            entry=_entry_out(result.entry),
            wallet=_wallet_out(result.wallet),
            replayed=result.replayed,
        )

    async def DebitBatch(
        self, request: wallet_pb2.DebitBatchRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.DebitBatchResponse:
        outcomes = await debit_batch(uow=self.new_uow(), movements=_batch_in(request))
        return wallet_pb2.DebitBatchResponse(results=[_batch_result(o) for o in outcomes])

    async def GetLedgerEntry(
        self, request: wallet_pb2.GetLedgerEntryRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.GetLedgerEntryResponse:
        entry = await usecases.get_ledger_entry(
            uow=self.new_uow(), idempotency_key=require_idempotency_key(request.idempotency_key)
        )
        return wallet_pb2.GetLedgerEntryResponse(entry=_entry_out(entry))

    async def ListLedgerEntries(
        self, request: wallet_pb2.ListLedgerEntriesRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.ListLedgerEntriesResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        await open_if_sandbox(self.new_uow, workspace_id, _livemode(request))
        entries, next_cursor = await usecases.list_ledger_entries(
            uow=self.new_uow(),
            workspace_id=workspace_id,
            limit=page_limit(request.limit),
            cursor=LedgerCursor.decode(request.cursor),
        )
        return wallet_pb2.ListLedgerEntriesResponse(
            entries=[_entry_out(e) for e in entries],
            next_cursor=next_cursor.encode() if next_cursor else "",
        )


def _movement_in(direction: Direction, request: MovementRequest) -> MoneyMovement:
    fenced = isinstance(request, wallet_pb2.DebitRequest) and request.HasField("not_after")
    return MoneyMovement.parse(
        direction,
        workspace_id=request.workspace_id,
        amount_minor=request.amount_minor,
        currency=request.currency,
        entry_type=_ENTRY_TYPES_IN.get(request.entry_type),
        reason=request.reason,
        reference=request.reference,
        idempotency_key=request.idempotency_key,
        not_after=from_timestamp(request.not_after) if fenced else None,
    )


def _batch_in(request: wallet_pb2.DebitBatchRequest) -> list[MoneyMovement]:
    """Every debit validated; any bad one fails the whole call naming debits[i].<field>."""
    if not 1 <= len(request.debits) <= MAX_BATCH:
        raise InvalidArgument(
            f"a batch holds 1 to {MAX_BATCH} debits",
            violations=[FieldViolation("debits", f"must hold 1 to {MAX_BATCH} debits")],
        )
    movements: list[MoneyMovement] = []
    violations: list[FieldViolation] = []
    for index, debit in enumerate(request.debits):
        if debit.HasField("not_after"):
            violations.append(FieldViolation(f"debits[{index}].not_after", "must not be sent here"))
            continue
        try:
            movements.append(_movement_in(Direction.DEBIT, debit))
        except InvalidArgument as error:
            violations.extend(
                FieldViolation(f"debits[{index}].{v.field}", v.description)
                for v in error.violations
            )
    if violations:
        raise InvalidArgument(
            f"{len(violations)} problem(s) in the batch; nothing was debited",
            violations=violations[:50],
        )
    return movements


def _batch_result(outcome: BatchOutcome) -> wallet_pb2.DebitBatchResult:
    if isinstance(outcome, Applied):
        return wallet_pb2.DebitBatchResult(
            debited=wallet_pb2.DebitApplied(
                ledger_entry_id=str(outcome.entry_id),
                balance_after_minor=outcome.balance_after_minor,
                replayed=outcome.replayed,
            )
        )
    return wallet_pb2.DebitBatchResult(
        refused=wallet_pb2.DebitRefusal(
            reason=outcome.code, balance_minor=int(outcome.metadata.get("balance_minor", "0"))
        )
    )


def _wallet_out(wallet: Wallet) -> wallet_pb2.Wallet:
    return wallet_pb2.Wallet(
        workspace_id=str(wallet.workspace_id),
        balance_minor=wallet.balance_minor,
        currency=wallet.currency,
        updated_at=to_timestamp(wallet.updated_at),
    )


def _entry_out(entry: LedgerEntry) -> wallet_pb2.LedgerEntry:
    return wallet_pb2.LedgerEntry(
        id=str(entry.id),
        workspace_id=str(entry.workspace_id),
        entry_type=_ENTRY_TYPES_OUT[entry.entry_type],
        amount_minor=entry.amount_minor,
        currency=entry.currency,
        balance_after_minor=entry.balance_after_minor,
        reference=entry.reference or "",
        reason=entry.reason or "",
        idempotency_key=entry.idempotency_key,
        created_at=to_timestamp(entry.created_at),
    )
