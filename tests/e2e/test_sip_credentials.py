"""Issue acceptance for SIP credentials, on a platform started as `make run` starts it (every
service its own process, logging at DEBUG): the seed's curl command, verification as the SIP
edge sees it through every number lifecycle step, and a search for the issued passwords in
every place they must never be: the database, the services' logs, the JetStream messages and
every GET."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import grpc
import nats
import psycopg
import pytest

from devstack.infra import _postgres_bin
from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from platform_common.nats_link import STREAMS
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from tests.conftest import eventually
from tests.e2e.journey import FAST_CLAIMS, RENT, available_mobile_numbers, client


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("sip")
    env = {**platform_env(data_dir), **FAST_CLAIMS, "LOG_LEVEL": "DEBUG"}
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0


async def claimed_numbers(platform: RunningPlatform, key: str, count: int) -> list[dict]:  # type: ignore[type-arg]
    numbers = await available_mobile_numbers(platform, count)
    held = []
    async with client(platform, key) as api:
        for number in numbers:
            reply = await api.post(f"/v1/numbers/{number}/claim")
            assert reply.status_code == 201, reply.text
            held.append(reply.json())
    return held


async def verify(platform: RunningPlatform, username: str, password: str) -> bool:
    async with grpc.aio.insecure_channel(platform.grpc_address("credentials")) as channel:
        reply = await credentials_pb2_grpc.CredentialsServiceStub(channel).VerifyCredential(
            credentials_pb2.VerifyCredentialRequest(username=username, password=password),
            timeout=5,
        )
    return reply.valid


async def settles(platform: RunningPlatform, username: str, password: str, expected: bool) -> None:
    async def reached() -> bool:
        return await verify(platform, username, password) is expected

    await eventually(reached, timeout=15, interval=0.2)


def test_seed_curl_command_creates_a_credential(platform: RunningPlatform) -> None:
    """shared/seeds/000's command, character for character but the host and the {id}."""
    held = asyncio.run(claimed_numbers(platform, platform.demo["api_key"], 1))[0]
    script = f"""
set -e
B={platform.base_url}
curl -s -o cred.json -w "%{{http_code}}\\n" -X POST "$B/v1/numbers/{held["id"]}/sip-credentials" \\
-H "Authorization: Bearer $SAUTIKIT_API_KEY" \\
-H "Content-Type: application/json" \\
-d '{{"label": "main-ivr"}}'
"""
    workdir = platform.data_dir / "curl-sip"
    workdir.mkdir()
    env = {**os.environ, "SAUTIKIT_API_KEY": platform.demo["api_key"]}
    run = subprocess.run(
        ["bash", "-c", script], cwd=workdir, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.stdout.split() == ["201"], run.stdout + run.stderr
    body = json.loads((workdir / "cred.json").read_text())
    assert body["label"] == "main-ivr" and body["status"] == "active"
    assert body["username"] and len(body["password"]) >= 24
    assert asyncio.run(verify(platform, body["username"], body["password"]))


async def test_verification_follows_the_credential_and_its_number(
    platform: RunningPlatform,
) -> None:
    _, key = await funded_workspace(platform, RENT)
    [held] = await claimed_numbers(platform, key, 1)
    async with client(platform, key) as api:
        base = f"/v1/numbers/{held['id']}/sip-credentials"
        main = (await api.post(base, json={"label": "main"})).json()
        spare = (await api.post(base, json={"label": "spare"})).json()
        user, first = main["username"], main["password"]

        assert await verify(platform, user, first)
        assert not await verify(platform, user, first.swapcase())

        # A window no loaded machine outlasts between two calls; its end is reached by moving
        # the stored times back (the database's clock decides), never by sleeping.
        rotated = await api.post(f"{base}/{main['id']}/rotate", json={"grace_seconds": 600})
        assert rotated.status_code == 200, rotated.text
        second = rotated.json()["password"]
        assert await verify(platform, user, second)
        assert await verify(platform, user, first), "previous password inside the grace window"
        pass_grace_time(platform, 590)
        assert await verify(platform, user, first), "still inside it 590 s later"
        pass_grace_time(platform, 10.5)
        assert not await verify(platform, user, first), "and not after it"
        assert await verify(platform, user, second)

        revoked = await api.delete(f"{base}/{spare['id']}")
        assert revoked.status_code == 200
        assert not await verify(platform, spare["username"], spare["password"])

        async with grpc.aio.insecure_channel(platform.grpc_address("inventory")) as channel:
            inventory = inventory_pb2_grpc.InventoryServiceStub(channel)
            await inventory.SuspendNumber(
                inventory_pb2.SuspendNumberRequest(tenant_number_id=held["id"], reason="e2e")
            )
            await settles(platform, user, second, False)
            await inventory.ResumeNumber(
                inventory_pb2.ResumeNumberRequest(tenant_number_id=held["id"])
            )
            await settles(platform, user, second, True)

        released = await api.delete(f"/v1/numbers/{held['id']}")
        assert released.status_code == 200
        await settles(platform, user, second, False)
        listed = (await api.get(base)).json()["data"]
        assert {c["status"] for c in listed} == {"revoked"}


async def test_passwords_appear_only_in_the_response_that_issued_them(
    platform: RunningPlatform,
) -> None:
    _, key = await funded_workspace(platform, 2 * RENT)
    first_number, second_number = await claimed_numbers(platform, key, 2)
    passwords: list[str] = []
    usernames: list[str] = []
    reads: list[str] = []
    async with client(platform, key) as api:
        one = f"/v1/numbers/{first_number['id']}/sip-credentials"
        two = f"/v1/numbers/{second_number['id']}/sip-credentials"
        created = []
        for path, headers in ((one, {"Idempotency-Key": "e2e-a"}), (one, {}), (two, {})):
            reply = await api.post(path, json={"label": "pbx"}, headers=headers)
            assert reply.status_code == 201, reply.text
            created.append(reply.json())
        replay = await api.post(one, json={"label": "pbx"}, headers={"Idempotency-Key": "e2e-a"})
        assert replay.status_code == 201 and "password" not in replay.json()
        passwords += [c["password"] for c in created]
        usernames += [c["username"] for c in created]
        a, b, c = created

        for path, headers in (
            (f"{one}/{a['id']}/rotate", {"Idempotency-Key": "e2e-rotate"}),
            (f"{two}/{c['id']}/rotate", {}),
        ):
            reply = await api.post(path, json={"grace_seconds": 60}, headers=headers)
            assert reply.status_code == 200, reply.text
            passwords.append(reply.json()["password"])
        assert (await api.delete(f"{one}/{b['id']}")).status_code == 200
        for username, password in zip(usernames, passwords, strict=False):
            await verify(platform, username, password)
            await verify(platform, username, password + "x")
        assert (await api.delete(f"/v1/numbers/{second_number['id']}")).status_code == 200

        for path in (
            one,
            two,
            f"{one}/{a['id']}",
            f"{one}/{b['id']}",
            f"{two}/{c['id']}",
            f"/v1/numbers/{first_number['id']}",
            f"/v1/numbers/{second_number['id']}",
            "/v1/numbers?limit=100",
            "/v1/wallet/ledger?limit=100",
        ):
            reply = await api.get(path)
            assert reply.status_code == 200, (path, reply.text)
            reads.append(reply.text)
    assert len(set(passwords)) == 5

    # Everything that must know the credentials does, so the searches below look at the right
    # places: the GETs list them, the database holds their hashes, the events name them.
    everything_read = "\n".join(reads)
    assert all(u in everything_read for u in usernames)
    await settles(platform, c["username"], passwords[4], False)  # released: revoked
    dump = database_dump(platform)
    assert dump.count("$argon2id$") >= 2 and all(u in dump for u in usernames)

    async def all_credential_events() -> list | None:  # type: ignore[type-arg]
        # 3 created, 2 rotated, 2 revoked (b by DELETE, c with its number)
        found = await jetstream_messages(platform)
        mine = [m for m in found if m.subject.startswith("sautikit.credentials.")]
        return found if len(mine) >= 7 else None

    messages = await eventually(all_credential_events, timeout=15, interval=0.2)
    logs = "".join(p.read_text() for p in sorted((platform.data_dir / "logs").glob("*.log")))
    logs += "".join(platform.output)
    assert '"msg": "sip credential created"' in logs and '"level": "debug"' in logs

    for password in passwords:
        hex_form = password.encode().hex()
        assert password not in everything_read
        assert password not in dump and hex_form not in dump, "database"
        assert password not in logs and hex_form not in logs, "logs"
        for message in messages:
            assert password.encode() not in message.data, message.subject
            assert password not in json.dumps(message.headers or {}), message.subject


def database_url(platform: RunningPlatform) -> str:
    return f"postgresql://postgres@127.0.0.1:{platform.env['DEVSTACK_PG_PORT']}/sautikit"


def pass_grace_time(platform: RunningPlatform, seconds: float) -> None:
    """As if `seconds` went by for rotation grace windows: every stored rotation time moves
    that far into the past."""
    with psycopg.connect(database_url(platform), autocommit=True) as conn:
        conn.execute(
            "UPDATE credentials.sip_credentials SET "
            "previous_valid_until = previous_valid_until - make_interval(secs => %s), "
            "rotated_at = rotated_at - make_interval(secs => %s)",
            (seconds, seconds),
        )


def database_dump(platform: RunningPlatform) -> str:
    """Every table of every schema, as text (bytea as hex)."""
    run = subprocess.run(
        [str(_postgres_bin() / "pg_dump"), "--data-only", database_url(platform)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return run.stdout


async def jetstream_messages(platform: RunningPlatform) -> list:  # type: ignore[type-arg]
    """Every message still held by the platform's streams."""
    connection = await nats.connect(f"nats://127.0.0.1:{platform.env['DEVSTACK_NATS_PORT']}")
    messages = []
    try:
        js = connection.jetstream()
        for stream in STREAMS:
            try:
                info = await js.stream_info(stream)
            except nats.js.errors.NotFoundError:
                continue
            for sequence in range(max(1, info.state.first_seq), info.state.last_seq + 1):
                with contextlib.suppress(nats.js.errors.NotFoundError):
                    messages.append(await js.get_msg(stream, sequence))
    finally:
        await connection.close()
    return messages
