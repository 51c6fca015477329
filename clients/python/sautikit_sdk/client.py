"""`connect()`: the generated client with this package's conventions built in: ApiError on
every error answer, an Idempotency-Key on every mutating call and bounded retries of 429/503."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from sautikit_api_client import AuthenticatedClient

from sautikit_sdk.errors import araise_for_problem, raise_for_problem
from sautikit_sdk.retries import AsyncRetryingTransport, RetryingTransport, RetryPolicy

DEFAULT_BASE_URL = "http://127.0.0.1:8080"


def connect(
    api_key: str,
    base_url: str = DEFAULT_BASE_URL,
    *,
    timeout_seconds: float = 30.0,
    max_retries: int = 3,
    max_retry_wait_seconds: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> AuthenticatedClient:
    """A client for the generated operations (`sautikit_api_client.api.*`), sync style. Pass
    it as `client=`; each operation's `sync(...)` returns the parsed answer or raises
    ApiError."""
    policy = RetryPolicy(max_retries=max_retries, max_wait_seconds=max_retry_wait_seconds)
    return AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        timeout=httpx.Timeout(timeout_seconds),
        raise_on_unexpected_status=True,
        httpx_args={
            "transport": RetryingTransport(policy=policy, sleep=sleep),
            "event_hooks": {"response": [raise_for_problem]},
        },
    )


def connect_async(
    api_key: str,
    base_url: str = DEFAULT_BASE_URL,
    *,
    timeout_seconds: float = 30.0,
    max_retries: int = 3,
    max_retry_wait_seconds: float = 30.0,
) -> AuthenticatedClient:
    """connect() for the operations' `asyncio(...)` functions."""
    policy = RetryPolicy(max_retries=max_retries, max_wait_seconds=max_retry_wait_seconds)
    return AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        timeout=httpx.Timeout(timeout_seconds),
        raise_on_unexpected_status=True,
        httpx_args={
            "transport": AsyncRetryingTransport(policy=policy),
            "event_hooks": {"response": [araise_for_problem]},
        },
    )
