"""`sautikit orders ...`: the operator's review of number orders (list, show, approve,
reject) and the loading of a new requirements document, through inventory's
NumberOrderService. Prints JSON; `show` includes the registration values (the operator
reviews them), so its output is personal data: do not paste it into tickets."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import grpc
from google.protobuf.json_format import MessageToDict

from platform_common.config import service_address
from platform_common.errors import RemoteError
from platform_common.grpc_client import open_channel
from sautikit.inventory.v1 import orders_pb2, orders_pb2_grpc

DEADLINE_SECONDS = 60.0
STATUSES = ("draft", "submitted", "in_review", "completed", "rejected", "expired", "cancelled")


def _order_json(order: orders_pb2.NumberOrder, *, registration: bool) -> dict[str, Any]:
    shown = MessageToDict(order, preserving_proto_field_name=True)
    shown["status"] = order.status and orders_pb2.NumberOrderStatus.Name(order.status)
    shown["status"] = shown["status"].removeprefix("NUMBER_ORDER_STATUS_").lower()
    if not registration:
        shown.pop("registration", None)
    return shown


async def _call(method: str, request: Any) -> Any:
    async with open_channel(service_address("inventory")) as channel:
        stub = orders_pb2_grpc.NumberOrderServiceStub(channel)
        try:
            return await getattr(stub, method)(request, timeout=DEADLINE_SECONDS)
        except grpc.aio.AioRpcError as exc:
            raise RemoteError.from_rpc_error(exc) from None


async def orders_list(args: argparse.Namespace) -> int:
    status: Any = 0
    if args.status:
        status = orders_pb2.NumberOrderStatus.Value(f"NUMBER_ORDER_STATUS_{args.status.upper()}")
    cursor = ""
    listed: list[dict[str, Any]] = []
    while True:
        reply = await _call(
            "ListNumberOrders",
            orders_pb2.ListNumberOrdersRequest(status=status, limit=100, cursor=cursor),
        )
        listed += [_order_json(o, registration=False) for o in reply.orders]
        cursor = reply.next_cursor
        if not cursor or len(listed) >= args.limit:
            break
    print(json.dumps({"orders": listed[: args.limit]}))
    return 0


async def orders_show(args: argparse.Namespace) -> int:
    reply = await _call("GetNumberOrder", orders_pb2.GetNumberOrderRequest(order_id=args.id))
    print(json.dumps(_order_json(reply.order, registration=True)))
    return 0


async def orders_approve(args: argparse.Namespace) -> int:
    reply = await _call(
        "ApproveNumberOrder",
        orders_pb2.ApproveNumberOrderRequest(order_id=args.id, note=args.note or ""),
    )
    print(
        json.dumps(
            {
                "order": _order_json(reply.order, registration=False),
                "ledger_entry_id": reply.ledger_entry_id,
            }
        )
    )
    return 0


async def orders_reject(args: argparse.Namespace) -> int:
    reply = await _call(
        "RejectNumberOrder",
        orders_pb2.RejectNumberOrderRequest(order_id=args.id, reason=args.reason, note=args.note),
    )
    print(json.dumps(_order_json(reply.order, registration=False)))
    return 0


async def requirements_load(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return 1
    reply = await _call(
        "LoadOrderRequirements",
        orders_pb2.LoadOrderRequirementsRequest(document_json=path.read_text()),
    )
    print(json.dumps({"version": reply.version, "entries": reply.entries}))
    return 0


def add_orders_commands(groups: Any) -> None:
    orders = groups.add_parser("orders", help="review number orders (KYC)").add_subparsers(
        dest="action", required=True
    )
    listing = orders.add_parser("list", help="orders, newest first (no registration values)")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--limit", type=int, default=100)
    listing.set_defaults(run=orders_list)
    show = orders.add_parser("show", help="one order with its registration values")
    show.add_argument("id")
    show.set_defaults(run=orders_show)
    approve = orders.add_parser(
        "approve", help="approve a submitted order: charges the first month, assigns the number"
    )
    approve.add_argument("id")
    approve.add_argument("--note")
    approve.set_defaults(run=orders_approve)
    reject = orders.add_parser("reject", help="reject a submitted order; the number is freed")
    reject.add_argument("id")
    reject.add_argument(
        "--reason",
        required=True,
        help="documents_unreadable, identity_not_verified, business_not_verified, "
        "registration_incomplete, use_not_permitted or other",
    )
    reject.add_argument("--note", required=True, help="shown to the customer")
    reject.set_defaults(run=orders_reject)
    requirements = orders.add_parser(
        "requirements", help="the requirements document"
    ).add_subparsers(dest="requirements_action", required=True)
    load = requirements.add_parser("load", help="load a newer version of the document (JSON)")
    load.add_argument("file")
    load.set_defaults(run=requirements_load)
