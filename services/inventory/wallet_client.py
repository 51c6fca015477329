"""The inventory's adapter to the wallet service (gRPC). The claim saga sees only this port."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import grpc

from platform_common.errors import RemoteError
from platform_common.grpc_client import call_metadata, open_channel
from platform_common.timestamps import to_timestamp
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc

DEBIT_DEADLINE_SECONDS = 5.0
# Renewal debits go to the wallet's DebitBatch in chunks (one wallet transaction each).
RENEWAL_DEBIT_CHUNK = 1000
RENEWAL_DEADLINE_SECONDS = 60.0


@dataclass(frozen=True)
class Debit:
    entry_id: uuid.UUID
    balance_after_minor: int
    replayed: bool = False  # the key had been used before: this is the first debit's result


@dataclass(frozen=True)
class RentalDebit:
    """One month's rental the renewal job asks for (no fence: a renewal has no deadline)."""

    workspace_id: uuid.UUID
    amount_minor: int
    currency: str
    key: str
    reference: str


class DebitRefused(Exception):
    """The wallet answered no (insufficient funds, or the fence passed): nothing was taken."""

    def __init__(self, reason: str, metadata: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.metadata = metadata or {}


class WalletUnreachable(Exception):
    """No answer: the debit may or may not have happened."""


class WalletPort(Protocol):
    async def debit_rental(
        self,
        *,
        workspace_id: uuid.UUID,
        amount_minor: int,
        currency: str,
        key: str,
        reference: str,
        not_after: datetime,
        livemode: bool = True,
    ) -> Debit: ...

    async def find_debit(self, key: str) -> Debit | None: ...


DebitOutcome = Debit | DebitRefused | WalletUnreachable


class RenewalWalletPort(Protocol):
    async def debit_rentals(self, debits: Sequence[RentalDebit]) -> list[DebitOutcome]:
        """One outcome per debit, in order; never raises for one debit's refusal."""
        ...


@dataclass
class GrpcWallet:
    address: str
    _channel: grpc.aio.Channel | None = field(default=None, init=False)

    def _stub(self) -> wallet_pb2_grpc.WalletServiceStub:
        if self._channel is None:
            self._channel = open_channel(self.address)
        return wallet_pb2_grpc.WalletServiceStub(self._channel)

    async def debit_rental(
        self,
        *,
        workspace_id: uuid.UUID,
        amount_minor: int,
        currency: str,
        key: str,
        reference: str,
        not_after: datetime,
        livemode: bool = True,
    ) -> Debit:
        request = wallet_pb2.DebitRequest(
            # A test number's claim is paid from the sandbox wallet (opened on first use).
            livemode=livemode,
            workspace_id=str(workspace_id),
            amount_minor=amount_minor,
            currency=currency,
            entry_type=wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL,
            reason="number rental",
            reference=reference,
            idempotency_key=key,
            not_after=to_timestamp(not_after),
        )
        try:
            reply = await self._stub().Debit(
                request, timeout=DEBIT_DEADLINE_SECONDS, metadata=call_metadata()
            )
        except grpc.aio.AioRpcError as exc:
            error = RemoteError.from_rpc_error(exc)
            if error.status == grpc.StatusCode.FAILED_PRECONDITION:
                raise DebitRefused(error.reason, error.metadata) from None
            if error.status in (
                grpc.StatusCode.UNAVAILABLE,
                grpc.StatusCode.DEADLINE_EXCEEDED,
                grpc.StatusCode.CANCELLED,
                grpc.StatusCode.UNKNOWN,
                grpc.StatusCode.INTERNAL,
            ):
                raise WalletUnreachable(str(error)) from None
            raise error from None
        return Debit(uuid.UUID(reply.entry.id), reply.wallet.balance_minor, reply.replayed)

    async def debit_rentals(self, debits: Sequence[RentalDebit]) -> list[DebitOutcome]:
        """The wallet's DebitBatch (one call, one transaction per chunk of debits)."""
        outcomes: list[DebitOutcome] = []
        for start in range(0, len(debits), RENEWAL_DEBIT_CHUNK):
            outcomes.extend(await self._debit_chunk(debits[start : start + RENEWAL_DEBIT_CHUNK]))
        return outcomes

    async def _debit_chunk(self, debits: Sequence[RentalDebit]) -> list[DebitOutcome]:
        request = wallet_pb2.DebitBatchRequest(
            debits=[
                wallet_pb2.DebitRequest(
                    workspace_id=str(debit.workspace_id),
                    amount_minor=debit.amount_minor,
                    currency=debit.currency,
                    entry_type=wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL,
                    reason="number rental",
                    reference=debit.reference,
                    idempotency_key=debit.key,
                )
                for debit in debits
            ]
        )
        try:
            reply = await self._stub().DebitBatch(
                request, timeout=RENEWAL_DEADLINE_SECONDS, metadata=call_metadata()
            )
        except grpc.aio.AioRpcError as exc:
            error = RemoteError.from_rpc_error(exc)
            if error.status == grpc.StatusCode.INVALID_ARGUMENT:
                raise error from None  # a bug on this side: retrying cannot help
            # No answer: each debit may or may not have happened; the keys make a retry safe.
            return [WalletUnreachable(str(error)) for _ in debits]
        outcomes: list[DebitOutcome] = []
        for result in reply.results:
            if result.HasField("debited"):
                debited = result.debited
                outcomes.append(
                    Debit(
                        uuid.UUID(debited.ledger_entry_id),
                        debited.balance_after_minor,
                        debited.replayed,
                    )
                )
            else:
                outcomes.append(
                    DebitRefused(
                        result.refused.reason,
                        {"balance_minor": str(result.refused.balance_minor)},
                    )
                )
        return outcomes

    async def find_debit(self, key: str) -> Debit | None:
        """The debit recorded under this key, None when there is none; raises WalletUnreachable."""
        try:
            reply = await self._stub().GetLedgerEntry(
                wallet_pb2.GetLedgerEntryRequest(idempotency_key=key),
                timeout=DEBIT_DEADLINE_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            error = RemoteError.from_rpc_error(exc)
            if error.status == grpc.StatusCode.NOT_FOUND:
                return None
            raise WalletUnreachable(str(error)) from None
        return Debit(uuid.UUID(reply.entry.id), reply.entry.balance_after_minor)

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
