"""Issue acceptance for the numbers journey, through the HTTP gateway of a platform started
as `make run` starts it: the seed document's curl commands, concurrency, bad input, and a
wallet process killed in the middle of claims."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from tests.conftest import eventually
from tests.e2e.journey import (
    FAST_CLAIMS,
    RENT,
    available_mobile_numbers,
    balance,
    client,
    inventory_states,
    rentals,
)

DOCUMENTED_ID = "01900000-0000-7000-8000-000000000001"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("journey")
    env = {**platform_env(data_dir), **FAST_CLAIMS}
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0


def test_seed_curl_commands_work_as_written(platform: RunningPlatform) -> None:
    """shared/seeds/000's search, claim and release commands, character for character except
    the host (and the key in the environment). The document renders "&currency" as "¤cy" (an
    HTML entity); its intended text is used here. See the next test for the mangled form."""
    script = f"""
set -e
B={platform.base_url}
curl -s -o search.json -w "%{{http_code}}\\n" \\
-X GET "$B/v1/numbers/available?country=KE&currency=KES" \\
-H "Authorization: Bearer $SAUTIKIT_API_KEY"
curl -s -o claim.json -w "%{{http_code}}\\n" -X POST "$B/v1/numbers/{DOCUMENTED_ID}/claim" \\
-H "Authorization: Bearer $SAUTIKIT_API_KEY"
curl -s -o release.json -w "%{{http_code}}\\n" -X DELETE "$B/v1/numbers/{DOCUMENTED_ID}" \\
-H "Authorization: Bearer $SAUTIKIT_API_KEY"
"""
    workdir = platform.data_dir / "curl"
    workdir.mkdir()
    env = {**os.environ, "SAUTIKIT_API_KEY": platform.demo["api_key"]}
    run = subprocess.run(
        ["bash", "-c", script], cwd=workdir, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.stdout.split() == ["200", "201", "200"], run.stdout + run.stderr
    search = json.loads((workdir / "search.json").read_text())
    first = search["data"][0]
    assert set(first) >= {
        "id",
        "e164",
        "monthly_price_minor",
        "inbound_per_min_minor",
        "outbound_per_min_minor",
    }
    assert first["currency"] == "KES" and first["country"] == "KE"
    claim = json.loads((workdir / "claim.json").read_text())
    assert claim["number_id"] == DOCUMENTED_ID and claim["status"] == "active"
    release = json.loads((workdir / "release.json").read_text())
    assert release["status"] == "released" and "next_renewal_at" not in release


# The seed's search command as printed, byte for byte (the document renders "&currency" as
# "¤cy"); only the host differs.
SEED_SEARCH_AS_PRINTED = (
    'curl -X GET "https://api.sautikit.com/v1/numbers/available?country=KE\u00a4cy=KES" \\\n'
    '-H "Authorization: Bearer $SAUTIKIT_API_KEY"'
)


def test_seed_search_command_as_printed_sends_raw_utf8_and_gets_200(
    platform: RunningPlatform,
) -> None:
    """curl sends the "¤" as raw UTF-8 bytes in the request line; the gateway answers 200."""
    command = SEED_SEARCH_AS_PRINTED.replace("https://api.sautikit.com", platform.base_url)
    script = command + ' -s -o search.json -w "%{http_code}"'
    workdir = platform.data_dir / "curl-as-printed"
    workdir.mkdir()
    env = {**os.environ, "SAUTIKIT_API_KEY": platform.demo["api_key"], "LC_ALL": "C.UTF-8"}
    run = subprocess.run(
        ["bash", "-c", script], cwd=workdir, env=env, capture_output=True, timeout=60
    )
    body = (workdir / "search.json").read_bytes()
    assert run.stdout == b"200", run.stdout + run.stderr + body
    search = json.loads(body)
    assert search["data"] and all(n["currency"] == "KES" for n in search["data"])


async def test_entity_mangled_currency_parameter_is_repaired(platform: RunningPlatform) -> None:
    """Pasted into a browser or an HTTP library, "?country=KE¤cy=KES" arrives percent-encoded;
    the gateway reads it as the currency parameter it was."""
    async with client(platform, platform.demo["api_key"]) as api:
        reply = await api.get("/v1/numbers/available?country=KE%C2%A4cy=KES&limit=1")
        assert reply.status_code == 200, reply.text
        wrong = await api.get("/v1/numbers/available?country=KE%C2%A4cy=USD&limit=1")
        assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "currency"


async def test_claim_list_get_patch_release(platform: RunningPlatform) -> None:
    _, key = await funded_workspace(platform, 2 * RENT)
    [number] = await available_mobile_numbers(platform, 1)
    async with client(platform, key) as api:
        claimed = await api.post(f"/v1/numbers/{number}/claim")
        assert claimed.status_code == 201, claimed.text
        held = claimed.json()
        assert claimed.headers["location"] == f"/v1/numbers/{held['id']}"
        assert held["status"] == "active" and held["allow_inbound"] is True
        assert {
            "e164",
            "claimed_at",
            "monthly_price_minor",
            "next_renewal_at",
            "allow_outbound",
        } <= set(held)
        assert await balance(api) == RENT

        listed = (await api.get("/v1/numbers")).json()
        assert [n["id"] for n in listed["data"]] == [held["id"]]
        assert (await api.get(f"/v1/numbers/{held['id']}")).json()["e164"] == held["e164"]

        patched = await api.patch(
            f"/v1/numbers/{held['id']}", json={"allow_outbound": False, "color": "red"}
        )
        assert patched.status_code == 200 and patched.json()["allow_outbound"] is False

        released = await api.delete(f"/v1/numbers/{held['id']}")
        assert released.status_code == 200 and released.json()["status"] == "released"
        again = await api.patch(f"/v1/numbers/{held['id']}", json={"allow_inbound": True})
        assert again.status_code == 409 and again.json()["code"] == "number_released"
        assert (await api.get("/v1/numbers", params={"status": "active"})).json()["data"] == []
        assert await balance(api) == RENT, "release refunds nothing for the current month"

    _, other_key = await funded_workspace(platform, RENT)
    async with client(platform, other_key) as other:
        retaken = await other.post(f"/v1/numbers/{number}/claim")
        assert retaken.status_code == 201, "a released number can be claimed by another workspace"
        assert (await other.get(f"/v1/numbers/{held['id']}")).status_code == 404


async def test_fifty_concurrent_claims_of_one_number(platform: RunningPlatform) -> None:
    workspaces = [await funded_workspace(platform, 3 * RENT) for _ in range(5)]
    [number] = await available_mobile_numbers(platform, 1)
    clients = [client(platform, key) for _, key in workspaces]
    try:
        replies = await asyncio.gather(
            *(clients[i % 5].post(f"/v1/numbers/{number}/claim") for i in range(50))
        )
        statuses = [r.status_code for r in replies]
        assert statuses.count(201) == 1, statuses
        assert statuses.count(409) == 49
        assert {r.json()["code"] for r in replies if r.status_code == 409} == {"number_unavailable"}
        balances = [await balance(api) for api in clients]
        assert sorted(balances) == [2 * RENT] + [3 * RENT] * 4
        debits = [len(await rentals(api)) for api in clients]
        assert sum(debits) == 1
    finally:
        for api in clients:
            await api.aclose()


async def test_wallet_funded_for_three_claims_ten_concurrently(platform: RunningPlatform) -> None:
    _, key = await funded_workspace(platform, 3 * RENT + 123)
    numbers = await available_mobile_numbers(platform, 10)
    async with client(platform, key) as api:
        replies = await asyncio.gather(*(api.post(f"/v1/numbers/{n}/claim") for n in numbers))
        statuses = sorted(r.status_code for r in replies)
        assert statuses == [201] * 3 + [402] * 7, statuses
        assert {r.json()["code"] for r in replies if r.status_code == 402} == {
            "wallet_insufficient_funds"
        }
        assert await balance(api) == 123
        won = {r.json()["number_id"] for r in replies if r.status_code == 201}
        search = (
            await api.get("/v1/numbers/available", params={"limit": 100, "starts_with": "2547"})
        ).json()
        available = {n["id"] for n in search["data"]}
        assert set(numbers) - won <= available, "the seven others are available again"
    assert (await inventory_states(platform))["reserved"] == 0


BAD_REQUESTS = [
    ("GET", "/v1/numbers/available?country=US", None, 400, "validation_failed", "country"),
    ("GET", "/v1/numbers/available?currency=USD", None, 400, "validation_failed", "currency"),
    ("GET", "/v1/numbers/available?limit=0", None, 400, "validation_failed", "limit"),
    ("GET", "/v1/numbers/available?limit=ten", None, 400, "validation_failed", "limit"),
    ("GET", "/v1/numbers/available?starts_with=07x", None, 400, "validation_failed", "starts_with"),
    (
        "GET",
        "/v1/numbers/available?contains=" + "1" * 5000,
        None,
        400,
        "validation_failed",
        "contains",
    ),
    ("GET", "/v1/numbers/available?capability=fax", None, 400, "validation_failed", "capability"),
    (
        "GET",
        "/v1/numbers/available?number_type=premium",
        None,
        400,
        "validation_failed",
        "number_type",
    ),
    ("GET", "/v1/numbers/available?cursor=%21%21", None, 400, "validation_failed", "cursor"),
    ("GET", "/v1/numbers?status=gone", None, 400, "validation_failed", "status"),
    ("POST", "/v1/numbers/nope/claim", None, 400, "validation_failed", "id"),
    (
        "POST",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff/claim",
        None,
        404,
        "number_not_found",
        None,
    ),
    (
        "POST",
        "/v1/numbers/zzzzzzzz-0000-7000-8000-0000000000ff/claim",
        None,
        404,
        "number_not_found",
        None,
    ),
    (
        "GET",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff",
        None,
        404,
        "number_not_found",
        None,
    ),
    (
        "PATCH",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff",
        {"allow_inbound": True},
        404,
        "number_not_found",
        None,
    ),
    (
        "PATCH",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff",
        {"allow_inbound": "yes"},
        400,
        "validation_failed",
        "allow_inbound",
    ),
    (
        "PATCH",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff",
        {},
        400,
        "validation_failed",
        "body",
    ),
    (
        "PATCH",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff",
        "{not json",
        400,
        "invalid_json",
        None,
    ),
    (
        "PATCH",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff",
        [1, 2],
        400,
        "validation_failed",
        None,
    ),
    (
        "DELETE",
        "/v1/numbers/01900000-0000-7000-8000-0000000000ff",
        None,
        404,
        "number_not_found",
        None,
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "code", "field"), BAD_REQUESTS)
async def test_bad_input_gets_a_precise_problem(  # type: ignore[no-untyped-def]
    platform: RunningPlatform, method, path, body, status, code, field
) -> None:
    async with client(platform, platform.demo["api_key"]) as api:
        before = await balance(api)
        if isinstance(body, str):
            reply = await api.request(
                method, path, content=body, headers={"Content-Type": "application/json"}
            )
        elif body is None:
            reply = await api.request(method, path)
        else:
            reply = await api.request(method, path, json=body)
        assert reply.status_code == status, reply.text
        assert reply.headers["content-type"].startswith("application/problem+json")
        problem = reply.json()
        assert problem["code"] == code and problem["request_id"]
        if field is not None:
            assert field in [e["field"] for e in problem["errors"]], problem
        assert await balance(api) == before


async def test_another_workspaces_number_is_404_everywhere(platform: RunningPlatform) -> None:
    _, owner_key = await funded_workspace(platform, RENT)
    _, stranger_key = await funded_workspace(platform, RENT)
    [number] = await available_mobile_numbers(platform, 1)
    async with client(platform, owner_key) as owner, client(platform, stranger_key) as stranger:
        held = (await owner.post(f"/v1/numbers/{number}/claim")).json()
        for ref in (held["id"], number):
            for method, body in (
                ("GET", None),
                ("PATCH", {"allow_inbound": False}),
                ("DELETE", None),
            ):
                reply = await stranger.request(method, f"/v1/numbers/{ref}", json=body)
                assert reply.status_code == 404 and reply.json()["code"] == "number_not_found"
        assert (await owner.get(f"/v1/numbers/{held['id']}")).json()["status"] == "active"


async def test_idempotency_key_replays_a_claim(platform: RunningPlatform) -> None:
    _, key = await funded_workspace(platform, 3 * RENT)
    first_number, second_number = await available_mobile_numbers(platform, 2)
    async with client(platform, key) as api:
        headers = {"Idempotency-Key": "claim-once-please"}
        first = await api.post(f"/v1/numbers/{first_number}/claim", headers=headers)
        replay = await api.post(f"/v1/numbers/{first_number}/claim", headers=headers)
        assert first.status_code == replay.status_code == 201
        assert replay.json() == first.json()
        assert replay.headers.get("idempotent-replayed") == "true"
        reused = await api.post(f"/v1/numbers/{second_number}/claim", headers=headers)
        assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
        assert await balance(api) == 2 * RENT, "charged once"


def _wallet_process(platform: RunningPlatform) -> psutil.Process:
    for process in platform.descendants():
        try:
            if "services.wallet.main" in " ".join(process.cmdline()):
                return process
        except psutil.NoSuchProcess:
            continue
    raise AssertionError("wallet process not found")


async def test_wallet_killed_during_claims_charges_once_or_not_at_all(
    platform: RunningPlatform,
) -> None:
    """SIGKILL the wallet while 24 claims are in flight. Once reservations expire and the
    sweeper settles them, every number is assigned-and-charged-once or available-and-free."""
    _, key = await funded_workspace(platform, 100 * RENT)
    numbers = await available_mobile_numbers(platform, 24)
    victim = _wallet_process(platform)
    async with client(platform, key) as api:
        start_balance = await balance(api)

        async def claim(number: str, delay: float) -> int:
            await asyncio.sleep(delay)
            return (await api.post(f"/v1/numbers/{number}/claim")).status_code

        claims = asyncio.gather(*(claim(n, i * 0.02) for i, n in enumerate(numbers)))
        await asyncio.sleep(0.15)
        os.kill(victim.pid, signal.SIGKILL)
        statuses = await claims
        print("claim statuses while the wallet died:", sorted(statuses))
        assert set(statuses) <= {201, 503, 409}, statuses
        assert 503 in statuses, "some claims must have lost the wallet mid-flight"

        async def settled() -> bool:
            return (await inventory_states(platform))["reserved"] == 0 and (
                await api.get("/v1/wallet")
            ).status_code == 200

        await eventually(settled, timeout=60, interval=0.5)
        held = (await api.get("/v1/numbers", params={"limit": 100})).json()["data"]
        held_ids = {n["number_id"] for n in held}
        charges = await rentals(api)
        assert len(charges) == len(held), "one rental debit per number held, none for the others"
        assert await balance(api) == start_balance - RENT * len(held)
        for number in numbers:
            if number not in held_ids:
                listed = (
                    await api.get(
                        "/v1/numbers/available", params={"starts_with": "2547", "limit": 100}
                    )
                ).json()
                assert number in {n["id"] for n in listed["data"]}, (
                    "not held means back in the pool"
                )
                break
    assert _wallet_process(platform).pid != victim.pid, "the supervisor restarted the wallet"
