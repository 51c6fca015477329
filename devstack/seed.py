"""Demo data for `make run`: 1,000 KE numbers and a workspace holding KES 5,000.

The demo workspace's API key is kept in .data/demo-workspace.json (mode 0600) so that a second
`make run` can print it again; this is a local-development convenience only — the platform
itself stores nothing but the key's SHA-256.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import replace
from pathlib import Path

from operator_cli import calls
from operator_cli.csv_import import to_proto
from services.inventory.domain import NumberSpec, NumberType, demo_numbers

DEMO_NUMBERS = 1000
DEMO_BALANCE_MINOR = 500_000  # KES 5,000
# The id the product documentation's claim example uses: a demo mobile number has it,
# so that example works as written against `make run`.
DOCUMENTED_NUMBER_ID = uuid.UUID("01900000-0000-7000-8000-000000000001")


def demo_inventory() -> list[NumberSpec]:
    """The demo pool; its first mobile number carries the documented id."""
    numbers = demo_numbers(DEMO_NUMBERS)
    first_mobile = next(i for i, n in enumerate(numbers) if n.number_type is NumberType.MOBILE)
    numbers[first_mobile] = replace(numbers[first_mobile], id=DOCUMENTED_NUMBER_ID)
    return numbers


async def seed_demo(state_file: Path) -> dict[str, str]:
    await calls.import_numbers([to_proto(s) for s in demo_inventory()])
    if state_file.exists():
        saved = json.loads(state_file.read_text())
        if await calls.workspace_exists(saved["workspace_id"]):
            return saved
    created = await calls.create_workspace(name="Demo workspace", email="demo@example.com")
    await calls.credit_wallet(
        workspace_id=created["workspace_id"],
        amount_minor=DEMO_BALANCE_MINOR,
        reason="demo funds",
        idempotency_key=f"demo-seed:{created['workspace_id']}",
    )
    state_file.write_text(json.dumps(created))
    os.chmod(state_file, 0o600)
    return created
