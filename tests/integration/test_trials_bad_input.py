"""Bad input to ProvisionTrial, over gRPC and through `sautikit trial provision` as a real
process: each case gets its exact error code (and the CLI exit code 1 with that code), and
leaves no trial, no holding and no event behind."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from platform_common.errors import RemoteError
from platform_common.timestamps import to_timestamp
from sautikit.inventory.v1 import inventory_pb2
from tests.integration.renewal_stack import RenewalStack, running_renewal_stack

pytestmark = pytest.mark.asyncio
WORKSPACE = str(uuid.uuid4())
UNKNOWN = "+254799999999"  # a valid Kenyan number the pool does not hold


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[RenewalStack]:
    async with running_renewal_stack(database_url, nats_url) as running:
        yield running


async def e164_of(stack: RenewalStack, index: int) -> str:
    [row] = await stack.rows(
        "SELECT e164 FROM inventory.numbers WHERE id = %s", stack.numbers[index]
    )
    return str(row["e164"])


async def taken_number(stack: RenewalStack) -> str:
    """A number another workspace holds (claimed and paid)."""
    held = await stack.claim(str(uuid.uuid4()))
    return held.e164


def _in(hours: float) -> datetime:
    return datetime.now(UTC) + timedelta(hours=hours)


# (case, workspace, number ("free" / "taken" / literal), until (hours ahead or None), code, field)
CASES = [
    ("past until", WORKSPACE, "free", -1, "validation_failed", "trial_until"),
    ("until now-ish", WORKSPACE, "free", -0.001, "validation_failed", "trial_until"),
    ("until beyond 30 days", WORKSPACE, "free", 24 * 30 + 1, "validation_failed", "trial_until"),
    ("until missing", WORKSPACE, "free", None, "validation_failed", "trial_until"),
    ("unknown number", WORKSPACE, UNKNOWN, 48, "number_not_found", None),
    ("number not available", WORKSPACE, "taken", 48, "number_unavailable", None),
    ("not an e164", WORKSPACE, "0712 345 678", 48, "validation_failed", "e164"),
    ("not Kenyan", WORKSPACE, "+14155550100", 48, "validation_failed", "e164"),
    ("huge e164", WORKSPACE, "+" + "7" * 5000, 48, "validation_failed", "e164"),
    ("empty e164", WORKSPACE, "", 48, "validation_failed", "e164"),
    ("workspace not a uuid", "acme", "free", 48, "validation_failed", "workspace_id"),
]


async def _number(stack: RenewalStack, spec: str) -> str:
    if spec == "free":
        return await e164_of(stack, 0)
    if spec == "taken":
        return await taken_number(stack)
    return spec


async def _holdings(stack: RenewalStack) -> int:
    [row] = await stack.rows(
        "SELECT count(*) AS n FROM inventory.tenant_numbers WHERE trial_until IS NOT NULL"
    )
    return int(row["n"])


@pytest.mark.parametrize(
    ("case", "workspace", "number", "hours", "code", "field"), CASES, ids=[c[0] for c in CASES]
)
async def test_provision_trial_rejects_over_grpc_with_the_exact_code(
    stack: RenewalStack,
    case: str,
    workspace: str,
    number: str,
    hours: float | None,
    code: str,
    field: str | None,
) -> None:
    request = inventory_pb2.ProvisionTrialRequest(
        workspace_id=workspace, e164=await _number(stack, number)
    )
    if hours is not None:
        request.trial_until.CopyFrom(to_timestamp(_in(hours)))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stack.inventory.ProvisionTrial(request)
    error = RemoteError.from_rpc_error(raised.value)
    assert error.reason == code, case
    if field is not None:
        assert [v.field for v in error.violations] == [field]
    assert await _holdings(stack) == 0
    assert await stack.outbox("sautikit.numbers.trial_expiring") == []


async def sautikit(stack: RenewalStack, *args: str) -> tuple[int, str, str]:
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


CLI_CASES = [
    ("past until", "free", (-2,), "validation_failed"),
    ("until beyond 30 days", "free", (24 * 31,), "validation_failed"),
    ("unknown number", UNKNOWN, (48,), "number_not_found"),
    ("number not available", "taken", (48,), "number_unavailable"),
    ("until not a time", "free", ("next tuesday",), "--until must be an ISO 8601 time"),
    ("until without offset", "free", ("2030-01-01T10:00:00",), "--until must be an ISO 8601"),
]


@pytest.mark.parametrize(
    ("case", "number", "until", "says"), CLI_CASES, ids=[c[0] for c in CLI_CASES]
)
async def test_trial_provision_cli_rejects_with_exit_code_1_and_the_code(
    stack: RenewalStack, case: str, number: str, until: tuple[object], says: str
) -> None:
    [value] = until
    when = _in(value).isoformat() if isinstance(value, int) else str(value)
    code, out, err = await sautikit(
        stack,
        "trial",
        "provision",
        "--workspace",
        WORKSPACE,
        "--number",
        await _number(stack, number),
        "--until",
        when,
    )
    assert (code, out) == (1, ""), case
    assert err.startswith("error: ") and says in err, err
    assert await _holdings(stack) == 0


async def test_trial_provision_cli_prints_the_trial(stack: RenewalStack) -> None:
    e164 = await e164_of(stack, 0)
    until = _in(48).replace(microsecond=0)
    code, out, err = await sautikit(
        stack,
        "trial",
        "provision",
        "--workspace",
        WORKSPACE,
        "--number",
        e164,
        "--until",
        until.astimezone().isoformat(),
    )
    assert code == 0, err
    printed = json.loads(out)
    assert printed["e164"] == e164 and printed["workspace_id"] == WORKSPACE
    assert datetime.fromisoformat(printed["trial_until"]) == until
    assert await _holdings(stack) == 1
