"""Test mode on the platform as `make run` starts it (DESIGN.md §11): a workspace's sk_test_
keys act on its sandbox, which can neither see nor change the live side, and the other way round.

The live Daraja is deliberately unreachable here (DARAJA_BASE_URL points at a closed port):
test-mode top-ups must still work, because they always go to the Daraja simulator.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import httpx
import nats
import psycopg
import pytest

from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from platform_common.events import headers_for
from platform_common.nats_link import STREAMS, ensure_stream
from sautikit.events.v1 import calls_pb2
from sautikit.wallet.v1 import usage_pb2, usage_pb2_grpc
from tests.conftest import eventually
from tests.e2e.journey import FAST_CLAIMS, client, inventory_states

TEST_POOL = "+25418000"
TEST_OPENING_BALANCE = 1_000_000  # services/wallet/sandbox.py
LIVE_FUNDS = 300_000
SUCCESS_PHONE = "254708374149"
# The simulator's documented phones (devstack/daraja_simulator.py) and how each top-up ends.
TOPUP_OUTCOMES = [
    (SUCCESS_PHONE, "succeeded", 0),
    ("254700000001", "failed", 1),
    ("254700001032", "failed", 1032),
    ("254700001037", "failed", 1037),
    ("254700002001", "failed", 2001),
]


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("test-mode")
    env = {
        **platform_env(data_dir),
        **FAST_CLAIMS,
        "DARAJA_BASE_URL": "http://127.0.0.1:1",  # the live Daraja: unreachable
        "DARAJA_SIMULATOR_CALLBACK_DELAY": "0.1",
    }
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0


@dataclass
class Sides:
    workspace_id: str
    live: httpx.AsyncClient
    test: httpx.AsyncClient


def issue_key(platform: RunningPlatform, workspace_id: str, mode: str) -> dict[str, str]:
    run = platform.cli("api-key", "create", "--workspace", workspace_id, "--mode", mode)
    assert run.returncode == 0, run.stderr
    printed: dict[str, str] = json.loads(run.stdout)
    return printed


async def both_sides(platform: RunningPlatform) -> Sides:
    workspace_id, live_key = await funded_workspace(platform, LIVE_FUNDS)
    test_key = issue_key(platform, workspace_id, "test")["api_key"]
    return Sides(workspace_id, client(platform, live_key), client(platform, test_key))


def db_url(platform: RunningPlatform) -> str:
    return f"postgresql://postgres@127.0.0.1:{platform.env['DEVSTACK_PG_PORT']}/sautikit"


def assert_livemode(body: Any, expected: bool) -> None:
    """Every object of a response (a dict with an id, or the top-level object) carries it."""

    def walk(value: Any, top: bool) -> None:
        if isinstance(value, dict):
            if top and "data" in value and isinstance(value["data"], list):
                for item in value["data"]:
                    walk(item, True)
                return
            if top or "id" in value:
                assert value.get("livemode") is expected, value
            for member in value.values():
                walk(member, False)
        elif isinstance(value, list):
            for item in value:
                walk(item, False)

    walk(body, True)


async def search(api: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    reply = await api.get("/v1/numbers/available", params={"limit": 100, **params})
    assert reply.status_code == 200, reply.text
    data: list[dict[str, Any]] = reply.json()["data"]
    return data


async def claim(api: httpx.AsyncClient, number_id: str, key: str | None = None) -> httpx.Response:
    return await api.post(
        f"/v1/numbers/{number_id}/claim", headers={"Idempotency-Key": key or str(uuid.uuid4())}
    )


async def by_e164(api: httpx.AsyncClient, e164: str) -> dict[str, Any]:
    [found] = [n for n in await search(api, starts_with=e164) if n["e164"] == e164]
    return found


async def holding_with_credential(api: httpx.AsyncClient, number_id: str) -> dict[str, str]:
    """Claims a number and gives it a SIP credential; the ids of both."""
    claimed = await claim(api, number_id)
    assert claimed.status_code == 201, claimed.text
    tenant_number = claimed.json()
    created: dict[str, Any] = {}

    async def credential_created() -> bool:
        reply = await api.post(
            f"/v1/numbers/{tenant_number['id']}/sip-credentials", json={"label": "desk"}
        )
        created.update(reply.json())
        return reply.status_code == 201

    await eventually(credential_created, timeout=30)
    return {
        "tenant_number_id": tenant_number["id"],
        "number_id": tenant_number["number_id"],
        "credential_id": created["id"],
    }


async def authorized_live_call(platform: RunningPlatform, e164: str) -> str:
    """What the voice platform does first: AuthorizeCall, asked again (with a new call id)
    until the wallet has heard of the number's claim; the id of the call it allowed."""
    async with grpc.aio.insecure_channel(platform.env["WALLET_ADDR"]) as channel:
        usage = usage_pb2_grpc.UsageServiceStub(channel)
        allowed: list[str] = []

        async def authorized() -> bool:
            call_id = f"live-{uuid.uuid4()}"
            reply = await usage.AuthorizeCall(
                usage_pb2.AuthorizeCallRequest(
                    call_id=call_id,
                    e164=e164,
                    direction=calls_pb2.CALL_DIRECTION_INBOUND,
                    from_number="+254711000001",
                    to_number=e164,
                )
            )
            if reply.allowed:
                allowed.append(call_id)
            return reply.allowed

        await eventually(authorized, timeout=30, interval=0.2)
    return allowed[0]


