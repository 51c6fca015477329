"""The operator CLI refuses out-of-range input with exit code 1 and a one-line message, never a
traceback (the check comes before any call, so no service is needed)."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest


@pytest.mark.parametrize(
    "amount", [str(2**63), str(2**64), "0", "-5"], ids=["2^63", "2^64", "zero", "negative"]
)
def test_an_amount_out_of_int64_range_is_refused_without_a_traceback(amount: str) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "operator_cli.main",
            "wallet",
            "credit",
            "--workspace",
            str(uuid.uuid4()),
            f"--amount-minor={amount}",
            "--reason",
            "test",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"GATEWAY_ADMIN_ADDR": "127.0.0.1:1", "WALLET_ADDR": "127.0.0.1:1", "PATH": ""},
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert run.stderr.startswith("error: --amount-minor must be a positive whole number")
