"""`sautikit billing run --period YYYY-MM`: runs a month's rental renewal now, page by page
through inventory's RunRenewals, with a progress bar; prints what it charged, suspended,
recorded unpaid and skipped as one JSON document."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from typing import Any

import grpc
from tqdm import tqdm

from platform_common.config import service_address
from platform_common.errors import RemoteError
from platform_common.grpc_client import open_channel
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc

DEADLINE_SECONDS = 120.0
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_OUTCOME_NAMES = {
    inventory_pb2.RENEWAL_OUTCOME_CHARGED: "charged",
    inventory_pb2.RENEWAL_OUTCOME_SUSPENDED: "suspended",
    inventory_pb2.RENEWAL_OUTCOME_UNPAID: "unpaid",
    inventory_pb2.RENEWAL_OUTCOME_SKIPPED: "skipped",
}


def _listed(item: inventory_pb2.RenewalItem) -> dict[str, Any]:
    return {
        "tenant_number_id": item.tenant_number_id,
        "workspace_id": item.workspace_id,
        "e164": item.e164,
        "period": item.period,
        "amount_minor": item.amount_minor,
        "currency": item.currency,
        "reason": item.reason,
    }


class RunSummary:
    """Totals of a run; numbers not charged are listed one by one (an operator acts on them)."""

    def __init__(self, period: str) -> None:
        self.period = period
        self.counts: Counter[str] = Counter()
        self.charged_minor = 0
        self.listed: dict[str, list[dict[str, Any]]] = {
            "suspended": [],
            "unpaid": [],
            "skipped": [],
        }

    def add(self, item: inventory_pb2.RenewalItem) -> None:
        outcome = _OUTCOME_NAMES.get(item.outcome, "skipped")
        self.counts[outcome] += 1
        if outcome == "charged":
            self.charged_minor += item.amount_minor
        else:
            self.listed[outcome].append(_listed(item))

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "charged": {
                "count": self.counts["charged"],
                "amount_minor": self.charged_minor,
                "currency": "KES",
            },
            **{
                outcome: {"count": self.counts[outcome], "numbers": numbers}
                for outcome, numbers in self.listed.items()
            },
        }


async def run_renewals(*, period: str, page_size: int, progress: Any) -> RunSummary:
    """Walks every page of the run; `progress` is a tqdm-like bar counted in numbers."""
    summary = RunSummary(period)
    after = ""
    async with open_channel(service_address("inventory")) as channel:
        stub = inventory_pb2_grpc.InventoryServiceStub(channel)
        while True:
            try:
                reply = await stub.RunRenewals(
                    inventory_pb2.RunRenewalsRequest(
                        period=period, after_tenant_number_id=after, limit=page_size
                    ),
                    timeout=DEADLINE_SECONDS,
                )
            except grpc.aio.AioRpcError as exc:
                raise RemoteError.from_rpc_error(exc) from None
            summary.period = reply.period
            numbers = len({item.tenant_number_id for item in reply.items})
            if progress.total is None:
                progress.total = numbers + reply.due_remaining
                progress.refresh()
            for item in reply.items:
                summary.add(item)
            progress.update(numbers)
            after = reply.next_after_tenant_number_id
            if not after:
                return summary


async def billing_run(args: argparse.Namespace) -> int:
    if not _PERIOD.match(args.period):
        print(
            f"error: --period must be a month written YYYY-MM (e.g. 2026-12), not {args.period!r}",
            file=sys.stderr,
        )
        return 1
    if not 1 <= args.page_size <= 5000:
        print("error: --page-size must be between 1 and 5000", file=sys.stderr)
        return 1
    with tqdm(unit="number", file=sys.stderr, disable=args.quiet, total=None) as progress:
        summary = await run_renewals(
            period=args.period, page_size=args.page_size, progress=progress
        )
    print(json.dumps(summary.as_json()))
    return 0


def add_billing_commands(groups: Any) -> None:
    billing = groups.add_parser("billing", help="monthly rental billing").add_subparsers(
        dest="action", required=True
    )
    run = billing.add_parser(
        "run",
        help="run the rental renewal of a month now (also before its first day); "
        "safe to repeat: a month is never charged twice",
    )
    run.add_argument("--period", required=True, help="the billing month, YYYY-MM (EAT calendar)")
    run.add_argument("--page-size", type=int, default=500, help="numbers per call (1..5000)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(run=billing_run)