async def publish_live_call(platform: RunningPlatform, e164: str) -> None:
    """What the voice platform does for a live call: authorize it, then call.completed on
    JetStream."""
    call_id = await authorized_live_call(platform, e164)
    connection = await nats.connect(f"nats://127.0.0.1:{platform.env['DEVSTACK_NATS_PORT']}")
    try:
        js = connection.jetstream()
        await ensure_stream(js, "SAUTIKIT_CALLS", [STREAMS["SAUTIKIT_CALLS"]])
        payload = calls_pb2.CallCompleted(
            call=calls_pb2.CallParty(
                call_id=call_id,
                e164=e164,
                from_number="+254711000001",
                to_number=e164,
                direction=calls_pb2.CALL_DIRECTION_INBOUND,
            ),
            duration_seconds=30,
        )
        headers = headers_for(
            event_id=uuid.uuid4(),
            source="sautikit/voice",
            type_="sautikit.calls.completed.v1",
            ce_subject=f"calls/{call_id}",
            time=datetime.now(UTC),
        )
        await js.publish("sautikit.calls.completed", payload.SerializeToString(), headers=headers)
    finally:
        await connection.close()


async def simulated_authorized_call(api: httpx.AsyncClient, e164: str) -> None:
    """POST /v1/test/calls, asked again until the wallet allows the call: like the voice
    platform's AuthorizeCall, the wallet refuses (number_disabled) a number whose claim it
    has not heard of yet, and a refused call on such a number leaves no call record."""

    async def authorized() -> bool:
        reply = await api.post("/v1/test/calls", json={"to": e164, "from": "+254711000001"})
        assert reply.status_code == 201, reply.text
        return bool(reply.json()["authorized"])

    await eventually(authorized, timeout=30, interval=0.2)


async def call_and_delivery(api: httpx.AsyncClient, tenant_number_id: str) -> dict[str, str]:
    """The ids of the side's first call record and of its number's first delivery."""
    found: dict[str, str] = {}

    async def recorded() -> bool:
        calls = (await api.get("/v1/calls")).json()["data"]
        deliveries = (await api.get(f"/v1/numbers/{tenant_number_id}/deliveries")).json()["data"]
        if calls and deliveries:
            found.update(call_record_id=calls[0]["id"], delivery_id=deliveries[0]["id"])
        return bool(found)

    await eventually(recorded, timeout=30)
    return found


async def order_id(api: httpx.AsyncClient, number_id: str) -> str:
    reply = await api.post("/v1/number-orders", json={"number_id": number_id})
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"])


async def first_topup_id(api: httpx.AsyncClient) -> str:
    reply = await api.get("/v1/wallet/topups")
    assert reply.status_code == 200, reply.text
    return str(reply.json()["data"][0]["id"])


