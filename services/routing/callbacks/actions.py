"""The VoiceAction JSON a customer's voice_callback_url answers with, parsed into the typed
protos of deliveries.proto. The format (documented in services/routing/README.md):

    [{"action": "say", "text": "Karibu", "language": "sw-KE"},
     {"action": "get_digits", "max_digits": 4, "timeout_seconds": 10, "finish_on_key": "#"}]

A JSON array of 1 to 50 objects, each naming its verb in "action". Every verb's fields, their
defaults and limits are in VERBS below; an unknown verb, an unknown or mistyped field or a
value out of range makes the whole reply invalid, naming the action index and the field.
hangup, reject and redirect end the list: nothing may follow them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import phonenumbers

from sautikit.routing.v1 import deliveries_pb2

MAX_ACTIONS = 50
MAX_URL_CHARS = 2048
KEYS = "0123456789*#"
TERMINAL_VERBS = ("hangup", "reject", "redirect")


class InvalidReplyJson(ValueError):
    """The reply is not JSON."""


class InvalidActions(ValueError):
    """The JSON is not a valid action list."""


@dataclass(frozen=True)
class Field:
    kind: str  # "text", "int", "bool", "url", "e164", "key", "choice"
    required: bool = False
    default: Any = None
    low: int = 0
    high: int = 0
    choices: tuple[str, ...] = ()


VERBS: dict[str, dict[str, Field]] = {
    "say": {
        "text": Field("text", required=True, low=1, high=4000),
        "voice": Field("text", default="", high=64),
        "language": Field("text", default="", high=35),
        "loop": Field("int", default=1, low=1, high=10),
    },
    "play": {
        "url": Field("url", required=True),
        "loop": Field("int", default=1, low=1, high=10),
    },
    "get_digits": {
        "max_digits": Field("int", default=1, low=1, high=32),
        "timeout_seconds": Field("int", default=5, low=1, high=60),
        "finish_on_key": Field("key", default="#"),
    },
    "dial": {
        "number": Field("e164", required=True),
        "caller_id": Field("e164", default=""),
        "timeout_seconds": Field("int", default=30, low=5, high=120),
        "record": Field("bool", default=False),
    },
    "record": {
        "max_length_seconds": Field("int", default=60, low=1, high=3600),
        "finish_on_key": Field("key", default="#"),
        "play_beep": Field("bool", default=True),
    },
    "redirect": {"url": Field("url", required=True)},
    "hangup": {},
    "reject": {"reason": Field("choice", default="rejected", choices=("rejected", "busy"))},
}

_MESSAGES: dict[str, Callable[..., Any]] = {
    "say": deliveries_pb2.SayAction,
    "play": deliveries_pb2.PlayAction,
    "get_digits": deliveries_pb2.GetDigitsAction,
    "dial": deliveries_pb2.DialAction,
    "record": deliveries_pb2.RecordAction,
    "redirect": deliveries_pb2.RedirectAction,
    "hangup": deliveries_pb2.HangupAction,
    "reject": deliveries_pb2.RejectAction,
}


def _check(where: str, name: str, spec: Field, value: Any, *, development: bool) -> Any:
    def bad(why: str) -> InvalidActions:
        return InvalidActions(f"{where}.{name} {why}")

    if spec.kind in ("text", "url", "e164", "key", "choice") and not isinstance(value, str):
        raise bad("must be a string")
    if spec.kind == "text" and not spec.low <= len(value) <= spec.high:
        raise bad(f"must be {spec.low} to {spec.high} characters")
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("must be an integer")
        if not spec.low <= value <= spec.high:
            raise bad(f"must be between {spec.low} and {spec.high}")
    if spec.kind == "bool" and not isinstance(value, bool):
        raise bad("must be true or false")
    if spec.kind == "url":
        schemes = ("https://", "http://") if development else ("https://",)
        if len(value) > MAX_URL_CHARS or not value.lower().startswith(schemes):
            allowed = " or ".join(s[:-3] for s in schemes)
            raise bad(f"must be an {allowed} URL of at most {MAX_URL_CHARS} characters")
    if spec.kind == "e164" and value:
        try:
            parsed = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            raise bad("must be an E.164 number") from None
        if not value.startswith("+") or not phonenumbers.is_valid_number(parsed):
            raise bad("must be an E.164 number")
        value = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if spec.kind == "key" and value not in ("", *KEYS):
        raise bad("must be one of 0-9 * # or empty")
    if spec.kind == "choice" and value not in spec.choices:
        raise bad(f"must be one of {', '.join(spec.choices)}")
    return value


def parse_actions(raw: bytes, *, development: bool = False) -> list[deliveries_pb2.VoiceAction]:
    """Parses a reply body; raises InvalidReplyJson or InvalidActions."""
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise InvalidReplyJson("the reply is not valid JSON") from None
    if not isinstance(document, list) or not 1 <= len(document) <= MAX_ACTIONS:
        raise InvalidActions(f"the reply must be a JSON array of 1 to {MAX_ACTIONS} actions")
    actions: list[deliveries_pb2.VoiceAction] = []
    for index, item in enumerate(document):
        where = f"actions[{index}]"
        if not isinstance(item, dict):
            raise InvalidActions(f"{where} must be an object")
        verb = item.get("action")
        if not isinstance(verb, str) or verb not in VERBS:
            raise InvalidActions(f"{where}.action {verb!r} is not a known verb")
        if actions and actions[-1].WhichOneof("action") in TERMINAL_VERBS:
            raise InvalidActions(f"{where} follows a {actions[-1].WhichOneof('action')}")
        fields = VERBS[verb]
        unknown = sorted(set(item) - set(fields) - {"action"})
        if unknown:
            raise InvalidActions(f"{where}.{unknown[0]} is not a field of {verb}")
        values: dict[str, Any] = {}
        for name, spec in fields.items():
            if name not in item:
                if spec.required:
                    raise InvalidActions(f"{where}.{name} is required")
                values[name] = spec.default
                continue
            values[name] = _check(where, name, spec, item[name], development=development)
        actions.append(deliveries_pb2.VoiceAction(**{verb: _MESSAGES[verb](**values)}))
    return actions
