"""Retention of sent outbox rows and processed_events rows (platform_common.retention) on real
PostgreSQL: only rows past the retention go, unsent events never, in batches, and two replicas
purging at once share the work without errors. Time moves by the injected clock."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import MetaData, func, select, text

from gateway import repository
from gateway.app import create_app
from gateway.settings import GatewaySettings
from platform_common.db import create_engine
from platform_common.ids import new_id
from platform_common.nats_link import DUPLICATE_WINDOW_SECONDS
from platform_common.outbox import outbox_table, processed_events_table
from platform_common.retention import RetentionPolicy, RetentionPurger
from platform_common.timestamps import utc_now

DAY = 24 * 3600.0


@pytest.fixture
async def tables(database_url):  # type: ignore[no-untyped-def]
    schema = f"retention_{uuid.uuid4().hex[:8]}"
    metadata = MetaData(schema=schema)
    outbox, processed = outbox_table(metadata), processed_events_table(metadata)
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await conn.run_sync(metadata.create_all)
    yield engine, outbox, processed
    await engine.dispose()


async def fill(engine, outbox, processed, *, at: datetime, sent: int, unsent: int) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as conn:
        for i in range(sent + unsent):
            await conn.execute(
                outbox.insert().values(
                    id=new_id(),
                    nats_subject="s",
                    ce_type="t",
                    ce_subject="x",
                    payload=b"",
                    created_at=at,
                    published_at=at if i < sent else None,
                )
            )
        for _ in range(sent):
            await conn.execute(
                processed.insert().values(consumer="c", event_id=new_id(), processed_at=at)
            )


async def counts(engine, outbox, processed) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        sent = await conn.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.published_at.is_not(None))
        )
        unsent = await conn.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        )
        done = await conn.scalar(select(func.count()).select_from(processed))
    return sent, unsent, done


async def test_only_rows_past_the_retention_are_purged_in_batches(tables) -> None:  # type: ignore[no-untyped-def]
    engine, outbox, processed = tables
    now = utc_now()
    await fill(engine, outbox, processed, at=now - timedelta(days=10), sent=7, unsent=2)
    await fill(engine, outbox, processed, at=now - timedelta(days=1), sent=3, unsent=1)
    purger = RetentionPurger(
        engine=engine,
        outbox=outbox,
        processed_events=processed,
        policy=RetentionPolicy(retention_seconds=7 * DAY, batch_size=2),
        clock=lambda: now,
    )
    assert await purger.purge_once() == 14  # 7 sent outbox rows and 7 processed, 2 at a time
    assert await counts(engine, outbox, processed) == (3, 3, 3)

    purger.clock = lambda: now + timedelta(days=7)  # the recent ones age past the retention
    assert await purger.purge_once() == 6
    assert await counts(engine, outbox, processed) == (0, 3, 0), "unsent events stay"


async def test_two_replicas_purging_at_once_share_the_work(tables) -> None:  # type: ignore[no-untyped-def]
    engine, outbox, processed = tables
    now = utc_now()
    await fill(engine, outbox, processed, at=now - timedelta(days=30), sent=300, unsent=5)
    replicas = [
        RetentionPurger(
            engine=engine,
            outbox=outbox,
            processed_events=processed,
            policy=RetentionPolicy(retention_seconds=7 * DAY, batch_size=10),
            clock=lambda: now,
        )
        for _ in range(3)
    ]
    deleted = sum(await asyncio.gather(*(r.purge_once() for r in replicas)))
    # A replica stops when it finds less than a batch it can lock; a row another replica held
    # at that instant is left to the next pass.
    deleted += await replicas[0].purge_once()
    assert await counts(engine, outbox, processed) == (0, 5, 0)
    assert deleted == 600, "each row deleted once, by one replica"


def test_the_retention_must_outlast_the_duplicate_window() -> None:
    with pytest.raises(ValueError, match="duplicate window"):
        RetentionPolicy(retention_seconds=DUPLICATE_WINDOW_SECONDS)
    assert RetentionPolicy(retention_seconds=DUPLICATE_WINDOW_SECONDS + 1)


async def test_the_gateway_purges_its_own_outbox(database_url: str) -> None:
    """The gateway keeps an outbox like every service; its app runs the same purge on it."""
    app = create_app(GatewaySettings(database_url=database_url, nats_url="nats://127.0.0.1:1"))
    purger: RetentionPurger = app.state.retention
    assert purger.outbox is repository.outbox
    assert purger.processed_events is repository.processed_events
    engine = app.state.engine
    old = utc_now() - timedelta(days=30)
    await fill(engine, repository.outbox, repository.processed_events, at=old, sent=3, unsent=1)
    assert await purger.purge_once() == 6
    assert await counts(engine, repository.outbox, repository.processed_events) == (0, 1, 0)
    await engine.dispose()