# Every request one side might make on an object of the other, by every id form the API takes.
# (method, path template, JSON body)
CROSS_REQUESTS = [
    ("GET", "/v1/numbers/{tenant_number_id}", None),
    ("GET", "/v1/numbers/{number_id}", None),
    ("PATCH", "/v1/numbers/{tenant_number_id}", {"allow_inbound": False}),
    ("PATCH", "/v1/numbers/{number_id}", {"allow_outbound": False}),
    ("POST", "/v1/numbers/{number_id}/claim", None),
    ("GET", "/v1/numbers/{tenant_number_id}/routing", None),
    ("PATCH", "/v1/numbers/{tenant_number_id}/routing", {"events_url": None}),
    ("GET", "/v1/numbers/{number_id}/sip-credentials", None),
    ("POST", "/v1/numbers/{tenant_number_id}/sip-credentials", {"label": "intruder"}),
    ("GET", "/v1/numbers/{tenant_number_id}/sip-credentials/{credential_id}", None),
    ("POST", "/v1/numbers/{tenant_number_id}/sip-credentials/{credential_id}/rotate", None),
    ("DELETE", "/v1/numbers/{tenant_number_id}/sip-credentials/{credential_id}", None),
    ("GET", "/v1/numbers/{tenant_number_id}/deliveries", None),
    ("POST", "/v1/deliveries/{delivery_id}/redeliver", None),
    ("GET", "/v1/calls/{call_record_id}", None),
    ("GET", "/v1/number-orders/{order_id}", None),
    ("PATCH", "/v1/number-orders/{order_id}/registration", {"registration_type": "individual"}),
    ("POST", "/v1/number-orders/{order_id}/submit", None),
    ("POST", "/v1/number-orders/{order_id}/cancel", None),
    ("GET", "/v1/wallet/topups/{topup_id}", None),
    ("DELETE", "/v1/numbers/{tenant_number_id}", None),  # last: it would release the number
]


async def test_the_cli_issues_keys_of_either_mode_for_a_workspace(
    platform: RunningPlatform,
) -> None:
    workspace_id, _ = await funded_workspace(platform, 0)
    for mode in ("test", "live"):
        printed = issue_key(platform, workspace_id, mode)
        assert set(printed) == {"api_key", "mode", "workspace_id"}
        assert (printed["mode"], printed["workspace_id"]) == (mode, workspace_id)
        assert printed["api_key"].startswith(f"sk_{mode}_")
        async with client(platform, printed["api_key"]) as api:
            wallet = await api.get("/v1/wallet", headers={"Sautikit-Workspace": workspace_id})
        assert wallet.status_code == 200, wallet.text
        assert wallet.json()["livemode"] is (mode == "live")
        # The test side starts with the documented test balance; the live side with nothing.
        expected = 0 if mode == "live" else TEST_OPENING_BALANCE
        assert wallet.json()["balance_minor"] == expected
    bad = platform.cli("api-key", "create", "--workspace", workspace_id, "--mode", "sandbox")
    assert bad.returncode == 2
    listed = json.loads(platform.cli("api-key", "list", "--workspace", workspace_id).stdout)
    assert sorted(k["mode"] for k in listed["api_keys"]) == ["live", "live", "test"]


async def test_each_side_searches_only_its_own_pool(platform: RunningPlatform) -> None:
    sides = await both_sides(platform)
    async with sides.live, sides.test:
        live = await search(sides.live)
        test = await search(sides.test)
        assert live and test
        assert all(not n["e164"].startswith(TEST_POOL) and n["livemode"] for n in live)
        assert all(n["e164"].startswith(TEST_POOL) and n["livemode"] is False for n in test)
        # Even asked for the test block by prefix, live search finds nothing.
        assert await search(sides.live, starts_with=TEST_POOL) == []
        # An available number of the other side cannot be claimed, nor detected: 404.
        for api, other in ((sides.live, test[0]), (sides.test, live[0])):
            reply = await claim(api, other["id"])
            assert reply.status_code == 404, reply.text
            assert reply.json()["code"] == "number_not_found"


