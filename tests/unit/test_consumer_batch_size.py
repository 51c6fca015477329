"""A consumer fetches larger batches only for a handler that applies a batch set-based: its
cost per batch is a few statements whatever the size; a per-event handler's grows with it."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Column, MetaData, Table, Text

from platform_common.consumer import PER_EVENT_BATCH, SET_BASED_BATCH, EventConsumer
from platform_common.events import EventEnvelope
from platform_common.uow import UnitOfWork

PROCESSED = Table("processed_events", MetaData(), Column("event_id", Text), schema="x")


async def one_at_a_time(uow: UnitOfWork, envelope: EventEnvelope) -> None:
    return None


class SetBased:
    async def __call__(self, uow: UnitOfWork, envelope: EventEnvelope) -> None:
        return None

    async def apply_batch(self, uow: UnitOfWork, envelopes: list[EventEnvelope]) -> None:
        return None


def consumer(handler: Any, batch: int | None = None) -> EventConsumer:
    return EventConsumer(
        nats=cast(Any, None),
        new_uow=cast(Any, None),
        processed=PROCESSED,
        durable="d",
        subject="s",
        handler=handler,
        batch=batch,
    )


def test_set_based_handlers_take_larger_batches() -> None:
    assert SET_BASED_BATCH > PER_EVENT_BATCH
    assert consumer(SetBased()).batch == SET_BASED_BATCH
    assert consumer(one_at_a_time).batch == PER_EVENT_BATCH


def test_an_explicit_batch_size_wins() -> None:
    assert consumer(SetBased(), batch=8).batch == 8
    assert consumer(one_at_a_time, batch=64).batch == 64
