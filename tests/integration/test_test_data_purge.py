"""DELETE /v1/test/data through the real gateway, inventory, wallet and routing services: the
sandbox's numbers go back to the pool (released, so routing follows), its wallet is reset to
the starting test balance with the ledger still equal to it, its deliveries and call records
are gone, and every row of every table of every service belonging to the live workspace is
byte-for-byte what it was. Each service's purge refuses a live workspace on its own.

Nothing is marked by hand: the sandbox's numbers come from the test pool and every service
learns livemode from the numbers.claimed event, so the purge guards work on real data."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from sautikit.credentials.v1 import test_mode_pb2 as credentials_test_mode
from sautikit.credentials.v1 import test_mode_pb2_grpc as credentials_test_mode_grpc
from sautikit.events.v1 import events_pb2
from sautikit.inventory.v1 import orders_pb2, orders_pb2_grpc
from sautikit.inventory.v1 import test_mode_pb2 as inventory_test_mode
from sautikit.inventory.v1 import test_mode_pb2_grpc as inventory_test_mode_grpc
from sautikit.routing.v1 import test_mode_pb2 as routing_test_mode
from sautikit.routing.v1 import test_mode_pb2_grpc as routing_test_mode_grpc
from sautikit.wallet.v1 import test_mode_pb2 as wallet_test_mode
from sautikit.wallet.v1 import test_mode_pb2_grpc as wallet_test_mode_grpc
from services.wallet.test_mode.purge import DEFAULT_START_BALANCE_MINOR
from tests.conftest import eventually
from tests.integration.routing_delivery_harness import call_payload, publish
from tests.integration.test_mode_harness import ModeStack, Tenant, running_mode_stack

CALLER = "+254711000001"
SCHEMAS = ("inventory", "wallet", "credentials", "routing", "gateway", "notifications")


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[ModeStack]:
    async with running_mode_stack(database_url, nats_url) as running:
        yield running


async def snapshot(stack: ModeStack, workspace_id: str) -> dict[str, tuple[int, str]]:
    """(row count, md5 of the rows' text) of the workspace's rows in every table of every
    service that has a workspace_id, plus the inventory numbers it holds."""
    tables = await stack.rows(
        "SELECT table_schema, table_name FROM information_schema.columns "
        "WHERE column_name = 'workspace_id' AND table_schema = ANY(%s) "
        "ORDER BY table_schema, table_name",
        list(SCHEMAS),
    )
    assert len(tables) >= 15, tables  # the snapshot really covers the services' tables
    found: dict[str, tuple[int, str]] = {}
    for table in tables:
        name = f"{table['table_schema']}.{table['table_name']}"
        [row] = await stack.rows(
            f"SELECT count(*) AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "  # noqa: S608
            f"AS digest FROM {name} t WHERE workspace_id::text = %s",
            workspace_id,
        )
        found[name] = (row["n"], row["digest"])
    [held] = await stack.rows(
        "SELECT count(*) AS n, coalesce(md5(string_agg(n::text, '|' ORDER BY n::text)), '') "
        "AS digest FROM inventory.numbers n WHERE id IN "
        "(SELECT number_id FROM inventory.tenant_numbers WHERE workspace_id = %s)",
        workspace_id,
    )
    found["inventory.numbers (held)"] = (held["n"], held["digest"])
    return found


async def _credential(stack: ModeStack, tenant: Tenant, number_id: str) -> None:
    reply = await stack.http.post(
        f"/v1/numbers/{number_id}/sip-credentials", json={"label": "pbx"}, headers=tenant.headers
    )
    assert reply.status_code == 201, reply.text


async def _live_side(stack: ModeStack) -> dict[str, Any]:
    """A live workspace with numbers, routing, a delivered call event and a call record."""
    numbers = [await stack.claim(stack.live, call_money=5_000) for _ in range(2)]
    await stack.point_at_receiver(stack.live, numbers[0])
    await _credential(stack, stack.live, numbers[0].id)
    call_id = f"live-{uuid.uuid4()}"
    subject, payload = call_payload("completed", numbers[0].e164, call_id, duration_seconds=30)
    await publish(stack.nats_url, subject, payload, event_id=uuid.uuid4())
    await stack.events_for(call_id, 1)
    await stack.wait_call(call_id, "completed")
    return {"numbers": numbers, "call_id": call_id}


async def _test_side(stack: ModeStack) -> dict[str, Any]:
    numbers = [await stack.claim(stack.test, call_money=3_000) for _ in range(2)]
    await stack.point_at_receiver(stack.test, numbers[0])
    for number in numbers:
        await _credential(stack, stack.test, number.id)
    reply = await stack.http.post(
        "/v1/test/calls",
        json={"to": numbers[0].e164, "from": CALLER, "recording": True},
        headers=stack.test.headers,
    )
    assert reply.status_code == 201, reply.text
    call_id = reply.json()["call_id"]
    await stack.events_for(call_id, 4)
    await stack.wait_call(call_id, "completed")
    callback = await stack.http.put(
        "/v1/callbacks",
        json={"callback_url": f"{stack.receiver.url}/numbers"},
        headers=stack.test.headers,
    )
    assert callback.status_code == 200, callback.text
    # An open number order holding a test number, and a top-up (recorded as the wallet records
    # one; this stack has no Daraja simulator to answer a push).
    held_number = stack.test_numbers[-1]
    order = await stack.http.post(
        "/v1/number-orders", json={"number_id": held_number}, headers=stack.test.headers
    )
    assert order.status_code == 201, order.text
    await stack.rows(
        "INSERT INTO wallet.topups (id, workspace_id, status, amount_minor, currency, "
        "phone_masked, phone_digest, callback_token_digest, next_check_at, created_at, "
        "completed_at, livemode) "
        "VALUES (gen_random_uuid(), %s, 'failed', 10000, 'KES', '2547******49', 'd', 'd', "
        "now(), now(), now(), false)",
        stack.test.workspace_id,
    )
    return {"numbers": numbers, "call_id": call_id, "order_number": held_number}


async def test_delete_test_data_purges_the_sandbox_and_leaves_the_live_side_untouched(
    stack: ModeStack,
) -> None:
    live = await _live_side(stack)
    sandbox = await _test_side(stack)
    live_before = await snapshot(stack, stack.live.workspace_id)
    assert live_before["wallet.calls"][0] == 1 and live_before["routing.deliveries"][0] == 1
    assert live_before["credentials.sip_credentials"][0] == 1

    reply = await stack.http.delete("/v1/test/data", headers=stack.test.headers)

    assert reply.status_code == 204, reply.text
    assert reply.content == b""
    test_ws = stack.test.workspace_id

    # Routing's purge re-read the numbers from inventory: released the moment the purge
    # answers, without waiting for numbers.released.
    routings = await stack.rows(
        "SELECT status FROM routing.routings WHERE workspace_id = %s", test_ws
    )
    assert [r["status"] for r in routings] == ["released", "released"]
    # A call event still in flight for a purged number records no delivery.
    late = uuid.uuid4()
    subject, payload = call_payload("completed", sandbox["numbers"][0].e164, f"late-{late}")
    await publish(stack.nats_url, subject, payload, event_id=late)

    async def consumed() -> bool:
        return bool(
            await stack.rows("SELECT 1 FROM routing.processed_events WHERE event_id = %s", late)
        )

    await eventually(consumed, timeout=15)
    holdings = await stack.rows(
        "SELECT t.status, n.state FROM inventory.tenant_numbers t "
        "JOIN inventory.numbers n ON n.id = t.number_id WHERE t.workspace_id = %s",
        test_ws,
    )
    assert [(h["status"], h["state"]) for h in holdings] == [("released", "available")] * 2
    released = [
        events_pb2.NumberReleased.FromString(r["payload"])
        for r in await stack.rows(
            "SELECT payload FROM inventory.outbox WHERE nats_subject = 'sautikit.numbers.released'"
        )
    ]
    assert sorted((e.tenant_number_id, e.reason) for e in released) == sorted(
        (n.id, "sandbox_purged") for n in sandbox["numbers"]
    )
    [wallet] = await stack.rows(
        "SELECT balance_minor, reserved_minor, ledger_sum_minor FROM wallet.wallets "
        "WHERE workspace_id = %s",
        test_ws,
    )
    assert wallet == {
        "balance_minor": DEFAULT_START_BALANCE_MINOR,
        "reserved_minor": 0,
        "ledger_sum_minor": DEFAULT_START_BALANCE_MINOR,
    }
    [ordered] = await stack.rows(
        "SELECT state FROM inventory.numbers WHERE id = %s", sandbox["order_number"]
    )
    assert ordered["state"] == "available"  # the order's hold went back to the pool
    for table in (
        "inventory.number_orders",
        "wallet.topups",
        "wallet.calls",
        "routing.deliveries",
        "routing.voice_callback_invocations",
        "routing.workspace_callbacks",
    ):
        found = await stack.rows(f"SELECT 1 FROM {table} WHERE workspace_id = %s", test_ws)  # noqa: S608
        assert found == [], table
    credentials = await stack.rows(
        "SELECT status FROM credentials.sip_credentials WHERE workspace_id = %s", test_ws
    )
    assert [c["status"] for c in credentials] == ["revoked", "revoked"]
    assert (await stack.http.get("/v1/calls", headers=stack.test.headers)).json()["data"] == []
    wallet_view = (await stack.http.get("/v1/wallet", headers=stack.test.headers)).json()
    assert wallet_view["balance_minor"] == DEFAULT_START_BALANCE_MINOR

    assert await snapshot(stack, stack.live.workspace_id) == live_before

    again = await stack.http.delete("/v1/test/data", headers=stack.test.headers)
    assert again.status_code == 204
    entries = await stack.rows(
        "SELECT 1 FROM wallet.ledger_entries WHERE workspace_id = %s AND reason = 'sandbox_reset'",
        test_ws,
    )
    assert len(entries) == 1  # already at the starting balance: no second entry
    assert await snapshot(stack, stack.live.workspace_id) == live_before
    assert live["call_id"]


async def test_a_workspace_holding_a_live_number_is_refused_and_nothing_changes(
    stack: ModeStack,
) -> None:
    await _test_side(stack)
    # One more number the sandbox would never hold: a live one.
    intruder = await stack.claim(stack.test, call_money=0, livemode=True)
    before = await snapshot(stack, stack.test.workspace_id)

    reply = await stack.http.delete("/v1/test/data", headers=stack.test.headers)

    assert reply.status_code == 409, reply.text
    assert reply.json()["code"] == "live_objects_present"
    after = await snapshot(stack, stack.test.workspace_id)
    # The key's own row records its last use; everything else is as it was.
    assert {k: v for k, v in after.items() if k != "gateway.api_keys"} == {
        k: v for k, v in before.items() if k != "gateway.api_keys"
    }
    [row] = await stack.rows(
        "SELECT status FROM inventory.tenant_numbers WHERE id = %s", intruder.id
    )
    assert row["status"] == "active"


async def test_each_service_refuses_to_purge_a_live_workspace(stack: ModeStack) -> None:
    await _live_side(stack)
    before = await snapshot(stack, stack.live.workspace_id)
    purges = [
        (
            inventory_test_mode_grpc.TestModeServiceStub,
            stack.inventory_address,
            inventory_test_mode.PurgeSandboxRequest,
        ),
        (
            wallet_test_mode_grpc.TestModeServiceStub,
            stack.wallet_address,
            wallet_test_mode.PurgeSandboxRequest,
        ),
        (
            routing_test_mode_grpc.TestModeServiceStub,
            stack.routing_address,
            routing_test_mode.PurgeSandboxRequest,
        ),
        (
            credentials_test_mode_grpc.TestModeServiceStub,
            stack.credentials_address,
            credentials_test_mode.PurgeSandboxRequest,
        ),
    ]
    for stub_class, address, request in purges:
        async with grpc.aio.insecure_channel(address) as channel:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub_class(channel).PurgeSandbox(
                    request(workspace_id=stack.live.workspace_id)
                )
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION, address
        assert "live" in (refused.value.details() or "")
    assert await snapshot(stack, stack.live.workspace_id) == before


async def test_a_workspace_that_ordered_a_live_number_is_refused_and_keeps_the_order(
    stack: ModeStack,
) -> None:
    """Inventory's own guard also looks at number orders: a workspace holding no live number
    but with an order for one is not a sandbox either."""
    live_number = stack.numbers[-1]
    async with grpc.aio.insecure_channel(stack.inventory_address) as channel:
        orders = orders_pb2_grpc.NumberOrderServiceStub(channel)
        await orders.CreateNumberOrder(
            orders_pb2.CreateNumberOrderRequest(
                workspace_id=stack.test.workspace_id, number_id=live_number
            )
        )
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await inventory_test_mode_grpc.TestModeServiceStub(channel).PurgeSandbox(
                inventory_test_mode.PurgeSandboxRequest(workspace_id=stack.test.workspace_id)
            )
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    [order] = await stack.rows(
        "SELECT status FROM inventory.number_orders WHERE workspace_id = %s",
        stack.test.workspace_id,
    )
    assert order["status"] == "draft"
    [number] = await stack.rows("SELECT state FROM inventory.numbers WHERE id = %s", live_number)
    assert number["state"] == "reserved"


async def test_routing_purge_releases_what_inventory_released_before_its_event_arrives(
    stack: ModeStack,
) -> None:
    """The window between inventory's purge and routing hearing numbers.released: routing's
    purge re-reads the numbers itself, so a call event in that window records no delivery."""
    number = await stack.claim(stack.test)
    await stack.point_at_receiver(stack.test, number)
    async with grpc.aio.insecure_channel(stack.inventory_address) as channel:
        await inventory_test_mode_grpc.TestModeServiceStub(channel).PurgeSandbox(
            inventory_test_mode.PurgeSandboxRequest(workspace_id=stack.test.workspace_id)
        )

    async def heard() -> bool:
        rows = await stack.rows(
            "SELECT status FROM routing.routings WHERE tenant_number_id = %s", number.id
        )
        return rows[0]["status"] == "released"

    await eventually(heard, timeout=15)
    # Routing as it was before numbers.released arrived.
    await stack.rows(
        "UPDATE routing.routings SET status = 'active', events_url = %s "
        "WHERE tenant_number_id = %s",
        f"{stack.receiver.url}/events",
        number.id,
    )
    async with grpc.aio.insecure_channel(stack.routing_address) as channel:
        await routing_test_mode_grpc.TestModeServiceStub(channel).PurgeSandbox(
            routing_test_mode.PurgeSandboxRequest(workspace_id=stack.test.workspace_id)
        )

    [routing] = await stack.rows(
        "SELECT status FROM routing.routings WHERE tenant_number_id = %s", number.id
    )
    assert routing["status"] == "released"
    late = uuid.uuid4()
    subject, payload = call_payload("completed", number.e164, f"late-{late}")
    await publish(stack.nats_url, subject, payload, event_id=late)

    async def consumed() -> bool:
        return bool(
            await stack.rows("SELECT 1 FROM routing.processed_events WHERE event_id = %s", late)
        )

    await eventually(consumed, timeout=15)
    assert (
        await stack.rows(
            "SELECT 1 FROM routing.deliveries WHERE workspace_id = %s", stack.test.workspace_id
        )
        == []
    )
