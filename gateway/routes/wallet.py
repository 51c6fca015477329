"""GET /v1/wallet and GET /v1/wallet/ledger: the workspace's KES balance and its ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, Request
from pydantic import BaseModel, Field

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.livemode import ApiObject
from gateway.routes import PublicRouter
from gateway.schemas.enums import LedgerEntryType, documented_as
from platform_common.timestamps import from_timestamp
from sautikit.wallet.v1 import wallet_pb2

router = PublicRouter(prefix="/v1/wallet", tags=["wallet"])

DEFAULT_LEDGER_LIMIT = 20
MAX_LEDGER_LIMIT = 100


class Wallet(ApiObject):
    workspace_id: str
    balance_minor: int = Field(description="Balance in minor units (KES cents)")
    available_minor: int = Field(
        description="What new calls and charges can use: the balance minus the money reserved "
        "for calls in progress"
    )
    currency: str = Field(examples=["KES"])


class LedgerEntry(ApiObject):
    id: str
    entry_type: Annotated[str, documented_as(LedgerEntryType)] = Field(examples=["topup"])
    amount_minor: int = Field(description="Positive for credits, negative for debits")
    currency: str
    balance_after_minor: int
    reference: str | None = None
    reason: str | None = None
    created_at: datetime


class LedgerPage(BaseModel):
    data: list[LedgerEntry]
    next_cursor: str | None = None


def entry_type_name(value: int) -> str:
    """ENTRY_TYPE_NUMBER_RENTAL -> "number_rental"; a value this build does not know is
    reported as "unknown" rather than hiding the entry."""
    try:
        name = str(wallet_pb2.EntryType.Name(value))
    except ValueError:
        return "unknown"
    return name.removeprefix("ENTRY_TYPE_").lower()


def _entry(entry: wallet_pb2.LedgerEntry) -> LedgerEntry:
    return LedgerEntry(
        id=entry.id,
        entry_type=entry_type_name(entry.entry_type),
        amount_minor=entry.amount_minor,
        currency=entry.currency,
        balance_after_minor=entry.balance_after_minor,
        reference=entry.reference or None,
        reason=entry.reason or None,
        created_at=from_timestamp(entry.created_at),
    )


@router.get("", response_model=Wallet, summary="The workspace's wallet balance")
async def get_wallet(request: Request, principal: Authenticated) -> Wallet:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.wallet.GetWallet,
        wallet_pb2.GetWalletRequest(
            workspace_id=str(principal.workspace_id), livemode=principal.livemode
        ),
    )
    return Wallet(
        workspace_id=reply.wallet.workspace_id,
        balance_minor=reply.wallet.balance_minor,
        available_minor=reply.wallet.available_minor,
        currency=reply.wallet.currency,
    )


@router.get(
    "/ledger",
    response_model=LedgerPage,
    operation_id="listLedgerEntries",
    summary="Ledger entries, newest first",
)
async def list_ledger(
    request: Request,
    principal: Authenticated,
    limit: Annotated[int, Query(ge=1, le=MAX_LEDGER_LIMIT)] = DEFAULT_LEDGER_LIMIT,
    cursor: Annotated[str | None, Query(min_length=1, max_length=512)] = None,
) -> LedgerPage:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.wallet.ListLedgerEntries,
        wallet_pb2.ListLedgerEntriesRequest(
            workspace_id=str(principal.workspace_id),
            limit=limit,
            cursor=cursor or "",
            livemode=principal.livemode,
        ),
    )
    return LedgerPage(
        data=[_entry(e) for e in reply.entries], next_cursor=reply.next_cursor or None
    )