async def test_neither_side_sees_or_changes_the_others_objects(platform: RunningPlatform) -> None:
    sides = await both_sides(platform)
    async with sides.live, sides.test:
        live_number = (await search(sides.live, number_type="mobile"))[0]
        test_number = (await search(sides.test))[0]
        objects = {
            True: await holding_with_credential(sides.live, live_number["id"]),
            False: await holding_with_credential(sides.test, test_number["id"]),
        }
        # The live Daraja is down: the live top-up fails but exists; the test one succeeds.
        live_topup = await sides.live.post(
            "/v1/wallet/topups", json={"amount_minor": 10_000, "phone": SUCCESS_PHONE}
        )
        assert live_topup.status_code == 503, live_topup.text
        test_topup = await sides.test.post(
            "/v1/wallet/topups", json={"amount_minor": 10_000, "phone": SUCCESS_PHONE}
        )
        assert test_topup.status_code == 202, test_topup.text
        objects[True]["topup_id"] = await first_topup_id(sides.live)
        objects[False]["topup_id"] = test_topup.json()["id"]
        # A call and its event delivery on each side: a real call's events on the live side,
        # POST /v1/test/calls on the test side (right after the claim: the simulator asks
        # inventory when routing has not heard of it yet). And an open number order on each.
        # A real call's delivery needs routing to know the number (it drops call events for a
        # number it has never heard of): reading the routing makes it look the number up.
        known = await sides.live.get(f"/v1/numbers/{objects[True]['tenant_number_id']}/routing")
        assert known.status_code == 200, known.text
        await publish_live_call(platform, live_number["e164"])
        await simulated_authorized_call(sides.test, test_number["e164"])
        for livemode, api, pool in (
            (True, sides.live, await search(sides.live, number_type="mobile")),
            (False, sides.test, await search(sides.test)),
        ):
            objects[livemode].update(
                await call_and_delivery(api, objects[livemode]["tenant_number_id"])
            )
            objects[livemode]["order_id"] = await order_id(api, pool[0]["id"])

        for owner_is_live, ids in objects.items():
            owner = sides.live if owner_is_live else sides.test
            intruder = sides.test if owner_is_live else sides.live
            for method, template, body in CROSS_REQUESTS:
                path = template.format(**ids)
                reply = await intruder.request(
                    method, path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
                )
                side = "live" if owner_is_live else "test"
                assert reply.status_code == 404, (side, method, path, reply.text)
            # Lists of the other side never show the owner's objects.
            listed = (await intruder.get("/v1/numbers")).json()["data"]
            assert ids["tenant_number_id"] not in {n["id"] for n in listed}
            topups = (await intruder.get("/v1/wallet/topups")).json()["data"]
            assert ids["topup_id"] not in {t["id"] for t in topups}
            calls = (await intruder.get("/v1/calls")).json()["data"]
            assert ids["call_record_id"] not in {c["id"] for c in calls}
            # The owner still sees every object unchanged, each with the right livemode.
            for path in (
                "/v1/numbers/{tenant_number_id}",
                "/v1/numbers/{number_id}",
                "/v1/numbers/{tenant_number_id}/routing",
                "/v1/numbers/{tenant_number_id}/sip-credentials",
                "/v1/numbers/{tenant_number_id}/sip-credentials/{credential_id}",
                "/v1/numbers/{tenant_number_id}/deliveries",
                "/v1/calls/{call_record_id}",
                "/v1/calls",
                "/v1/number-orders/{order_id}",
                "/v1/wallet/topups/{topup_id}",
                "/v1/wallet/topups",
                "/v1/wallet",
                "/v1/wallet/ledger",
                "/v1/numbers",
                "/v1/numbers/available",
            ):
                reply = await owner.get(path.format(**ids))
                assert reply.status_code == 200, (path, reply.text)
                assert_livemode(reply.json(), owner_is_live)
            number = (await owner.get(f"/v1/numbers/{ids['tenant_number_id']}")).json()
            assert (number["status"], number["allow_inbound"]) == ("active", True)
            assert [c["status"] for c in number["sip_credentials"]] == ["active"]


async def live_snapshot(platform: RunningPlatform, sides: Sides) -> dict[str, Any]:
    """Everything of the live side a test-side action could touch."""
    snapshot: dict[str, Any] = {}
    for path in ("/v1/wallet", "/v1/wallet/ledger", "/v1/numbers", "/v1/wallet/topups"):
        reply = await sides.live.get(path, params={"limit": 100} if path != "/v1/wallet" else {})
        assert reply.status_code == 200, reply.text
        snapshot[path] = reply.json()
    snapshot["search"] = [n["id"] for n in await search(sides.live)]
    snapshot["inventory"] = await inventory_states(platform)
    with psycopg.connect(db_url(platform)) as conn:
        snapshot["rows"] = conn.execute(
            "SELECT (SELECT count(*) FROM wallet.ledger_entries WHERE workspace_id = %(w)s),"
            " (SELECT balance_minor FROM wallet.wallets WHERE workspace_id = %(w)s),"
            " (SELECT count(*) FROM wallet.topups WHERE workspace_id = %(w)s),"
            " (SELECT count(*) FROM inventory.tenant_numbers WHERE workspace_id = %(w)s),"
            " (SELECT count(*) FROM credentials.sip_credentials WHERE workspace_id = %(w)s),"
            " (SELECT count(*) FROM inventory.numbers WHERE livemode AND state <> 'available')",
            {"w": sides.workspace_id},
        ).fetchone()
        # Events about the live workspace: any outbox row whose payload names it.
        snapshot["events"] = {
            schema: conn.execute(
                f"SELECT count(*) FROM {schema}.outbox"  # noqa: S608 - fixed schema names
                " WHERE position(convert_to(%s, 'UTF8') IN payload) > 0",
                (sides.workspace_id,),
            ).fetchone()
            for schema in ("inventory", "wallet", "credentials", "routing")
        }
    return snapshot


