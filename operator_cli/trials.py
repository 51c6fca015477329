"""`sautikit trial provision --workspace ID --number E164 --until TIMESTAMP`: support gives an
available number to a workspace as a trial (no charge; released at --until unless claimed).
Prints the holding as JSON. The inventory checks the number and the window; its error code is
printed as is (validation_failed, number_not_found, number_unavailable).

A number of the test pool (+25418000xxxx) makes a test trial: it goes to the workspace's
sandbox (test side), which sk_test_ keys see, and test mode's expire-trial can end it now."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

import grpc

from platform_common.config import service_address
from platform_common.errors import RemoteError
from platform_common.grpc_client import open_channel
from platform_common.ids import parse_uuid
from platform_common.timestamps import to_timestamp
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.inventory.sandbox import in_test_pool

DEADLINE_SECONDS = 30.0


def parse_until(text: str) -> datetime | None:
    """ISO 8601 with a UTC offset (`2026-12-24T18:00:00+03:00`, `...Z`); None otherwise."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


async def sandbox_of(workspace_id: str) -> str:
    """The workspace's sandbox (test side) id, from the gateway's admin API."""
    async with open_channel(service_address("gateway-admin")) as channel:
        stub = admin_pb2_grpc.WorkspaceAdminServiceStub(channel)
        try:
            reply = await stub.GetWorkspace(
                admin_pb2.GetWorkspaceRequest(workspace_id=workspace_id), timeout=DEADLINE_SECONDS
            )
        except grpc.aio.AioRpcError as exc:
            raise RemoteError.from_rpc_error(exc) from None
    return reply.workspace.sandbox_workspace_id


async def provision_trial(*, workspace_id: str, e164: str, until: datetime) -> dict[str, Any]:
    livemode = not in_test_pool(e164)
    if not livemode:
        workspace_id = await sandbox_of(workspace_id)
    async with open_channel(service_address("inventory")) as channel:
        stub = inventory_pb2_grpc.InventoryServiceStub(channel)
        try:
            reply = await stub.ProvisionTrial(
                inventory_pb2.ProvisionTrialRequest(
                    workspace_id=workspace_id,
                    e164=e164,
                    trial_until=to_timestamp(until),
                    livemode=livemode,
                ),
                timeout=DEADLINE_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            raise RemoteError.from_rpc_error(exc) from None
    number = reply.tenant_number
    return {
        "tenant_number_id": number.id,
        "number_id": number.number_id,
        "workspace_id": number.workspace_id,
        "e164": number.e164,
        "trial_until": number.trial_until.ToJsonString(),
        "livemode": number.livemode,
    }


async def trial_provision(args: argparse.Namespace) -> int:
    if parse_uuid(args.workspace) is None:
        print("error: --workspace must be a workspace id (UUID)", file=sys.stderr)
        return 1
    until = parse_until(args.until)
    if until is None:
        print(
            "error: --until must be an ISO 8601 time with a UTC offset, "
            f"e.g. 2026-12-24T18:00:00+03:00, not {args.until!r}",
            file=sys.stderr,
        )
        return 1
    print(
        json.dumps(
            await provision_trial(workspace_id=args.workspace, e164=args.number, until=until)
        )
    )
    return 0


def add_trial_commands(groups: Any) -> None:
    trial = groups.add_parser("trial", help="trial numbers").add_subparsers(
        dest="action", required=True
    )
    provision = trial.add_parser(
        "provision",
        help="give an available number to a workspace until a time, without a charge",
    )
    provision.add_argument("--workspace", required=True, help="workspace id")
    provision.add_argument("--number", required=True, help="the number, E.164 (+2547...)")
    provision.add_argument(
        "--until",
        required=True,
        help="when the trial ends, ISO 8601 with offset (at most TRIAL_MAX_DAYS ahead)",
    )
    provision.set_defaults(run=trial_provision)
