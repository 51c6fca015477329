"""A number's routing (seed 000): where the platform POSTs call steps (voice_callback_url) and
call lifecycle events (events_url). Read and partially update.

Every route first asks inventory whether the caller's workspace holds the number (another
workspace's is 404 `number_not_found`), then calls the routing service with the tenant number
id inventory answered. The routing service owns the URL rules (https only outside development,
no user or password, no fragment, at most 2048 characters, no private or metadata hosts)."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from pydantic import Field, StrictStr

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent
from gateway.livemode import ApiObject
from gateway.problems import ApiProblem, validation_failed
from gateway.routes import PublicRouter, RequestBody
from gateway.routes.credentials import NumberId, held_number
from platform_common.timestamps import from_timestamp
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import routing_pb2

router = PublicRouter(prefix="/v1/numbers", tags=["routing"])

MAX_URL_CHARS = 2048
URL_RULES = (
    "https:// only (http:// too when the platform runs in development mode); no user or "
    "password; no #fragment; at most 2048 characters; a host that is or resolves to a "
    "loopback, private, link-local, CGNAT, multicast or cloud-metadata address is refused "
    "(unsafe_callback_url)"
)


class Routing(ApiObject):
    tenant_number_id: str
    e164: str
    voice_callback_url: str | None = Field(
        default=None, description="Where call steps are POSTed; absent when not set"
    )
    events_url: str | None = Field(
        default=None, description="Where call lifecycle events are POSTed; absent when not set"
    )
    updated_at: datetime


class RoutingChange(RequestBody):
    """Send either field or both; a field left out is unchanged, `null` clears it."""

    voice_callback_url: StrictStr | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_URL_CHARS,
        description=f"Sautikit POSTs each call step here; your reply is a VoiceAction list. "
        f"{URL_RULES}",
        examples=["https://ivr.example.com/voice"],
    )
    events_url: StrictStr | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_URL_CHARS,
        description=f"Sautikit POSTs call.started, call.answered, call.completed, call.failed "
        f"and call.recording.ready here (signed, Standard Webhooks). {URL_RULES}",
        examples=["https://ivr.example.com/events"],
    )


def routing_view(message: routing_pb2.Routing) -> Routing:
    return Routing(
        tenant_number_id=message.tenant_number_id,
        e164=message.e164,
        voice_callback_url=message.voice_callback_url or None,
        events_url=message.events_url or None,
        updated_at=from_timestamp(message.updated_at),
    )


@router.get(
    "/{id}/routing",
    response_model=Routing,
    operation_id="getRouting",
    summary="Where the number's calls and call events go",
    responses={404: {"description": "number_not_found, routing_not_found (released number)"}},
)
async def get_routing(request: Request, principal: Authenticated, id: NumberId) -> Routing:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    reply = await upstreams.call(
        upstreams.routing.GetRouting,
        routing_pb2.GetRoutingRequest(workspace_id=workspace_id, tenant_number_id=number.id),
    )
    return routing_view(reply.routing)


@router.patch(
    "/{id}/routing",
    response_model=Routing,
    operation_id="updateRouting",
    dependencies=[Idempotent],
    summary="Set or clear voice_callback_url and/or events_url (publishes routing.updated)",
    responses={
        400: {"description": "validation_failed, unsafe_callback_url (naming the field)"},
        404: {"description": "number_not_found"},
        409: {"description": "number_released"},
    },
)
async def update_routing(
    request: Request, principal: Authenticated, id: NumberId, change: RoutingChange
) -> Routing:
    sent = change.model_fields_set & {"voice_callback_url", "events_url"}
    if not sent:
        raise validation_failed("body", "must contain voice_callback_url, events_url or both")
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    if number.status == inventory_pb2.TENANT_NUMBER_STATUS_RELEASED:
        raise ApiProblem(409, "number_released", "This number was released; it has no routing")
    update = routing_pb2.UpdateRoutingRequest(workspace_id=workspace_id, tenant_number_id=number.id)
    for field in sent:
        # An empty string tells the routing service to clear the URL.
        setattr(update, field, getattr(change, field) or "")
    reply = await upstreams.call(upstreams.routing.UpdateRouting, update)
    return routing_view(reply.routing)
