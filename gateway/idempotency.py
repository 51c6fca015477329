"""Idempotency-Key for POST, PATCH and DELETE routes (DESIGN.md §9).

A route opts in with one line, `dependencies=[Idempotent]`. The header stays optional: without
it the request simply runs (the seed's curl examples send none).

Flow: the dependency (after authentication) claims (workspace, key) with an in-progress
record. If the key was already used: a different method, path or body is 422
`idempotency_key_reused`; a request still running is 409 `idempotency_request_in_progress`;
a completed one is replayed with `Idempotent-Replayed: true`. The `IdempotencyRecorder`
middleware stores the response before its last byte reaches the client when the status is
below 500, and deletes the record on a 5xx or an exception so the client can retry. Records
live 24 hours; expired ones are ignored, replaced on reuse and purged in the background.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Header, Request
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway import repository
from gateway.api_keys import Principal
from gateway.auth import require_principal
from gateway.problems import ApiProblem, validation_failed
from platform_common.ids import new_id

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_CHARS = 255
_STATE_KEY = "idempotency_claim"
_HEADER_RAW = HEADER.lower().encode("latin-1")  # ASGI header names are lower-case bytes
_STORED_HEADERS = ("content-type", "location")


def check_key(value: str) -> str:
    """The key if it is 1..255 printable ASCII characters, else a 400 naming the header."""
    if not 1 <= len(value) <= MAX_KEY_CHARS:
        raise validation_failed(HEADER, f"must be 1 to {MAX_KEY_CHARS} characters")
    if not (value.isascii() and value.isprintable()):
        raise validation_failed(HEADER, "must contain only printable ASCII characters")
    return value


def request_fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """SHA-256 over what makes two requests "the same": method, path, query and body.

    A JSON body is canonicalised first, so re-serialising the same object (other key order,
    other whitespace) is still the same request.
    """
    canonical = body
    if body:
        try:
            canonical = json.dumps(
                json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode("utf-8")
        except (ValueError, UnicodeDecodeError):
            canonical = body
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), query.encode()):
        digest.update(part + b"\n")
    digest.update(canonical)
    return digest.hexdigest()


@dataclass(frozen=True)
class Claim:
    """This request holds (workspace, key); it must complete or release it."""

    store: IdempotencyStore
    workspace_id: uuid.UUID
    key: str
    claim_id: uuid.UUID

    async def complete(self, status_code: int, headers: dict[str, str], body: bytes) -> None:
        async with self.store.engine.begin() as conn:
            stored = await repository.complete_idempotency_key(
                conn,
                workspace_id=self.workspace_id,
                key=self.key,
                claim_id=self.claim_id,
                status_code=status_code,
                response_body=body,
                response_headers=headers,
            )
        if not stored:
            log.warning("idempotency record vanished before completion", extra={"key": self.key})

    async def release(self) -> None:
        async with self.store.engine.begin() as conn:
            await repository.release_idempotency_key(
                conn, workspace_id=self.workspace_id, key=self.key, claim_id=self.claim_id
            )


class IdempotentReplay(Exception):
    """Raised by the dependency to answer with a stored response instead of running the route."""

    def __init__(self, status_code: int, headers: dict[str, str], body: bytes) -> None:
        super().__init__(status_code)
        self.status_code = status_code
        self.headers = headers
        self.body = body

    def response(self) -> Response:
        headers = {k: v for k, v in self.headers.items() if k != "content-type"}
        headers[REPLAYED_HEADER] = "true"
        return Response(
            content=self.body,
            status_code=self.status_code,
            headers=headers,
            media_type=self.headers.get("content-type"),
        )


class IdempotencyStore:
    def __init__(self, engine: AsyncEngine, *, lease_seconds: float = 60.0) -> None:
        self.engine = engine
        self.lease = timedelta(seconds=lease_seconds)

    async def claim(
        self, *, workspace_id: uuid.UUID, key: str, method: str, path: str, request_hash: str
    ) -> Claim:
        """Claims the key or raises IdempotentReplay / a 409 or 422 problem."""
        claim_id = new_id()
        async with self.engine.begin() as conn:
            record = await repository.claim_idempotency_key(
                conn,
                workspace_id=workspace_id,
                key=key,
                claim_id=claim_id,
                method=method,
                path=path,
                request_hash=request_hash,
                lease=self.lease,
            )
        if record.claim_id == claim_id:
            return Claim(self, workspace_id, key, claim_id)
        if (record.method, record.path, record.request_hash) != (method, path, request_hash):
            raise ApiProblem(
                422,
                "idempotency_key_reused",
                f"This {HEADER} was already used for a different request "
                f"({record.method} {record.path} or another body)",
            )
        if record.state != "completed":
            raise ApiProblem(
                409,
                "idempotency_request_in_progress",
                f"A request with this {HEADER} is still being processed; retry shortly",
                headers={"Retry-After": "1"},
            )
        assert record.status_code is not None and record.response_body is not None
        raise IdempotentReplay(
            record.status_code, record.response_headers or {}, record.response_body
        )

    async def purge_expired(self, *, batch: int = 1000) -> int:
        total = 0
        while True:
            async with self.engine.begin() as conn:
                deleted = await repository.delete_expired_idempotency_records(conn, batch=batch)
            total += deleted
            if deleted < batch:
                return total

    async def purge_forever(self, interval_seconds: float) -> None:
        while True:
            try:
                deleted = await self.purge_expired()
                if deleted:
                    log.info("purged expired idempotency records", extra={"deleted": deleted})
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("idempotency purge failed", extra={"error": repr(exc)})
            await asyncio.sleep(interval_seconds)


async def idempotency_guard(
    request: Request,
    principal: Annotated[Principal, Depends(require_principal)],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="Optional. The first response for this key is replayed for 24 hours; "
            "reusing it for a different request is a 422.",
        ),
    ] = None,
) -> None:
    """Claims the request's Idempotency-Key, if any (see the module docstring)."""
    if idempotency_key is None:
        return
    key = check_key(idempotency_key)
    store: IdempotencyStore = request.app.state.idempotency
    body = await _request_body(request)
    claim = await store.claim(
        workspace_id=principal.workspace_id,
        key=key,
        method=request.method,
        path=request.url.path,
        request_hash=request_fingerprint(request.method, request.url.path, request.url.query, body),
    )
    request.state.idempotency_claim = claim


