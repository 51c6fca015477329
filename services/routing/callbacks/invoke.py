"""InvokeVoiceCallback: one call step POSTed, signed, to the number's voice_callback_url within a
short deadline; the reply parsed into voice actions or turned into a typed failure. Every
invocation is recorded (voice_callback_invocations), whatever came of it."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.ids import new_id
from sautikit.routing.v1 import deliveries_pb2
from services.routing.callbacks.actions import InvalidActions, InvalidReplyJson, parse_actions
from services.routing.callbacks.tables import voice_callback_invocations
from services.routing.deliveries import repository, signing_secrets
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.sender import Reply, WebhookSender
from services.routing.deliveries.settings import DeliverySettings
from services.routing.deliveries.signing import message_id, signed_headers
from services.routing.usecases import RoutingNotFound

E = deliveries_pb2.VoiceCallbackError
EXCERPT_CHARS = 1024


@dataclass(frozen=True)
class Invocation:
    id: uuid.UUID
    actions: list[deliveries_pb2.VoiceAction]
    failure: deliveries_pb2.VoiceCallbackFailure | None


def step_body(e164: str, step: deliveries_pb2.CallStep) -> str:
    """The JSON POSTed for one call step (empty fields left out)."""
    body = {
        "call_id": step.call_id,
        "number": e164,
        "from": step.from_number,
        "to": step.to_number,
        "direction": step.direction,
        "step": step.step,
        "digits": step.digits,
        "recording_url": step.recording_url,
        "dial_status": step.dial_status,
    }
    return json.dumps({k: v for k, v in body.items() if v}, separators=(",", ":"))


def classify(
    reply: Reply, *, development: bool
) -> tuple[list[deliveries_pb2.VoiceAction], deliveries_pb2.VoiceCallbackFailure | None]:
    """The reply's actions, or why there are none."""

    def failure(
        error: deliveries_pb2.VoiceCallbackError, message: str
    ) -> deliveries_pb2.VoiceCallbackFailure:
        return deliveries_pb2.VoiceCallbackFailure(
            error=error, message=message, status_code=reply.status_code or 0
        )

    if reply.status_code is None:
        error = reply.error or "connection_error"
        if error == "timeout":
            return [], failure(E.VOICE_CALLBACK_ERROR_TIMEOUT, "no reply within the deadline")
        if error.startswith("unsafe_destination"):
            return [], failure(E.VOICE_CALLBACK_ERROR_UNSAFE_DESTINATION, error)
        return [], failure(E.VOICE_CALLBACK_ERROR_UNREACHABLE, error)
    if not 200 <= reply.status_code < 300:
        return [], failure(
            E.VOICE_CALLBACK_ERROR_HTTP_STATUS, f"the receiver answered {reply.status_code}"
        )
    if reply.too_large:
        return [], failure(E.VOICE_CALLBACK_ERROR_REPLY_TOO_LARGE, "the reply is too large")
    try:
        return parse_actions(reply.body, development=development), None
    except InvalidReplyJson as exc:
        return [], failure(E.VOICE_CALLBACK_ERROR_INVALID_JSON, str(exc))
    except InvalidActions as exc:
        return [], failure(E.VOICE_CALLBACK_ERROR_INVALID_ACTIONS, str(exc))


async def invoke_voice_callback(
    *,
    engine: AsyncEngine,
    sender: WebhookSender,
    settings: DeliverySettings,
    clock: Clock,
    e164: str,
    step: deliveries_pb2.CallStep,
) -> Invocation:
    invocation_id = new_id()
    invoked_at = clock.now()
    async with engine.begin() as conn:
        route = await repository.route_for_e164(conn, e164)
        if route is None:
            raise RoutingNotFound("no routing holds this number")
        url = step.url or route.voice_callback_url
        secrets = (
            await signing_secrets.secrets_in_force(
                conn, workspace_id=route.workspace_id, now=invoked_at, box=settings.secret_box
            )
            if url
            else []
        )
    actions: list[deliveries_pb2.VoiceAction] = []
    reply: Reply | None = None
    if not url:
        failure: deliveries_pb2.VoiceCallbackFailure | None = deliveries_pb2.VoiceCallbackFailure(
            error=E.VOICE_CALLBACK_ERROR_NOT_CONFIGURED,
            message="the number has no voice_callback_url",
        )
    else:
        body = step_body(e164, step)
        reply = await sender.post(
            url,
            body=body,
            headers=signed_headers(
                msg_id=message_id(str(invocation_id)), body=body, secrets=secrets, at=invoked_at
            ),
            timeout_seconds=settings.voice_callback_timeout_seconds,
            max_reply_bytes=settings.voice_reply_max_bytes,
        )
        actions, failure = classify(reply, development=settings.development)
    async with engine.begin() as conn:
        await conn.execute(
            voice_callback_invocations.insert().values(
                id=invocation_id,
                workspace_id=route.workspace_id,
                tenant_number_id=route.tenant_number_id,
                e164=e164,
                call_id=step.call_id,
                step=step.step,
                url=url,
                invoked_at=invoked_at,
                latency_ms=reply.latency_ms if reply else 0,
                status_code=reply.status_code if reply else None,
                error=E.Name(failure.error) if failure else None,
                message=failure.message if failure else None,
                response_excerpt=reply.excerpt(EXCERPT_CHARS) if reply else None,
                action_count=len(actions),
            )
        )
    return Invocation(invocation_id, actions, failure)
