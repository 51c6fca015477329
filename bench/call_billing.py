"""Call billing: AuthorizeCall + settlement pairs per second at 16 concurrent callers next to
`pgbench -N` TPS on the same PostgreSQL server in the same run; AuthorizeCall p99; and how fast
the wallet rates a backlog of 100,000 queued `call.completed` events.

The bench plays the voice platform: AuthorizeCall over gRPC to the wallet process, then
`sautikit.calls.completed` on JetStream; a pair counts once its call is settled (status
`completed`, one `call_usage` entry). Setup writes the wallet's number view directly (16
numbers, one funded wallet each) and routing's, instead of claiming through inventory.

Targets: AuthorizeCall p99 < 15 ms at an offered 100 call set-ups per second (open loop,
settlement running); rating >= 1,000 events/s. Pairs/s is shown against pgbench, and the p99
of 16 back-to-back callers (callers / throughput once saturated), for information.
`python -m bench.call_billing` runs it alone.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import nats
import psycopg

from bench.measure import (
    LoadResult,
    closed_loop,
    cpu_ms_per_operation,
    cpu_seconds,
    pgbench_tps,
)
from bench.platform_fixture import scratch_database
from bench.report import row
from devstack.launcher import RunningPlatform
from platform_common.events import headers_for
from platform_common.nats_link import STREAMS, ensure_stream
from platform_common.timestamps import to_timestamp
from sautikit.events.v1 import calls_pb2
from sautikit.wallet.v1 import usage_pb2, usage_pb2_grpc, wallet_pb2, wallet_pb2_grpc

CALLERS = 16
RATE = 200
SECONDS = 61  # 204 minor units each at 60/1
QUEUED = 100_000
SUBJECT = "sautikit.calls.completed"
# Call set-ups per second offered in the open-loop phase: 8.6 million a day, about half of
# what one wallet process settles per second on the 2-core development machine.
OFFERED_PER_SECOND = 100.0


def _nats_url(platform: RunningPlatform) -> str:
    return f"nats://127.0.0.1:{platform.env['DEVSTACK_NATS_PORT']}"


def _outbound_call(call_id: str, e164: str) -> usage_pb2.AuthorizeCallRequest:
    """What the voice platform asks before an outbound call from one of the bench numbers."""
    return usage_pb2.AuthorizeCallRequest(
        call_id=call_id,
        e164=e164,
        direction=calls_pb2.CALL_DIRECTION_OUTBOUND,
        from_number=e164,
        to_number="+254700000001",
    )


def _completed(e164: str, call_id: str) -> bytes:
    start = datetime.now(UTC)
    return calls_pb2.CallCompleted(
        call=calls_pb2.CallParty(
            call_id=call_id,
            e164=e164,
            from_number=e164,
            to_number="+254700000001",
            direction=calls_pb2.CALL_DIRECTION_OUTBOUND,
        ),
        started_at=to_timestamp(start),
        answered_at=to_timestamp(start),
        ended_at=to_timestamp(start + timedelta(seconds=SECONDS)),
        duration_seconds=SECONDS,
        hangup_by="caller",
    ).SerializeToString()


def _headers(call_id: str) -> dict[str, str]:
    return headers_for(
        event_id=uuid.uuid4(),
        source="sautikit/voice",
        type_=f"{SUBJECT}.v1",
        ce_subject=f"calls/{call_id}",
        time=datetime.now(UTC),
    )


async def _numbers(platform: RunningPlatform, db_url: str) -> list[tuple[str, str]]:
    """16 (workspace, e164) holdings in the wallet's number view, each wallet well funded."""
    # +254747... is a block the bench inventory (demo_numbers) never generates, so no claim
    # made by another stage of `make bench` holds one of these too.
    holdings = [(str(uuid.uuid4()), f"+2547470{i:05d}") for i in range(CALLERS)]
    with psycopg.connect(db_url, autocommit=True) as conn:
        for workspace, e164 in holdings:
            tenant_number_id = uuid.uuid4()
            conn.execute(
                "INSERT INTO wallet.call_numbers (tenant_number_id, workspace_id, e164, status, "
                "allow_inbound, allow_outbound, inbound_per_min_minor, outbound_per_min_minor, "
                "status_changed_at, settings_changed_at) "
                "VALUES (%s, %s, %s, 'active', true, true, %s, %s, now(), now())",
                (tenant_number_id, workspace, e164, RATE, RATE),
            )
            # Routing's view too, as the claim would have left it (no URLs): its call-event
            # consumer redelivers events of numbers it has never heard of.
            conn.execute(
                "INSERT INTO routing.routings (tenant_number_id, workspace_id, e164, held_since) "
                "VALUES (%s, %s, %s, now())",
                (tenant_number_id, workspace, e164),
            )
    async with grpc.aio.insecure_channel(platform.grpc_address("wallet")) as channel:
        wallet = wallet_pb2_grpc.WalletServiceStub(channel)
        for workspace, _ in holdings:
            await wallet.Credit(
                wallet_pb2.CreditRequest(
                    workspace_id=workspace,
                    amount_minor=10**12,
                    entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                    idempotency_key=f"bench-calls:{workspace}",
                )
            )
    return holdings