async def _request_body(request: Request) -> bytes:
    """The bytes that identify the request. A multipart body was already read by the route's
    form parameters (its stream cannot be read twice), so its parsed form stands in for it."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await request.body()
    digest = hashlib.sha256()
    for name, value in sorted((await request.form()).multi_items(), key=lambda item: item[0]):
        digest.update(name.encode() + b"\0")
        if isinstance(value, str):
            digest.update(b"s" + value.encode() + b"\0")
            continue
        content = await value.read()
        await value.seek(0)
        digest.update(f"f{value.filename}\0{value.content_type}\0".encode())
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest().encode()


Idempotent = Depends(idempotency_guard)
"""Add to a route's `dependencies=[...]` to make it honour Idempotency-Key."""


class IdempotencyRecorder:
    """ASGI middleware storing (or dropping) the response of a request that claimed a key."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not any(
            name == _HEADER_RAW for name, _ in scope.get("headers", ())
        ):
            # Without the header nothing can be claimed: no wrapper on the common path.
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        status_code = 0
        headers: dict[str, str] = {}
        chunks: list[bytes] = []
        finished = False

        async def recording_send(message: Message) -> None:
            nonlocal status_code, finished
            claim: Claim | None = state.get(_STATE_KEY)
            if claim is None or finished:
                await send(message)
                return
            if message["type"] == "http.response.start":
                status_code = message["status"]
                for raw_name, raw_value in message.get("headers", []):
                    name = raw_name.decode("latin-1").lower()
                    if name in _STORED_HEADERS:
                        headers[name] = raw_value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    finished = True
                    # Stored before the client has the whole response, so a retry that
                    # follows it immediately is replayed rather than told "in progress".
                    await _finish(claim, status_code, headers, b"".join(chunks))
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        except BaseException:
            claim = state.get(_STATE_KEY)
            if claim is not None and not finished:
                await asyncio.shield(_release(claim))
            raise
        claim = state.get(_STATE_KEY)
        if claim is not None and not finished:
            await _release(claim)


async def _finish(claim: Claim, status_code: int, headers: dict[str, str], body: bytes) -> None:
    try:
        if status_code < 500:
            await claim.complete(status_code, headers, body)
        else:
            await claim.release()
    except Exception as exc:
        # The response still goes out; the record stays in progress until its lease ends.
        log.error("could not record idempotent response", extra={"error": repr(exc)})


async def _release(claim: Claim) -> None:
    try:
        await claim.release()
    except Exception as exc:
        log.error("could not release idempotency key", extra={"error": repr(exc)})


async def record_shown_once(request: Request, status: int, view: BaseModel, secret: str) -> None:
    """Records this request's idempotent answer without its `secret` member (an API key, a
    webhook secret: shown once, never stored). The recorder middleware would store the body
    verbatim, so the route records it here instead and takes the claim from the middleware;
    a replay then answers the same without the secret."""
    claim: Claim | None = getattr(request.state, "idempotency_claim", None)
    if claim is None:
        return
    del request.state.idempotency_claim
    stored = view.model_dump(mode="json", exclude={secret}, exclude_none=True)
    try:
        await claim.complete(
            status,
            {"content-type": "application/json"},
            json.dumps(stored, separators=(",", ":")).encode(),
        )
    except Exception as exc:
        log.error("could not record idempotent response", extra={"error": repr(exc)})
