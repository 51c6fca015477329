"""`sautikit`: the operator command line. Talks gRPC to the services (addresses from
GATEWAY_ADMIN_ADDR, INVENTORY_ADDR and WALLET_ADDR; defaults match `make run`).

Exit codes: 0 success, 1 rejected input or a failed call, 2 usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from operator_cli import calls
from operator_cli.billing import add_billing_commands
from operator_cli.csv_import import read_inventory_csv, to_proto
from operator_cli.orders import add_orders_commands
from operator_cli.trials import add_trial_commands
from platform_common.errors import RemoteError
from platform_common.ids import parse_uuid

INT64_MAX = 2**63 - 1  # money travels as int64 minor units


def _print_json(value: dict[str, Any]) -> None:
    print(json.dumps(value))


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


async def workspace_create(args: argparse.Namespace) -> int:
    _print_json(
        await calls.create_workspace(name=args.name, email=args.email or "", test_key=args.test_key)
    )
    return 0


async def workspace_update(args: argparse.Namespace) -> int:
    if parse_uuid(args.workspace) is None:
        return _fail("--workspace must be a workspace id (UUID)")
    _print_json(await calls.update_workspace_email(workspace_id=args.workspace, email=args.email))
    return 0


async def inventory_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        return _fail(f"{path}: no such file")
    specs, problems = read_inventory_csv(path)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _fail(f"{len(problems)} problem(s) in {path}; nothing was imported")
    if not specs:
        return _fail(f"{path} holds no numbers")
    with tqdm(total=len(specs), unit="number", file=sys.stderr, disable=args.quiet) as progress:
        totals = await calls.import_numbers([to_proto(s) for s in specs], progress=progress)
    _print_json(totals)
    return 0


async def wallet_credit(args: argparse.Namespace) -> int:
    if parse_uuid(args.workspace) is None:
        return _fail("--workspace must be a workspace id (UUID)")
    if not 0 < args.amount_minor <= INT64_MAX:
        return _fail(
            "--amount-minor must be a positive whole number of minor units (cents), "
            f"at most {INT64_MAX}"
        )
    if not await calls.workspace_exists(args.workspace):
        return _fail(f"workspace {args.workspace} does not exist")
    _print_json(
        await calls.credit_wallet(
            workspace_id=args.workspace,
            amount_minor=args.amount_minor,
            reason=args.reason,
            idempotency_key=args.idempotency_key,
        )
    )
    return 0


async def api_key_command(args: argparse.Namespace) -> int:
    if parse_uuid(args.workspace) is None:
        return _fail("--workspace must be a workspace id (UUID)")
    if args.action == "list":
        _print_json(await calls.list_api_keys(args.workspace))
        return 0
    if args.action == "create":
        _print_json(await calls.create_api_key(args.workspace, args.mode))
        return 0
    if parse_uuid(args.key_id) is None:
        return _fail("the API key id must be a UUID (see `sautikit api-key list`)")
    if args.action == "revoke":
        _print_json(await calls.revoke_api_key(args.workspace, args.key_id))
    else:
        _print_json(await calls.rotate_api_key(args.workspace, args.key_id))
    return 0


def add_api_key_commands(groups: Any) -> None:
    keys = groups.add_parser("api-key", help="a workspace's API keys").add_subparsers(
        dest="action", required=True
    )
    listed = keys.add_parser("list", help="the workspace's keys (prefixes only), newest first")
    listed.add_argument("--workspace", required=True, help="workspace id")
    listed.set_defaults(run=api_key_command)
    create = keys.add_parser(
        "create", help="issue a key (printed once): live acts on the workspace, test on its sandbox"
    )
    create.add_argument("--workspace", required=True, help="workspace id")
    create.add_argument("--mode", required=True, choices=("live", "test"))
    create.set_defaults(run=api_key_command)
    revoke = keys.add_parser(
        "revoke", help="revoke a key: every gateway replica refuses it within a second"
    )
    rotate = keys.add_parser("rotate", help="issue a new key (printed once) and revoke the old one")
    for command in (revoke, rotate):
        command.add_argument("key_id", help="the key's id (from `api-key list`)")
        command.add_argument("--workspace", required=True, help="workspace id")
        command.set_defaults(run=api_key_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sautikit", description="Sautikit operator tools")
    groups = parser.add_subparsers(dest="group", required=True)

    workspace = groups.add_parser("workspace", help="workspaces and API keys").add_subparsers(
        dest="action", required=True
    )
    create = workspace.add_parser(
        "create", help="create a workspace; prints its id and API key once"
    )
    create.add_argument("--name", required=True)
    create.add_argument("--email")
    create.add_argument(
        "--test-key", action="store_true", help="issue an sk_test_ key instead of sk_live_"
    )
    create.set_defaults(run=workspace_create)
    update = workspace.add_parser(
        "update", help="change a workspace's contact email (where the platform's emails go)"
    )
    update.add_argument("--workspace", required=True, help="workspace id")
    update.add_argument("--email", required=True, help='the new address; "" removes it')
    update.set_defaults(run=workspace_update)

    inventory = groups.add_parser("inventory", help="the numbers pool").add_subparsers(
        dest="action", required=True
    )
    importer = inventory.add_parser(
        "import", help="import numbers from a CSV file (idempotent on e164)"
    )
    importer.add_argument(
        "file",
        help="CSV with columns: "
        + ", ".join(
            (
                "e164",
                "number_type",
                "capabilities",
                "monthly_price_minor",
                "inbound_per_min_minor",
                "outbound_per_min_minor",
            )
        ),
    )
    importer.add_argument("--quiet", action="store_true", help="no progress bar")
    importer.set_defaults(run=inventory_import)

    wallet = groups.add_parser("wallet", help="workspace wallets").add_subparsers(
        dest="action", required=True
    )
    credit = wallet.add_parser("credit", help="credit a wallet (ledger entry type adjustment)")
    credit.add_argument("--workspace", required=True, help="workspace id")
    credit.add_argument(
        "--amount-minor", required=True, type=int, help="KES minor units: 100 = KES 1"
    )
    credit.add_argument("--reason", required=True)
    credit.add_argument(
        "--idempotency-key", help="repeat the command with the same key to be sure it credits once"
    )
    credit.set_defaults(run=wallet_credit)
    add_billing_commands(groups)
    add_trial_commands(groups)
    add_orders_commands(groups)
    add_api_key_commands(groups)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return asyncio.run(args.run(args))
    except RemoteError as error:
        details = "".join(f"\n  {v.field}: {v.description}" for v in error.violations)
        return _fail(f"{error.reason}: {error.message}{details}")
    except UnicodeDecodeError as error:
        return _fail(f"the file is not UTF-8 text ({error.reason} at byte {error.start})")
    except OSError as error:
        return _fail(f"{error.filename or 'input'}: {error.strerror or error}")
    except KeyboardInterrupt:
        return _fail("interrupted")
    except Exception as error:
        # An operator gets one line, never a traceback; the type names what broke.
        return _fail(
            f"unexpected {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        )


if __name__ == "__main__":
    sys.exit(main())