async def _drained(platform: RunningPlatform, db_url: str, prefix: str, expected: int) -> float:
    """Waits until the wallet's call.completed consumer has nothing pending (asking JetStream,
    which costs the database nothing), then checks that `expected` calls whose id starts with
    prefix are completed. Returns the time the backlog was seen drained."""
    client = await nats.connect(_nats_url(platform))
    try:
        js = client.jetstream()
        deadline = time.perf_counter() + 900
        while time.perf_counter() < deadline:
            info = await js.consumer_info("SAUTIKIT_CALLS", "wallet-calls-completed")
            if not info.num_pending and not info.num_ack_pending:
                break
            await asyncio.sleep(0.1)
        drained = time.perf_counter()
    finally:
        await client.close()
    async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM wallet.calls WHERE status = 'completed' AND call_id LIKE %s",
            (prefix + "%",),
        )
        found = await cursor.fetchone()
    if not found or found[0] < expected:
        raise RuntimeError(f"{found} of {expected} calls settled")
    return drained


async def pairs(
    platform: RunningPlatform, db_url: str, holdings: list[tuple[str, str]], seconds: float
) -> tuple[Any, float, int]:
    """16 callers, each on its own number: AuthorizeCall, then call.completed. Returns the
    AuthorizeCall load result, settled pairs per second and the pair count."""
    client = await nats.connect(_nats_url(platform))
    js = client.jetstream()
    await ensure_stream(js, "SAUTIKIT_CALLS", [STREAMS["SAUTIKIT_CALLS"]])
    authorize_ms: list[float] = []
    prefix = "warm-"
    async with grpc.aio.insecure_channel(platform.grpc_address("wallet")) as channel:
        usage = usage_pb2_grpc.UsageServiceStub(channel)

        async def pair(worker: int, i: int) -> bool:
            _, e164 = holdings[worker]
            call_id = f"{prefix}{i}"
            started = time.perf_counter()
            answer = await usage.AuthorizeCall(_outbound_call(call_id, e164))
            authorize_ms.append((time.perf_counter() - started) * 1000)
            if not answer.allowed:
                return False
            await js.publish(SUBJECT, _completed(e164, call_id), headers=_headers(call_id))
            return True

        # Warm-up (connections, pools, prepared statements), not measured.
        await closed_loop(
            "warm-up", pair, concurrency=CALLERS, max_operations=4 * CALLERS, max_seconds=10
        )
        authorize_ms.clear()
        prefix = "pair-"
        cpu_before = cpu_seconds(platform.process.pid)
        began = time.perf_counter()
        loaded = await closed_loop(
            f"AuthorizeCall + call.completed, {CALLERS} callers",
            pair,
            concurrency=CALLERS,
            max_operations=10**9,
            max_seconds=seconds,
        )
        ended = await _drained(platform, db_url, "pair-", loaded.operations)
        loaded.cpu_ms_per_operation = cpu_ms_per_operation(
            cpu_before, cpu_seconds(platform.process.pid), loaded.operations
        )
    await client.close()
    loaded.latencies_ms = authorize_ms
    return loaded, loaded.operations / (ended - began), loaded.operations


