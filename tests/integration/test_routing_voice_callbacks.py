"""InvokeVoiceCallback against receivers really listening on 127.0.0.1: a valid reply comes back
as typed voice actions, every kind of bad reply as its own error code, each invocation logged."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import grpc
import pytest
from standardwebhooks.webhooks import Webhook

from devstack.webhook_receiver import Answer, WebhookReceiver
from platform_common.errors import RemoteError
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import deliveries_pb2
from tests.integration.routing_delivery_harness import DeliveryStack, running_stack

E = deliveries_pb2.VoiceCallbackError


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[DeliveryStack]:
    async with running_stack(database_url, nats_url) as running:
        yield running


def incoming(
    number: inventory_pb2.TenantNumber, **fields: str
) -> deliveries_pb2.InvokeVoiceCallbackRequest:
    step = deliveries_pb2.CallStep(
        call_id="call-1",
        from_number="+254711000001",
        to_number=number.e164,
        direction="inbound",
        step="incoming",
        **fields,
    )
    return deliveries_pb2.InvokeVoiceCallbackRequest(e164=number.e164, step=step)


VALID_REPLY = [
    {"action": "say", "text": "Karibu Sautikit", "language": "sw-KE"},
    {"action": "play", "url": "https://cdn.example.com/hold.mp3", "loop": 2},
    {"action": "get_digits", "max_digits": 4, "timeout_seconds": 10, "finish_on_key": "#"},
    {"action": "record", "max_length_seconds": 120, "play_beep": False},
    {"action": "dial", "number": "+254722000000", "timeout_seconds": 20, "record": True},
    {"action": "hangup"},
]


async def test_a_valid_reply_comes_back_as_typed_actions_from_a_signed_request(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    secret = (await stack.rotate(number.workspace_id)).secret
    reply = json.dumps(VALID_REPLY).encode()
    async with WebhookReceiver(default=Answer(200, reply)) as receiver:
        await stack.set_urls(number, voice_callback_url=f"{receiver.url}/voice")
        answer = await stack.deliveries.InvokeVoiceCallback(incoming(number, digits="12"))
        [request] = receiver.received
    posted = Webhook(secret).verify(request.body, request.headers)
    assert posted == {
        "call_id": "call-1",
        "number": number.e164,
        "from": "+254711000001",
        "to": number.e164,
        "direction": "inbound",
        "step": "incoming",
        "digits": "12",
    }
    assert answer.WhichOneof("outcome") == "actions"
    actions = answer.actions.actions
    assert [a.WhichOneof("action") for a in actions] == [
        "say", "play", "get_digits", "record", "dial", "hangup",
    ]  # fmt: skip
    assert actions[0].say.text == "Karibu Sautikit" and actions[0].say.loop == 1
    assert actions[1].play.loop == 2
    assert (actions[2].get_digits.max_digits, actions[2].get_digits.finish_on_key) == (4, "#")
    assert actions[3].record.max_length_seconds == 120 and not actions[3].record.play_beep
    assert actions[4].dial.number == "+254722000000" and actions[4].dial.record
    [logged] = await stack.rows("SELECT * FROM routing.voice_callback_invocations")
    assert str(logged["id"]) == answer.invocation_id
    assert logged["status_code"] == 200 and logged["error"] is None
    assert logged["action_count"] == 6
    assert request.headers["webhook-id"] == "msg_" + answer.invocation_id.replace("-", "")


JSON_ERROR = E.VOICE_CALLBACK_ERROR_INVALID_JSON
ACTIONS_ERROR = E.VOICE_CALLBACK_ERROR_INVALID_ACTIONS
HTTP_ERROR = E.VOICE_CALLBACK_ERROR_HTTP_STATUS
OVERSIZE = b'[{"action": "say", "text": "' + b"a" * 5000 + b'"}]'
BAD_REPLIES = [
    ("bad_json", Answer(200, b"<Response><Say>hi</Say></Response>"), JSON_ERROR),
    ("unknown_verb", Answer(200, b'[{"action": "conference", "room": "x"}]'), ACTIONS_ERROR),
    ("not_a_list", Answer(200, b'{"action": "hangup"}'), ACTIONS_ERROR),
    ("out_of_range", Answer(200, b'[{"action": "get_digits", "max_digits": 99}]'), ACTIONS_ERROR),
    ("after_hangup", Answer(200, b'[{"action": "hangup"}, {"action": "reject"}]'), ACTIONS_ERROR),
    ("oversize", Answer(200, OVERSIZE), E.VOICE_CALLBACK_ERROR_REPLY_TOO_LARGE),
    ("timeout", Answer(hang=True), E.VOICE_CALLBACK_ERROR_TIMEOUT),
    ("server_error", Answer(500, b"oops"), HTTP_ERROR),
    ("redirect", Answer(302, b"", {"location": "http://127.0.0.1:1/"}), HTTP_ERROR),
]


@pytest.mark.parametrize(("kind", "answer", "error"), BAD_REPLIES, ids=[b[0] for b in BAD_REPLIES])
async def test_each_kind_of_unusable_reply_gets_its_own_error_code(
    stack: DeliveryStack, kind: str, answer: Answer, error: int
) -> None:
    number = await stack.claim()
    async with WebhookReceiver(default=answer) as receiver:
        await stack.set_urls(number, voice_callback_url=receiver.url)
        reply = await stack.deliveries.InvokeVoiceCallback(incoming(number))
    assert reply.WhichOneof("outcome") == "failure"
    assert reply.failure.error == error, reply.failure.message
    if error == E.VOICE_CALLBACK_ERROR_HTTP_STATUS:
        assert reply.failure.status_code in (500, 302)
    [logged] = await stack.rows(
        "SELECT error, action_count FROM routing.voice_callback_invocations"
    )
    assert logged == {"error": E.Name(error), "action_count": 0}


async def test_no_voice_callback_url_unreachable_and_unknown_numbers(stack: DeliveryStack) -> None:
    number = await stack.claim()
    reply = await stack.deliveries.InvokeVoiceCallback(incoming(number))
    assert reply.failure.error == E.VOICE_CALLBACK_ERROR_NOT_CONFIGURED

    async with WebhookReceiver() as gone:
        url = gone.url
    await stack.set_urls(number, voice_callback_url=url)  # nothing listens there any more
    reply = await stack.deliveries.InvokeVoiceCallback(incoming(number))
    assert reply.failure.error == E.VOICE_CALLBACK_ERROR_UNREACHABLE

    stranger = deliveries_pb2.InvokeVoiceCallbackRequest(
        e164="+254799999999", step=deliveries_pb2.CallStep(call_id="c")
    )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stack.deliveries.InvokeVoiceCallback(stranger)
    error = RemoteError.from_rpc_error(raised.value)
    assert (error.status, error.reason) == (grpc.StatusCode.NOT_FOUND, "routing_not_found")
    rows = await stack.rows(
        "SELECT error FROM routing.voice_callback_invocations ORDER BY invoked_at"
    )
    assert [r["error"] for r in rows] == [
        "VOICE_CALLBACK_ERROR_NOT_CONFIGURED",
        "VOICE_CALLBACK_ERROR_UNREACHABLE",
    ]


@pytest.mark.parametrize(
    ("request_fields", "field"),
    [
        ({"e164": "0712345678"}, "e164"),
        ({"e164": ""}, "e164"),
        ({"call_id": ""}, "step.call_id"),
        ({"digits": "1" * 300}, "step.digits"),
        ({"url": "https://x/" + "a" * 2100}, "step.url"),
    ],
)
async def test_invoke_refuses_bad_input_naming_the_field(
    stack: DeliveryStack, request_fields: dict[str, str], field: str
) -> None:
    step_fields = {k: v for k, v in request_fields.items() if k != "e164"}
    step = deliveries_pb2.CallStep(**{"call_id": "c-1", **step_fields})
    request = deliveries_pb2.InvokeVoiceCallbackRequest(
        e164=request_fields.get("e164", "+254711000001"), step=step
    )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stack.deliveries.InvokeVoiceCallback(request)
    error = RemoteError.from_rpc_error(raised.value)
    assert (error.status, error.reason) == (grpc.StatusCode.INVALID_ARGUMENT, "validation_failed")
    assert [v.field for v in error.violations] == [field]
