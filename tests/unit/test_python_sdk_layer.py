"""The SDK's hand-written layer (clients/python/sautikit_sdk) over the committed generated
client, against a scripted HTTP server on loopback: typed errors, an Idempotency-Key on every
mutating call kept across retries, bounded 429/503 retries honouring Retry-After, cursor
iteration, and Standard Webhooks verification (checked against the reference library)."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import standardwebhooks
from sautikit_api_client import AuthenticatedClient
from sautikit_api_client.api.numbers import claim_number, get_number
from sautikit_api_client.api.wallet import list_ledger_entries
from sautikit_api_client.models import ClaimNumberProblem, ClaimNumberProblemCode, TenantNumber
from sautikit_sdk import ApiError, WebhookVerificationError, connect, iterate, sign, verify_webhook

DOCUMENT = json.loads(
    (Path(__file__).resolve().parents[2] / "clients/python/openapi.json").read_text()
)
NUMBER = DOCUMENT["paths"]["/v1/numbers/{id}/claim"]["post"]["responses"]["201"]["content"][
    "application/json"
]["example"]
NUMBER_ID = "01900000-0000-7000-8000-000000000001"


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


class ScriptedServer:
    """Answers requests from a script, in order (the last answer repeats), and records them."""

    def __init__(self) -> None:
        self.script: list[Answer] = []
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                url = urlsplit(self.path)
                server.seen.append(
                    Seen(self.command, url.path, parse_qs(url.query), dict(self.headers))
                )
                answer = server.script.pop(0) if len(server.script) > 1 else server.script[0]
                body = json.dumps(answer.body).encode()
                self.send_response(answer.status)
                content_type = "application/json"
                if answer.status >= 400:
                    content_type = "application/problem+json"
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_DELETE = do_PATCH = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer()
    yield running
    running.close()


def problem(status: int, code: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"https://docs.sautikit.com/errors/{code}",
        "title": "Error",
        "status": status,
        "detail": f"{code} happened",
        "code": code,
        "request_id": "req_123",
        **extra,
    }


def test_a_mutating_call_gets_one_key_kept_across_a_429_retry(server: ScriptedServer) -> None:
    server.script = [
        Answer(429, problem(429, "rate_limited"), {"Retry-After": "2"}),
        Answer(201, NUMBER),
    ]
    waits: list[float] = []
    with connect("sk_test_x", server.url, sleep=waits.append) as client:
        number = claim_number.sync(NUMBER_ID, client=client)
    assert isinstance(number, TenantNumber) and number.e164 == NUMBER["e164"]
    assert waits == [2.0]
    keys = [seen.headers.get("Idempotency-Key") for seen in server.seen]
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    assert server.seen[0].headers["Authorization"] == "Bearer sk_test_x"


def test_a_callers_own_key_is_kept(server: ScriptedServer) -> None:
    server.script = [Answer(201, NUMBER)]
    with connect("k", server.url) as client:
        claim_number.sync(NUMBER_ID, client=client, idempotency_key="mine-1")
    assert server.seen[0].headers["Idempotency-Key"] == "mine-1"


def test_a_read_gets_no_key(server: ScriptedServer) -> None:
    server.script = [Answer(200, NUMBER)]
    with connect("k", server.url) as client:
        get_number.sync(NUMBER_ID, client=client)
    assert "Idempotency-Key" not in server.seen[0].headers


def test_uuid_headers_are_sent_as_text(server: ScriptedServer) -> None:
    # Both tenant-context headers are format uuid in the document, so the generated client
    # takes UUIDs for them; sent as the objects themselves, httpx refused them (TypeError).
    workspace = uuid.UUID(NUMBER_ID)
    server.script = [Answer(200, NUMBER)]
    with connect("k", server.url) as client:
        get_number.sync(
            NUMBER_ID, client=client, sautikit_workspace=workspace, x_organization_id=workspace
        )
    assert server.seen[0].headers["Sautikit-Workspace"] == NUMBER_ID
    assert server.seen[0].headers["X-Organization-Id"] == NUMBER_ID


def test_503_retries_are_bounded_then_raise_a_typed_error(server: ScriptedServer) -> None:
    server.script = [Answer(503, problem(503, "service_unavailable"))]
    waits: list[float] = []
    with (
        connect("k", server.url, max_retries=2, sleep=waits.append) as client,
        pytest.raises(ApiError) as raised,
    ):
        claim_number.sync(NUMBER_ID, client=client)
    assert len(server.seen) == 3
    assert waits == [0.5, 1.0]  # exponential backoff without Retry-After
    error = raised.value
    assert (error.status, error.code, error.request_id) == (503, "service_unavailable", "req_123")
    assert error.detail == "service_unavailable happened"


def test_a_wait_beyond_the_bound_is_not_attempted(server: ScriptedServer) -> None:
    server.script = [Answer(429, problem(429, "rate_limited"), {"Retry-After": "120"})]
    waits: list[float] = []
    with (
        connect("k", server.url, max_retry_wait_seconds=30, sleep=waits.append) as client,
        pytest.raises(ApiError) as raised,
    ):
        claim_number.sync(NUMBER_ID, client=client)
    assert len(server.seen) == 1 and waits == []
    assert raised.value.code == "rate_limited" and raised.value.retry_after == 120


def test_other_errors_are_not_retried_and_carry_field_errors(server: ScriptedServer) -> None:
    errors = [{"field": "id", "message": "36 characters expected"}]
    server.script = [Answer(400, problem(400, "validation_failed", errors=errors))]
    with connect("k", server.url) as client, pytest.raises(ApiError) as raised:
        claim_number.sync(NUMBER_ID, client=client)
    assert len(server.seen) == 1
    assert raised.value.code == "validation_failed"
    assert [(e.field, e.message) for e in raised.value.errors] == [("id", "36 characters expected")]


def test_the_generated_client_types_known_codes_and_keeps_new_ones_as_text(
    server: ScriptedServer,
) -> None:
    """Without the ApiError hook the generated code parses the problem itself: a code the
    operation's enum lists becomes the enum member, a code the server added since the client
    was generated stays a string (an enum would raise ValueError on it)."""
    server.script = [
        Answer(409, problem(409, "number_unavailable")),
        Answer(409, problem(409, "number_reserved_for_port_in")),
    ]
    with AuthenticatedClient(base_url=server.url, token="k") as client:
        known = claim_number.sync(NUMBER_ID, client=client)
        added = claim_number.sync(NUMBER_ID, client=client)
    assert isinstance(known, ClaimNumberProblem) and isinstance(added, ClaimNumberProblem)
    assert known.code is ClaimNumberProblemCode.NUMBER_UNAVAILABLE
    assert added.code == "number_reserved_for_port_in"
    assert not isinstance(added.code, ClaimNumberProblemCode)
    assert added.to_dict()["code"] == "number_reserved_for_port_in"


def test_api_error_code_compares_with_the_operations_code_enum(server: ScriptedServer) -> None:
    server.script = [Answer(402, problem(402, "wallet_insufficient_funds"))]
    with connect("k", server.url) as client, pytest.raises(ApiError) as raised:
        claim_number.sync(NUMBER_ID, client=client)
    assert raised.value.code == ClaimNumberProblemCode.WALLET_INSUFFICIENT_FUNDS


def test_iterate_follows_next_cursor_over_every_page(server: ScriptedServer) -> None:
    entry = DOCUMENT["paths"]["/v1/wallet/ledger"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["example"]["data"][0]
    server.script = [
        Answer(200, {"data": [{**entry, "id": "a"}, {**entry, "id": "b"}], "next_cursor": "c1"}),
        Answer(200, {"data": [{**entry, "id": "c"}]}),
    ]
    with connect("k", server.url) as client:
        ids = [e.id for e in iterate(list_ledger_entries, client=client, limit=2)]
    assert ids == ["a", "b", "c"]
    assert "cursor" not in server.seen[0].query
    assert server.seen[1].query["cursor"] == ["c1"]


SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
BODY = b'{"id":"evt_1","type":"call.started"}'


def reference_headers(now: datetime, body: bytes = BODY) -> dict[str, str]:
    signature = standardwebhooks.Webhook(SECRET).sign("msg_1", now, body.decode())
    return {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }


def test_webhook_signed_by_the_reference_library_verifies() -> None:
    now = datetime.now(UTC)
    headers = reference_headers(now)
    assert verify_webhook(BODY, headers, SECRET, now=now.timestamp())["id"] == "evt_1"
    assert sign(SECRET, "msg_1", int(now.timestamp()), BODY) == headers["webhook-signature"]


def test_webhook_with_two_signatures_during_a_rotation_verifies() -> None:
    now = datetime.now(UTC)
    headers = reference_headers(now)
    headers["webhook-signature"] = "v1,b2xkLXNlY3JldC1zaWc= " + headers["webhook-signature"]
    verify_webhook(BODY, headers, SECRET, now=now.timestamp())


@pytest.mark.parametrize(
    "tamper",
    ["body", "id", "old", "secret", "missing"],
)
def test_webhook_tampered_or_stale_is_refused(tamper: str) -> None:
    now = datetime.now(UTC)
    headers = reference_headers(now)
    body, secret, at = BODY, SECRET, now.timestamp()
    if tamper == "body":
        body = BODY.replace(b"started", b"failed")
    elif tamper == "id":
        headers["webhook-id"] = "msg_2"
    elif tamper == "old":
        at += 301
    elif tamper == "secret":
        secret = "whsec_" + base64.b64encode(b"another-secret-of-32-bytes-long!").decode()
    else:
        del headers["webhook-signature"]
    with pytest.raises(WebhookVerificationError):
        verify_webhook(body, headers, secret, now=at)


def test_the_api_key_is_not_in_the_clients_repr(server: ScriptedServer) -> None:
    """A logged client must not log the key (clients/python/templates/client.py.jinja)."""
    server.script = [Answer(200, NUMBER)]
    with connect("sk_live_secret_value", server.url) as client:
        get_number.sync(NUMBER_ID, client=client)  # the key is in the headers by now
        assert "sk_live_secret_value" not in repr(client)
