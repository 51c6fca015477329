"""The operator CLI never prints a traceback: every command, given bad input or a gateway admin
and services that are down (nothing listens on their addresses), exits non-zero with one
`error: ...` line (argparse's own usage errors aside, which are its two-line usage message)."""

from __future__ import annotations

from pathlib import Path

import pytest

from operator_cli.main import main

WORKSPACE = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
DOWN = "127.0.0.1:1"


@pytest.fixture(autouse=True)
def everything_down(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GATEWAY_ADMIN_ADDR", "INVENTORY_ADDR", "WALLET_ADDR"):
        monkeypatch.setenv(name, DOWN)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    not_utf8 = tmp_path / "not-utf8.csv"
    not_utf8.write_bytes(b"\xff\xfe\x00e164\n")
    not_json = tmp_path / "requirements.json"
    not_json.write_text("{nope")
    good_csv = tmp_path / "good.csv"
    good_csv.write_text(
        "e164,number_type,capabilities,monthly_price_minor,inbound_per_min_minor,"
        "outbound_per_min_minor\n+254700000001,mobile,voice,100000,100,200\n"
    )
    return {
        "not_utf8": str(not_utf8),
        "not_json": str(not_json),
        "good_csv": str(good_csv),
        "dir": str(tmp_path),
    }


COMMANDS = [
    # bad input
    "wallet credit --workspace {W} --amount-minor 9223372036854775808 --reason r",
    "wallet credit --workspace {W} --amount-minor -5 --reason r",
    "wallet credit --workspace nope --amount-minor 5 --reason r",
    "workspace update --workspace nope --email a@b.c",
    "api-key list --workspace nope",
    "api-key revoke --workspace {W} nope",
    "billing run --period 2026-13",
    "inventory import {not_utf8}",
    "inventory import {dir}",
    "inventory import /no/such/file.csv",
    "orders requirements load {not_json}",
    "orders requirements load /no/such/file.json",
    "trial provision --workspace {W} --number +254700000001 --until yesterday",
    # everything down
    "workspace create --name Acme",
    "workspace update --workspace {W} --email a@b.c",
    "api-key list --workspace {W}",
    "api-key rotate --workspace {W} {W}",
    "wallet credit --workspace {W} --amount-minor 5 --reason r",
    "billing run --period 2026-11 --quiet",
    "inventory import {good_csv} --quiet",
    "orders list",
    "orders show {W}",
    "orders approve {W}",
    "trial provision --workspace {W} --number +254700000001 --until 2026-12-01T00:00:00+03:00",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_one_error_line_and_no_traceback(
    command: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = command.format(W=WORKSPACE, **files).split()
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err + captured.out
    lines = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, captured.err
    assert captured.err.strip().splitlines()[-1].startswith(("error:", "  ")), captured.err
