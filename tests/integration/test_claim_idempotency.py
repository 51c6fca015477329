"""A claim retried with the same Idempotency-Key resolves to the same claim: while the number
is still held for it, after the sweeper settled it, and never with a second charge."""

from __future__ import annotations

import uuid

import grpc
import pytest

from platform_common.errors import RemoteError
from sautikit.inventory.v1 import inventory_pb2
from services.inventory.wallet_client import GrpcWallet
from tests.conftest import eventually
from tests.integration.test_claim_saga import RENT, LosesAnswers, Platform, start


async def keyed_claim(
    platform: Platform, workspace: str, number_id: str, key: str
) -> inventory_pb2.TenantNumber:
    reply = await platform.inventory.ClaimNumber(
        inventory_pb2.ClaimNumberRequest(
            workspace_id=workspace, number_id=number_id, idempotency_key=key
        )
    )
    return reply.tenant_number


async def reason_of(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return RemoteError.from_rpc_error(raised.value).reason


def answer_lost_after_debit(real: GrpcWallet) -> LosesAnswers:
    return LosesAnswers(real, debit_first=True)


async def test_a_retry_with_the_same_key_while_held_resumes_the_claim_and_charges_once(
    database_url: str, nats_url: str
) -> None:
    async for platform in start(database_url, nats_url, answer_lost_after_debit):
        workspace = str(uuid.uuid4())
        await platform.fund(workspace, 3 * RENT)
        number = platform.numbers[0]
        first = keyed_claim(platform, workspace, number, "claim-key-1")
        assert await reason_of(first) == "claim_pending"

        retried = await keyed_claim(platform, workspace, number, "claim-key-1")
        assert retried.number_id == number and retried.workspace_id == workspace
        again = await keyed_claim(platform, workspace, number, "claim-key-1")
        assert again == retried, "the same body every time"
        assert platform.rental_debits(workspace) == 1
        assert await platform.balance(workspace) == 2 * RENT
        # Another key is another claim: the number is taken.
        other = keyed_claim(platform, workspace, number, "claim-key-2")
        assert await reason_of(other) == "number_unavailable"


async def test_a_retry_with_the_same_key_after_the_sweeper_settled_returns_the_holding(
    database_url: str, nats_url: str
) -> None:
    async for platform in start(database_url, nats_url, answer_lost_after_debit):
        workspace = str(uuid.uuid4())
        await platform.fund(workspace, 3 * RENT)
        number = platform.numbers[1]
        assert await reason_of(keyed_claim(platform, workspace, number, "k")) == "claim_pending"
        await eventually(lambda p=platform, n=number: p.number_state(n) == "assigned", timeout=10)

        retried = await keyed_claim(platform, workspace, number, "k")
        listed = await platform.inventory.ListTenantNumbers(
            inventory_pb2.ListTenantNumbersRequest(workspace_id=workspace)
        )
        assert [n.id for n in listed.tenant_numbers] == [retried.id]
        assert retried == listed.tenant_numbers[0]
        assert platform.rental_debits(workspace) == 1


async def test_the_same_key_in_another_workspace_is_another_claim(
    database_url: str, nats_url: str
) -> None:
    async for platform in start(database_url, nats_url):
        first, second = str(uuid.uuid4()), str(uuid.uuid4())
        for workspace in (first, second):
            await platform.fund(workspace, RENT)
        number = platform.numbers[2]
        await keyed_claim(platform, first, number, "shared-key")
        assert await reason_of(keyed_claim(platform, second, number, "shared-key")) == (
            "number_unavailable"
        )
        assert platform.rental_debits(second) == 0
