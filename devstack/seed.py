"""Demo data for `make run`: 1,000 KE numbers, a workspace holding KES 5,000 and a console
user with a workspace of its own holding as much.

The demo workspace's API key is kept in .data/demo-workspace.json (mode 0600) so that a second
`make run` can print it again; this is a local-development convenience only — the platform
itself stores nothing but the key's SHA-256.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import uuid
from dataclasses import replace
from pathlib import Path

import httpx

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


DEMO_CONSOLE_EMAIL = "demo@example.com"


async def seed_console_user(state_file: Path, base_url: str) -> dict[str, str]:
    """A console user for `make run`: signs up through the public API (POST /v1/users, as a
    customer would; its own workspace, funded like the demo one) and keeps the email and
    password beside the demo API key. A build without console users, or an account whose
    password was lost with the state file, just leaves the banner without a demo user."""
    saved: dict[str, str] = json.loads(state_file.read_text())
    if saved.get("console_email"):
        return saved
    password = secrets.token_urlsafe(12)
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
            for _ in range(100):  # the gateway's HTTP port may open after its gRPC one
                try:
                    await http.get("/v1/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            reply = await http.post(
                "/v1/users",
                json={
                    "email": DEMO_CONSOLE_EMAIL,
                    "password": password,
                    "workspace_name": "Demo console workspace",
                },
            )
    except httpx.HTTPError:
        return saved
    if reply.status_code != 201:
        return saved
    workspace_id = reply.json()["workspaces"][0]["id"]
    await calls.credit_wallet(
        workspace_id=workspace_id,
        amount_minor=DEMO_BALANCE_MINOR,
        reason="demo funds",
        idempotency_key=f"demo-seed:{workspace_id}",
    )
    saved.update(console_email=DEMO_CONSOLE_EMAIL, console_password=password)
    state_file.write_text(json.dumps(saved))
    os.chmod(state_file, 0o600)
    return saved
