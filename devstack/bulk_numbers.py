"""Bulk loading of demo numbers with COPY, bypassing the import RPC: for the benchmarks'
million-number inventory and for tests that need thousands of numbers in the table."""

from __future__ import annotations

from collections.abc import Iterable

import psycopg

from platform_common.ids import new_id
from services.inventory.domain import NumberSpec


def copy_numbers(conn: psycopg.Connection, specs: Iterable[NumberSpec], *, into: str) -> None:
    """COPYs `specs` as available live numbers into `into` (inventory.numbers, or a table
    shaped like it); the caller commits."""
    with conn.cursor().copy(
        f"COPY {into} (id, e164, number_type, capabilities, monthly_price_minor,"
        " inbound_per_min_minor, outbound_per_min_minor, currency) FROM STDIN"
    ) as copy:
        for spec in specs:
            copy.write_row(
                (
                    new_id(),
                    spec.e164,
                    spec.number_type.value,
                    [c.value for c in spec.capabilities],
                    spec.monthly_price_minor,
                    spec.inbound_per_min_minor,
                    spec.outbound_per_min_minor,
                    spec.currency,
                )
            )