async def offered_load(
    platform: RunningPlatform,
    db_url: str,
    holdings: list[tuple[str, str]],
    *,
    per_second: float,
    seconds: float,
) -> LoadResult:
    """Open loop: a new call every 1/per_second s, whether or not earlier ones have been
    answered, as call set-ups arrive at a voice platform; each is AuthorizeCall, then its
    call.completed. The latency of AuthorizeCall at that offered rate, with settlement running
    (closed-loop callers instead measure only callers / throughput once saturated)."""
    client = await nats.connect(_nats_url(platform))
    js = client.jetstream()
    result = LoadResult(f"AuthorizeCall at {per_second:g} calls/s offered", 0, 0, 0.0)
    async with grpc.aio.insecure_channel(platform.grpc_address("wallet")) as channel:
        usage = usage_pb2_grpc.UsageServiceStub(channel)

        async def call(i: int) -> None:
            _, e164 = holdings[i % len(holdings)]
            call_id = f"offered-{i}"
            started = time.perf_counter()
            try:
                answer = await usage.AuthorizeCall(
                    _outbound_call(call_id, e164),
                    timeout=10,
                )
            except grpc.aio.AioRpcError as exc:
                result.errors += 1
                result.failures.append(repr(exc.code()))
                return
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            if not answer.allowed:
                result.errors += 1
                return
            result.operations += 1
            await js.publish(SUBJECT, _completed(e164, call_id), headers=_headers(call_id))

        total = int(per_second * seconds)
        began = time.perf_counter()
        in_flight = []
        for i in range(total):
            # Sleep to the i-th call's planned start: a late start does not push back the rest.
            delay = began + i / per_second - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            in_flight.append(asyncio.create_task(call(i)))
        await asyncio.gather(*in_flight)
        result.seconds = time.perf_counter() - began
    await client.close()
    await _drained(platform, db_url, "offered-", result.operations)
    return result


async def authorize_alone(
    platform: RunningPlatform, holdings: list[tuple[str, str]], seconds: float
) -> Any:
    """AuthorizeCall alone (no settlement), 16 callers: its latency and the CPU ms each call
    costs every process (load-robust, unlike wall-clock figures on a shared machine). The
    reservations stay; the wallets are funded far beyond them."""
    async with grpc.aio.insecure_channel(platform.grpc_address("wallet")) as channel:
        usage = usage_pb2_grpc.UsageServiceStub(channel)

        async def authorize(worker: int, i: int) -> bool:
            _, e164 = holdings[worker]
            answer = await usage.AuthorizeCall(_outbound_call(f"alone-{i}", e164))
            return bool(answer.allowed)

        before = cpu_seconds(platform.process.pid)
        loaded = await closed_loop(
            f"AuthorizeCall alone, {CALLERS} callers",
            authorize,
            concurrency=CALLERS,
            max_operations=10**9,
            max_seconds=seconds,
        )
        loaded.cpu_ms_per_operation = cpu_ms_per_operation(
            before, cpu_seconds(platform.process.pid), loaded.operations + loaded.errors
        )
    return loaded


