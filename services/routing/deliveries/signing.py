"""Standard Webhooks signing of outgoing requests (the `standardwebhooks` package).

Signed content is `{webhook-id}.{webhook-timestamp}.{body}`; every secret in force signs it
and the signatures travel space-separated in one `webhook-signature` header, which is how a
receiver holding only the previous secret keeps verifying during a rotation's overlap.
"""

from __future__ import annotations

from datetime import datetime

from standardwebhooks.webhooks import Webhook


def message_id(ident: str) -> str:
    """The webhook-id of a delivery or invocation: stable across its retries."""
    return f"msg_{ident.replace('-', '')}"


def signed_headers(*, msg_id: str, body: str, secrets: list[bytes], at: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for one request sent at `at`."""
    signatures = [
        Webhook(secret).sign(msg_id=msg_id, timestamp=at, data=body) for secret in secrets
    ]
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
