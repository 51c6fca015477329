"""Verifying the call events Sautikit POSTs to a number's events_url (Standard Webhooks).

Signed content is `{webhook-id}.{webhook-timestamp}.{raw body}`; the signature header holds
one or more `v1,<base64 HMAC-SHA256>` separated by spaces (two during a secret rotation); the
key is the base64 after `whsec_` in the secret GET/POST /v1/webhook-secret showed you. A
timestamp further than the tolerance from now is refused, so a captured delivery cannot be
replayed later. Verify the raw bytes, before any JSON parsing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
DEFAULT_TOLERANCE_SECONDS = 300


class WebhookVerificationError(Exception):
    """The delivery is not provably from Sautikit (or is too old): answer 400, do not act."""


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The `v1,<base64>` signature of a delivery (for tests of your own receiver)."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify_webhook(
    body: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> Any:
    """Checks the delivery's signature and age; returns its parsed JSON body."""
    lowered = {name.lower(): value for name, value in headers.items()}
    webhook_id = lowered.get("webhook-id")
    timestamp_text = lowered.get("webhook-timestamp")
    signatures = lowered.get("webhook-signature")
    if not webhook_id or not timestamp_text or not signatures:
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or signature")
    try:
        timestamp = int(timestamp_text)
    except ValueError as exc:
        raise WebhookVerificationError("webhook-timestamp is not an integer") from exc
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        raise WebhookVerificationError("webhook-timestamp is outside the tolerance")
    try:
        expected = sign(secret, webhook_id, timestamp, body).split(",", 1)[1]
    except ValueError as exc:
        raise WebhookVerificationError("the secret is not whsec_<base64>") from exc
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(body)
    raise WebhookVerificationError("no signature matches")
