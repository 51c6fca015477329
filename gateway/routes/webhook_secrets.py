"""The workspace's webhook signing secret (Standard Webhooks). Rotating is the only way to see a
secret: the answer shows the new `whsec_...` once (Cache-Control: no-store; an idempotent
replay of the request answers without it). The previous secret keeps signing beside the new one
for 24 hours, so receivers can switch without losing a webhook.

A workspace that never rotated still has its deliveries signed, with a secret created on first
need that nobody is shown; the first rotation is how a customer gets a secret to verify with."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request, Response
from pydantic import Field

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent, record_shown_once
from gateway.livemode import ApiObject
from gateway.routes import PublicRouter
from platform_common.timestamps import from_timestamp, optional_time
from sautikit.routing.v1 import deliveries_pb2

router = PublicRouter(prefix="/v1/webhook-secret", tags=["webhooks"])


class WebhookSecret(ApiObject):
    secret: str | None = Field(
        default=None,
        description="whsec_ + base64 of 32 random bytes: the HMAC key of webhook-signature. "
        "Only in the response that created it (an idempotent replay omits it)",
    )
    created_at: datetime
    previous_valid_until: datetime | None = Field(
        default=None, description="Until when the previous secret also signs every request"
    )


@router.post(
    "/rotate",
    response_model=WebhookSecret,
    operation_id="rotateWebhookSecret",
    dependencies=[Idempotent],
    summary="Create a new signing secret, shown in this response only",
)
async def rotate_webhook_secret(
    request: Request, response: Response, principal: Authenticated
) -> WebhookSecret:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.deliveries.RotateWebhookSecret,
        deliveries_pb2.RotateWebhookSecretRequest(workspace_id=str(principal.workspace_id)),
    )
    view = WebhookSecret(
        secret=reply.secret,
        created_at=from_timestamp(reply.created_at),
        previous_valid_until=optional_time(reply, "previous_valid_until"),
    )
    response.headers["Cache-Control"] = "no-store"
    await record_shown_once(request, 200, view, "secret")
    return view
