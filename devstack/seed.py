"""Demo data for `make run`: 1,000 KE numbers and a workspace holding KES 5,000, and its console
owner (demo@example.com).

The demo workspace's API key and its console owner's password are kept in
.data/demo-workspace.json (mode 0600) so that a second `make run` can print them again; this is
a local-development convenience only: the platform itself stores nothing but the key's SHA-256
and the password's Argon2id hash.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from gateway.users.accounts import ensure_member_account
from operator_cli import calls
from operator_cli.csv_import import to_proto
from platform_common.db import create_engine
from platform_common.passwords import PasswordHashing, hash_parameters_from_env
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


DEMO_CONSOLE_EMAIL = "demo@example.com"


async def seed_console_user(database_url: str, demo: dict[str, str]) -> dict[str, str]:
    """The demo workspace's console owner (email and a random password, kept beside the API
    key in the state file), made through the gateway's own use case."""
    if demo.get("console_password"):
        password = demo["console_password"]
    else:
        password = secrets.token_urlsafe(12)
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    hashing = PasswordHashing(hash_parameters_from_env(), workers=1)
    try:
        created = await ensure_member_account(
            engine=engine,
            hashing=hashing,
            now=datetime.now(UTC),
            email=DEMO_CONSOLE_EMAIL,
            password=password,
            workspace_id=uuid.UUID(demo["workspace_id"]),
            role="owner",
        )
    finally:
        await hashing.close()
        await engine.dispose()
    if not created and not demo.get("console_password"):
        return demo  # someone else's account: its password is not ours to print
    return {**demo, "console_email": DEMO_CONSOLE_EMAIL, "console_password": password}


async def seed_demo(state_file: Path, database_url: str) -> dict[str, str]:
    await calls.import_numbers([to_proto(s) for s in demo_inventory()])
    if state_file.exists():
        saved = json.loads(state_file.read_text())
        if await calls.workspace_exists(saved["workspace_id"]):
            with_user = await seed_console_user(database_url, saved)
            if with_user != saved:
                state_file.write_text(json.dumps(with_user))
            return with_user
    created = await calls.create_workspace(name="Demo workspace", email=DEMO_CONSOLE_EMAIL)
    await calls.credit_wallet(
        workspace_id=created["workspace_id"],
        amount_minor=DEMO_BALANCE_MINOR,
        reason="demo funds",
        idempotency_key=f"demo-seed:{created['workspace_id']}",
    )
    created = await seed_console_user(database_url, created)
    state_file.write_text(json.dumps(created))
    os.chmod(state_file, 0o600)
    return created
