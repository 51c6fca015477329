"""GET /v1/wallet and /v1/wallet/ledger against a real PostgreSQL (API keys) and a small real
gRPC server implementing WalletService with canned answers and real rich errors."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import grpc
import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import asgi_client, create_workspace, serving_grpc
from platform_common.errors import (
    DomainError,
    FieldViolation,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    trailing_metadata_for,
)
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc

NOWHERE = "127.0.0.1:1"


class InsufficientFunds(DomainError):
    default_code = "wallet_insufficient_funds"


class Unauthenticated(DomainError):
    status = grpc.StatusCode.UNAUTHENTICATED
    default_code = "service_credentials_rejected"


class Internal(DomainError):
    status = grpc.StatusCode.INTERNAL
    default_code = "internal_error"


@dataclass
class Call:
    method: str
    request: object
    metadata: dict[str, str]


@dataclass
class FakeWallet(wallet_pb2_grpc.WalletServiceServicer):
    """Canned wallet: balances per workspace, a fixed ledger page, an optional error or delay."""

    balances: dict[str, int] = field(default_factory=dict)
    entries: list[wallet_pb2.LedgerEntry] = field(default_factory=list)
    next_cursor: str = ""
    error: DomainError | None = None
    delay: float = 0.0
    calls: list[Call] = field(default_factory=list)

    async def _answer(
        self, method: str, request: object, context: grpc.aio.ServicerContext
    ) -> None:
        metadata = {k: v for k, v in context.invocation_metadata() if isinstance(v, str)}
        self.calls.append(Call(method, request, metadata))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.error is not None:
            await context.abort(
                self.error.status,
                self.error.message,
                trailing_metadata=trailing_metadata_for(self.error),
            )

    async def GetWallet(
        self, request: wallet_pb2.GetWalletRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.GetWalletResponse:
        await self._answer("GetWallet", request, context)
        return wallet_pb2.GetWalletResponse(
            wallet=wallet_pb2.Wallet(
                workspace_id=request.workspace_id,
                balance_minor=self.balances.get(request.workspace_id, 0),
                available_minor=self.balances.get(request.workspace_id, 0) - 1_000,
                currency="KES",
            )
        )

    async def ListLedgerEntries(
        self, request: wallet_pb2.ListLedgerEntriesRequest, context: grpc.aio.ServicerContext
    ) -> wallet_pb2.ListLedgerEntriesResponse:
        await self._answer("ListLedgerEntries", request, context)
        return wallet_pb2.ListLedgerEntriesResponse(
            entries=self.entries, next_cursor=self.next_cursor
        )


@contextlib.asynccontextmanager
async def running_wallet(fake: FakeWallet) -> AsyncIterator[str]:
    def register(server: grpc.aio.Server) -> None:
        wallet_pb2_grpc.add_WalletServiceServicer_to_server(fake, server)

    async with serving_grpc(register) as address:
        yield address


@pytest.fixture
async def wallet() -> AsyncIterator[tuple[FakeWallet, str]]:
    fake = FakeWallet()
    async with running_wallet(fake) as address:
        yield fake, address


def gateway_settings(database_url: str, wallet_addr: str, **overrides: object) -> GatewaySettings:
    return GatewaySettings(
        database_url=database_url,
        nats_url="nats://127.0.0.1:1",
        inventory_addr=NOWHERE,
        wallet_addr=wallet_addr,
        credentials_addr=NOWHERE,
        routing_addr=NOWHERE,
        **overrides,  # type: ignore[arg-type]
    )


@dataclass
class Harness:
    client: httpx.AsyncClient
    fake: FakeWallet
    workspace_id: str
    headers: dict[str, str]


@pytest.fixture
async def harness(database_url: str, wallet: tuple[FakeWallet, str]) -> AsyncIterator[Harness]:
    fake, address = wallet
    created = await create_workspace(database_url)
    app = create_app(gateway_settings(database_url, address, upstream_timeout_seconds=0.5))
    async with asgi_client(app) as client:
        yield Harness(
            client,
            fake,
            str(created.workspace.id),
            {"Authorization": f"Bearer {created.api_key.key}"},
        )


def stamp(value: datetime) -> Timestamp:
    result = Timestamp()
    result.FromDatetime(value)
    return result


async def test_wallet_balance_of_the_keys_workspace(harness: Harness) -> None:
    harness.fake.balances[harness.workspace_id] = 250_000
    response = await harness.client.get(
        "/v1/wallet", headers={**harness.headers, "X-Request-Id": "trace-wallet-1"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "workspace_id": harness.workspace_id,
        "balance_minor": 250_000,
        "available_minor": 249_000,
        "currency": "KES",
        "livemode": True,
    }
    [call] = harness.fake.calls
    assert call.request.workspace_id == harness.workspace_id  # type: ignore[attr-defined]
    assert call.metadata["x-request-id"] == "trace-wallet-1"


async def test_ledger_maps_entries_and_omits_empty_fields(harness: Harness) -> None:
    created = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    harness.fake.entries = [
        wallet_pb2.LedgerEntry(
            id="0195f000-0000-7000-8000-000000000002",
            workspace_id=harness.workspace_id,
            entry_type=wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL,
            amount_minor=-50_000,
            currency="KES",
            balance_after_minor=200_000,
            reference="+254711000001",
            reason="number_rental 2025-03",
            idempotency_key="internal-key",
            created_at=stamp(created),
        ),
        wallet_pb2.LedgerEntry(
            id="0195f000-0000-7000-8000-000000000001",
            entry_type=wallet_pb2.ENTRY_TYPE_TOPUP,
            amount_minor=250_000,
            currency="KES",
            balance_after_minor=250_000,
            created_at=stamp(created),
        ),
        wallet_pb2.LedgerEntry(
            id="0195f000-0000-7000-8000-000000000000",
            entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
            amount_minor=1,
            currency="KES",
            balance_after_minor=1,
            created_at=stamp(created),
        ),
    ]
    harness.fake.next_cursor = "opaque-cursor-2"
    response = await harness.client.get(
        "/v1/wallet/ledger?limit=3&cursor=opaque-cursor-1", headers=harness.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] == "opaque-cursor-2"
    assert body["data"][0] == {
        "id": "0195f000-0000-7000-8000-000000000002",
        "entry_type": "number_rental",
        "amount_minor": -50_000,
        "currency": "KES",
        "balance_after_minor": 200_000,
        "reference": "+254711000001",
        "reason": "number_rental 2025-03",
        "created_at": "2025-03-01T09:30:00Z",
        "livemode": True,
    }
    assert body["data"][1] == {
        "id": "0195f000-0000-7000-8000-000000000001",
        "entry_type": "topup",
        "amount_minor": 250_000,
        "currency": "KES",
        "balance_after_minor": 250_000,
        "created_at": "2025-03-01T09:30:00Z",
        "livemode": True,
    }
    assert body["data"][2]["entry_type"] == "adjustment"
    [call] = harness.fake.calls
    assert (call.request.limit, call.request.cursor) == (3, "opaque-cursor-1")  # type: ignore[attr-defined]
    assert call.request.workspace_id == harness.workspace_id  # type: ignore[attr-defined]


async def test_last_page_has_no_next_cursor_and_default_limit(harness: Harness) -> None:
    response = await harness.client.get("/v1/wallet/ledger", headers=harness.headers)
    assert response.status_code == 200
    assert response.json() == {"data": []}
    assert harness.fake.calls[0].request.limit == 20  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("limit=1.5", "limit"),
        ("cursor=", "cursor"),
        ("cursor=" + "c" * 513, "cursor"),
    ],
)
async def test_bad_list_parameters_are_400_naming_the_field(
    harness: Harness, query: str, field: str
) -> None:
    response = await harness.client.get(f"/v1/wallet/ledger?{query}", headers=harness.headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_failed"
    assert [e["field"] for e in body["errors"]] == [field]
    assert harness.fake.calls == []


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (NotFound("no wallet", code="wallet_not_found"), 404, "wallet_not_found"),
        (InsufficientFunds("balance too low"), 402, "wallet_insufficient_funds"),
        (ResourceExhausted("slow down"), 429, "rate_limited"),
        (Unauthenticated("who are you"), 401, "service_credentials_rejected"),
        (Internal("stack trace with secrets"), 500, "internal_error"),
    ],
)
async def test_wallet_errors_map_to_http(
    harness: Harness, error: DomainError, status: int, code: str
) -> None:
    harness.fake.error = error
    response = await harness.client.get("/v1/wallet", headers=harness.headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    assert body["request_id"] == response.headers["x-request-id"]
    assert "secrets" not in response.text


async def test_field_violations_become_problem_errors(harness: Harness) -> None:
    harness.fake.error = InvalidArgument(
        "cursor is not one of ours",
        violations=[FieldViolation("cursor", "unknown cursor")],
    )
    response = await harness.client.get("/v1/wallet/ledger?cursor=zzz", headers=harness.headers)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    # One voice: the detail is the field errors, in the same words.
    assert body["detail"] == "cursor: must be valid: unknown cursor"
    assert body["errors"] == [{"field": "cursor", "message": "must be valid: unknown cursor"}]


async def test_slow_wallet_is_504(harness: Harness) -> None:
    harness.fake.delay = 2.0
    response = await harness.client.get("/v1/wallet", headers=harness.headers)
    assert response.status_code == 504
    assert response.json()["code"] == "upstream_timeout"


async def test_wallet_down_is_503(database_url: str) -> None:
    created = await create_workspace(database_url)
    app = create_app(gateway_settings(database_url, NOWHERE))
    async with asgi_client(app) as client:
        response = await client.get(
            "/v1/wallet", headers={"Authorization": f"Bearer {created.api_key.key}"}
        )
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response.headers["retry-after"] == "1"


async def test_other_workspaces_key_sees_its_own_wallet(
    harness: Harness, database_url: str
) -> None:
    other = await create_workspace(database_url, name="Other")
    harness.fake.balances[harness.workspace_id] = 1
    harness.fake.balances[str(other.workspace.id)] = 2
    mine = await harness.client.get("/v1/wallet", headers=harness.headers)
    theirs = await harness.client.get(
        "/v1/wallet", headers={"Authorization": f"Bearer {other.api_key.key}"}
    )
    assert (mine.json()["balance_minor"], theirs.json()["balance_minor"]) == (1, 2)
    assert uuid.UUID(theirs.json()["workspace_id"]) == other.workspace.id
