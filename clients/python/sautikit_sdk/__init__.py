"""Hand-written conveniences over the generated `sautikit_api_client` (never edited by hand:
`make sdk` regenerates it). See clients/python/README.md."""

from sautikit_sdk.client import DEFAULT_BASE_URL, connect, connect_async
from sautikit_sdk.errors import ApiError, FieldProblem
from sautikit_sdk.pagination import aiterate, iterate
from sautikit_sdk.retries import AsyncRetryingTransport, RetryingTransport, RetryPolicy
from sautikit_sdk.webhooks import WebhookVerificationError, sign, verify_webhook

__all__ = [
    "DEFAULT_BASE_URL",
    "ApiError",
    "AsyncRetryingTransport",
    "FieldProblem",
    "RetryPolicy",
    "RetryingTransport",
    "WebhookVerificationError",
    "aiterate",
    "connect",
    "connect_async",
    "iterate",
    "sign",
    "verify_webhook",
]