async def rating(platform: RunningPlatform, db_url: str, holdings: list[tuple[str, str]]) -> float:
    """100,000 authorized calls, then their call.completed events queued as fast as NATS takes
    them; events per second from the first publish to the last settlement."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        for index, (workspace, e164) in enumerate(holdings):
            conn.execute(
                "INSERT INTO wallet.calls (id, call_id, workspace_id, tenant_number_id, e164, "
                "direction, from_number, to_number, status, rate_per_min_minor, "
                "max_duration_seconds, authorized_at, expires_at) "
                "SELECT gen_random_uuid(), 'rate-' || n, %s, n2.tenant_number_id, %s, "
                "'outbound', %s, '+254700000001', 'authorized', %s, 3600, now(), "
                "now() + interval '1 day' "
                "FROM generate_series(%s, %s - 1, %s) AS n, "
                # The holding of this workspace that is not released: under `make bench` an
                # earlier stage may have held and released the same E.164, which leaves a
                # second row for it (and each call would then be inserted twice).
                "(SELECT tenant_number_id FROM wallet.call_numbers WHERE e164 = %s"
                " AND workspace_id = %s AND status <> 'released') n2",
                (workspace, e164, e164, RATE, index, QUEUED, CALLERS, e164, workspace),
            )
    client = await nats.connect(_nats_url(platform))
    began = time.perf_counter()
    for n in range(QUEUED):
        _, e164 = holdings[n % CALLERS]
        call_id = f"rate-{n}"
        # Core publish into the stream's subject: the bench queues faster than acks allow.
        await client.publish(SUBJECT, _completed(e164, call_id), headers=_headers(call_id))
        if n % 5_000 == 4_999:
            await client.flush()
    await client.flush()
    await client.close()
    await asyncio.sleep(1.0)  # the last messages reach the stream before the consumer is asked
    ended = await _drained(platform, db_url, "rate-", QUEUED)
    return QUEUED / (ended - began)


async def run(
    platform: RunningPlatform, db_url: str, *, seconds: float = 20.0, rate: bool = True
) -> list[dict[str, Any]]:
    holdings = await _numbers(platform, db_url)
    loaded, pairs_per_second, count = await pairs(platform, db_url, holdings, seconds)
    offered = await offered_load(
        platform, db_url, holdings, per_second=OFFERED_PER_SECOND, seconds=15.0
    )
    alone = await authorize_alone(platform, holdings, seconds=10.0)
    baseline = pgbench_tps(
        scratch_database(db_url, "bench_calls_pgbench"), clients=CALLERS, seconds=10
    )
    p99 = loaded.percentile(99)
    rows = [
        row(
            f"AuthorizeCall + settlement, {CALLERS} callers, pairs/s",
            figure=pairs_per_second,
            unit="pairs/s",
            baseline=baseline,
            baseline_unit="tps (pgbench -N)",
            ratio=pairs_per_second / baseline,
            target="for information",
            met=None,
            pairs=count,
            cpu_ms_per_pair=loaded.cpu_ms_per_operation,
            detail=loaded.summary(),
        ),
        row(
            f"AuthorizeCall p99, {OFFERED_PER_SECOND:g} calls/s offered, with settlement",
            figure=offered.percentile(99),
            unit="ms",
            target="p99 < 15 ms",
            met=offered.percentile(99) < 15 and offered.errors == 0,
            p50_ms=round(offered.percentile(50), 2),
            detail=offered.summary(),
        ),
        row(
            # Back-to-back callers past saturation: the latency is callers / throughput.
            f"AuthorizeCall, {CALLERS} callers back to back, p99",
            figure=p99,
            unit="ms",
            target="for information",
            met=None,
            p50_ms=round(loaded.percentile(50), 2),
        ),
        row(
            f"AuthorizeCall alone, {CALLERS} callers, calls/s",
            figure=alone.per_second,
            unit="calls/s",
            target="for information",
            met=None,
            cpu_ms_per_call=alone.cpu_ms_per_operation,
            detail=alone.summary(),
        ),
    ]
    if rate:
        rated = await rating(platform, db_url, holdings)
        rows.append(
            row(
                f"rating {QUEUED:,} queued call.completed",
                figure=rated,
                unit="events/s",
                target=">= 1,000 events/s",
                met=rated >= 1_000,
            )
        )
    return rows


def main() -> None:
    import argparse

    from bench.platform_fixture import running_platform
    from bench.report import table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-rating", action="store_true", help="skip the 100,000-event rating phase"
    )
    args = parser.parse_args()
    with running_platform() as (platform, db_url):
        rows = asyncio.run(run(platform, db_url, rate=not args.no_rating))
    print(table(rows))
    for found in rows:
        for key in ("cpu_ms_per_pair", "cpu_ms_per_call"):
            if key in found:
                print(found["path"], key, found[key], found.get("detail"))


if __name__ == "__main__":
    main()
