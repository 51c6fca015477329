"""`sautikit orders ...` as a real process against the real inventory and wallet: the
operator's review (list, show, approve, reject) and loading a new requirements version."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator

import pytest

from services.inventory.orders.requirements import default_document
from tests.integration.orders_harness import TOLL_FREE_RENT, OrdersStack, running_orders_stack
from tests.order_files import BUSINESS, PDF


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[OrdersStack]:
    async with running_orders_stack(database_url, nats_url) as running:
        yield running


async def sautikit(stack: OrdersStack, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "operator_cli.main",
        *args,
        env={**os.environ, "INVENTORY_ADDR": stack.inventory_address},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _submitted_order(stack: OrdersStack, number_id: str) -> str:
    created = await stack.client.post(
        "/v1/number-orders", json={"number_id": number_id}, headers=stack.owner.headers
    )
    order_id = str(created.json()["id"])
    await stack.client.patch(
        f"/v1/number-orders/{order_id}/registration",
        json={"registration_type": "business", "fields": BUSINESS},
        headers=stack.owner.headers,
    )
    await stack.client.post(
        f"/v1/number-orders/{order_id}/attachments",
        data={"document_type": "certificate_of_incorporation"},
        files={"file": ("c.pdf", PDF, "application/pdf")},
        headers=stack.owner.headers,
    )
    submitted = await stack.client.post(
        f"/v1/number-orders/{order_id}/submit", headers=stack.owner.headers
    )
    assert submitted.status_code == 200, submitted.text
    return order_id


async def test_operator_lists_shows_approves_and_rejects_orders(stack: OrdersStack) -> None:
    approve_id = await _submitted_order(stack, stack.toll_free[0])
    reject_id = await _submitted_order(stack, stack.toll_free[1])
    await stack.client.post(
        "/v1/number-orders", json={"number_id": stack.toll_free[2]}, headers=stack.owner.headers
    )

    code, out, err = await sautikit(stack, "orders", "list", "--status", "submitted")
    assert code == 0, err
    listed = json.loads(out)["orders"]
    assert {o["id"] for o in listed} == {approve_id, reject_id}
    assert all("registration" not in o for o in listed)

    code, out, err = await sautikit(stack, "orders", "show", approve_id)
    assert code == 0, err
    assert json.loads(out)["registration"]["kra_pin"] == BUSINESS["kra_pin"]

    await stack.fund(stack.owner.workspace_id, TOLL_FREE_RENT)  # one month
    code, out, err = await sautikit(stack, "orders", "approve", approve_id)
    assert code == 0, err
    approved = json.loads(out)
    assert approved["order"]["status"] == "completed" and approved["ledger_entry_id"]
    # The money is spent: the next approval is refused with the wallet's code.
    poor = await _submitted_order(stack, stack.toll_free[3])
    code, out, err = await sautikit(stack, "orders", "approve", poor)
    assert code == 1 and "wallet_insufficient_funds" in err

    code, out, err = await sautikit(
        stack, "orders", "reject", reject_id, "--reason", "not_a_reason", "--note", "x"
    )
    assert code == 1 and "reason" in err
    code, out, err = await sautikit(
        stack,
        "orders",
        "reject",
        reject_id,
        "--reason",
        "documents_unreadable",
        "--note",
        "The certificate scan is blurred",
    )
    assert code == 0, err
    assert json.loads(out)["status"] == "rejected"
    assert await stack.number_state(stack.toll_free[1]) == "available"


async def test_operator_requirements_make_mobile_numbers_need_an_order(
    stack: OrdersStack, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(default_document())
    document["version"] = 2
    for entry in document["entries"]:
        if entry["number_type"] == "mobile":
            entry["order_required"] = True
    path = tmp_path / "requirements.json"
    path.write_text(json.dumps(document))
    code, out, err = await sautikit(stack, "orders", "requirements", "load", str(path))
    assert code == 0, err
    assert json.loads(out) == {"version": 2, "entries": 4}
    # Loading the same version again is refused; so is a broken document.
    code, _, err = await sautikit(stack, "orders", "requirements", "load", str(path))
    assert code == 1 and "requirements_version_not_newer" in err
    path.write_text(json.dumps({**document, "version": 3, "entries": [{"country": "Kenya"}]}))
    code, _, err = await sautikit(stack, "orders", "requirements", "load", str(path))
    assert code == 1 and "entries[0].country" in err

    found = await stack.client.get(
        "/v1/numbers/available", params={"number_type": "mobile"}, headers=stack.owner.headers
    )
    assert all(n["requires_registration"] for n in found.json()["data"])
    await stack.fund(stack.owner.workspace_id, 50_000)
    claim = await stack.client.post(
        f"/v1/numbers/{stack.mobile[0]}/claim", headers=stack.owner.headers
    )
    assert claim.status_code == 409 and claim.json()["code"] == "registration_required"
    assert await stack.balance(stack.owner.workspace_id) == 50_000
