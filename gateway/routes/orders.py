"""Number orders (seed 001's "Number Order" steps): requirements, create (holds the number),
registration, documents, submit, cancel. Each route authenticates, validates, makes one gRPC
call and maps the answer. Registration values are personal data: only GET of one order shows
them, so no other response (nor an idempotent replay stored from one) carries them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Path, Query, Request, Response, UploadFile

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent
from gateway.problems import validation_failed
from gateway.routes import PublicRouter
from gateway.schemas.orders import (
    STATUS_VALUES,
    NewNumberOrder,
    NumberOrder,
    NumberOrdersPage,
    NumberRequirements,
    OrderAttachment,
    OrderNumberType,
    OrderStatus,
    RegistrationUpdate,
    order_view,
    requirements_view,
)
from platform_common.timestamps import from_timestamp
from sautikit.inventory.v1 import orders_pb2

router = PublicRouter(prefix="/v1/number-orders", tags=["number-orders"])
# Under /v1/numbers, so included before the numbers router (whose /{id} would match first).
requirements_router = PublicRouter(prefix="/v1/numbers", tags=["number-orders"])

OrderId = Annotated[str, Path(description="The order id", min_length=1, max_length=64)]
# Read at most this much of an upload: the gateway's body limit refuses larger requests anyway.
MAX_UPLOAD_READ = 8 * 1024 * 1024
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "validation_failed and the attachment codes"},
    404: {"description": "order_not_found"},
    409: {"description": "order_not_editable, order_incomplete, illegal_state_transition"},
}


@requirements_router.get(
    "/requirements",
    response_model=NumberRequirements,
    operation_id="getNumberRequirements",
    summary="What ordering a number of this type needs: registration fields and documents",
)
async def get_requirements(
    request: Request,
    principal: Authenticated,
    number_type: OrderNumberType,
    country: Annotated[str, Query(min_length=2, max_length=2)] = "KE",
) -> NumberRequirements:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.GetNumberRequirements,
        orders_pb2.GetNumberRequirementsRequest(country=country, number_type=number_type.value),
    )
    return requirements_view(reply.requirements)


@router.post(
    "",
    response_model=NumberOrder,
    status_code=201,
    operation_id="createNumberOrder",
    dependencies=[Idempotent],
    summary="Order a number: holds it for you (48 h) while you register",
    responses={
        404: {"description": "number_not_found"},
        409: {"description": "number_unavailable"},
    },
)
async def create_order(
    request: Request, response: Response, principal: Authenticated, body: NewNumberOrder
) -> NumberOrder:
    if (body.number_id is None) == (body.number_type is None):
        raise validation_failed("number_id", "must be sent, or else number_type (with contains)")
    if body.contains is not None and body.number_type is None:
        raise validation_failed("contains", "must be sent with number_type")
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.CreateNumberOrder,
        orders_pb2.CreateNumberOrderRequest(
            workspace_id=str(principal.workspace_id),
            number_id=body.number_id or "",
            number_type=body.number_type.value if body.number_type else "",
            contains=body.contains or "",
            livemode=principal.livemode,
        ),
    )
    response.headers["Location"] = f"/v1/number-orders/{reply.order.id}"
    return order_view(reply.order, reveal=False)


@router.get(
    "",
    response_model=NumberOrdersPage,
    operation_id="listNumberOrders",
    summary="The workspace's number orders, newest first",
)
async def list_orders(
    request: Request,
    principal: Authenticated,
    status: OrderStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> NumberOrdersPage:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.ListNumberOrders,
        orders_pb2.ListNumberOrdersRequest(
            workspace_id=str(principal.workspace_id),
            status=STATUS_VALUES[status] if status else None,
            limit=limit,
            cursor=cursor or "",
        ),
    )
    return NumberOrdersPage(
        data=[order_view(o, reveal=False) for o in reply.orders],
        next_cursor=reply.next_cursor or None,
    )


@router.get(
    "/{id}",
    response_model=NumberOrder,
    operation_id="getNumberOrder",
    summary="One order: status, expires_at, what is missing, notes, registration values",
    responses={404: {"description": "order_not_found"}},
)
async def get_order(request: Request, principal: Authenticated, id: OrderId) -> NumberOrder:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.GetNumberOrder,
        orders_pb2.GetNumberOrderRequest(workspace_id=str(principal.workspace_id), order_id=id),
    )
    return order_view(reply.order, reveal=True)


@router.patch(
    "/{id}/registration",
    response_model=NumberOrder,
    operation_id="updateNumberOrderRegistration",
    dependencies=[Idempotent],
    summary="Set registration fields; each is validated on the spot",
    responses=_ERRORS,
)
async def update_registration(
    request: Request, principal: Authenticated, id: OrderId, body: RegistrationUpdate
) -> NumberOrder:
    if body.registration_type is None and not body.fields:
        raise validation_failed("body", "must contain registration_type, fields or both")
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.UpdateOrderRegistration,
        orders_pb2.UpdateOrderRegistrationRequest(
            workspace_id=str(principal.workspace_id),
            order_id=id,
            registration_type=body.registration_type or "",
            fields={name: value or "" for name, value in body.fields.items()},
        ),
    )
    return order_view(reply.order, reveal=False)


@router.post(
    "/{id}/attachments",
    response_model=OrderAttachment,
    status_code=201,
    operation_id="addNumberOrderAttachment",
    dependencies=[Idempotent],
    summary="Upload a document (multipart: document_type and file)",
    responses=_ERRORS,
)
async def add_attachment(
    request: Request,
    principal: Authenticated,
    id: OrderId,
    document_type: Annotated[str, Form(min_length=1, max_length=64)],
    file: Annotated[UploadFile, File(description="PDF, JPEG or PNG, as the requirements say")],
) -> OrderAttachment:
    content = await file.read(MAX_UPLOAD_READ)
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.AddOrderAttachment,
        orders_pb2.AddOrderAttachmentRequest(
            workspace_id=str(principal.workspace_id),
            order_id=id,
            document_type=document_type,
            content_type=(file.content_type or "").split(";")[0].strip().lower(),
            content=content,
        ),
    )
    a = reply.attachment
    return OrderAttachment(
        id=a.id,
        document_type=a.document_type,
        content_type=a.content_type,
        size_bytes=a.size_bytes,
        created_at=from_timestamp(a.created_at),
    )


@router.post(
    "/{id}/submit",
    response_model=NumberOrder,
    operation_id="submitNumberOrder",
    dependencies=[Idempotent],
    summary="Submit for review; refused while anything required is missing (listed)",
    responses=_ERRORS,
)
async def submit_order(request: Request, principal: Authenticated, id: OrderId) -> NumberOrder:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.SubmitNumberOrder,
        orders_pb2.SubmitNumberOrderRequest(workspace_id=str(principal.workspace_id), order_id=id),
    )
    return order_view(reply.order, reveal=False)


@router.post(
    "/{id}/cancel",
    response_model=NumberOrder,
    operation_id="cancelNumberOrder",
    dependencies=[Idempotent],
    summary="Cancel before review: the number returns to the pool",
    responses=_ERRORS,
)
async def cancel_order(request: Request, principal: Authenticated, id: OrderId) -> NumberOrder:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.orders.CancelNumberOrder,
        orders_pb2.CancelNumberOrderRequest(workspace_id=str(principal.workspace_id), order_id=id),
    )
    return order_view(reply.order, reveal=False)