async def test_test_side_activity_leaves_the_live_side_untouched(
    platform: RunningPlatform,
) -> None:
    sides = await both_sides(platform)
    async with sides.live, sides.test:
        live_number = (await search(sides.live, number_type="mobile"))[0]
        await holding_with_credential(sides.live, live_number["id"])
        before = await live_snapshot(platform, sides)

        test_numbers = await search(sides.test)
        ids = await holding_with_credential(sides.test, test_numbers[0]["id"])
        rotated = await sides.test.post(
            f"/v1/numbers/{ids['tenant_number_id']}/sip-credentials/{ids['credential_id']}/rotate",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert rotated.status_code == 200, rotated.text
        started = []
        for phone, _, _ in TOPUP_OUTCOMES:
            reply = await sides.test.post(
                "/v1/wallet/topups", json={"amount_minor": 20_000, "phone": phone}
            )
            assert reply.status_code == 202, reply.text
            started.append(reply.json()["id"])
        refused = await sides.test.post(
            "/v1/wallet/topups", json={"amount_minor": 20_000, "phone": "254700000400"}
        )
        assert (refused.status_code, refused.json()["code"]) == (502, "mpesa_request_failed")

        async def settled() -> bool:
            for topup_id in started:
                reply = await sides.test.get(f"/v1/wallet/topups/{topup_id}")
                if reply.json()["status"] == "pending":
                    return False
            return True

        await eventually(settled, timeout=60, interval=0.2)
        for topup_id, (_, status, code) in zip(started, TOPUP_OUTCOMES, strict=True):
            topup = (await sides.test.get(f"/v1/wallet/topups/{topup_id}")).json()
            assert (topup["status"], topup["result_code"], topup["livemode"]) == (
                status,
                code,
                False,
            )
        # The test side's renewal, now: its number's next month is charged to test money.
        renewal = await sides.test.post("/v1/test/renewals")
        assert renewal.status_code == 200, renewal.text
        assert [(i["number_id"], i["outcome"]) for i in renewal.json()["data"]] == [
            (ids["tenant_number_id"], "charged")
        ]
        wallet = (await sides.test.get("/v1/wallet")).json()
        rent = test_numbers[0]["monthly_price_minor"]
        assert wallet["balance_minor"] == TEST_OPENING_BALANCE - 2 * rent + 20_000
        ledger = (await sides.test.get("/v1/wallet/ledger")).json()["data"]
        assert sum(e["amount_minor"] for e in ledger) == wallet["balance_minor"]

        assert await live_snapshot(platform, sides) == before


async def test_magic_test_numbers_fail_each_documented_way(platform: RunningPlatform) -> None:
    sides = await both_sides(platform)
    async with sides.live, sides.test:
        before = await live_snapshot(platform, sides)
        for e164, status, code in (
            ("+254180000402", 402, "wallet_insufficient_funds"),
            ("+254180000409", 409, "number_unavailable"),
        ):
            number = await by_e164(sides.test, e164)
            reply = await claim(sides.test, number["id"])
            assert (reply.status_code, reply.json()["code"]) == (status, code), reply.text
            # Nothing was taken: the number is still listed, the test balance intact.
            assert (await by_e164(sides.test, e164))["id"] == number["id"]
        pending = await by_e164(sides.test, "+254180000503")
        first = await claim(sides.test, pending["id"], key="magic-503")
        assert (first.status_code, first.json()["code"]) == (503, "claim_pending"), first.text
        wallet = (await sides.test.get("/v1/wallet")).json()
        assert wallet["balance_minor"] == TEST_OPENING_BALANCE - pending["monthly_price_minor"]
        assert await live_snapshot(platform, sides) == before
