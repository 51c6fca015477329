"""The voice callback log, in the routing schema (migration 0003)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, Table, Text, text
from sqlalchemy.dialects.postgresql import UUID

from services.routing.repository import metadata

# Every InvokeVoiceCallback, whatever came of it.
voice_callback_invocations = Table(
    "voice_callback_invocations",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("tenant_number_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("e164", Text, nullable=False),
    Column("call_id", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("url", Text),
    Column("invoked_at", DateTime(timezone=True), nullable=False),
    Column("latency_ms", Integer, nullable=False),
    Column("status_code", Integer),
    Column("error", Text),
    Column("message", Text),
    Column("response_excerpt", Text),
    Column("action_count", Integer, nullable=False, server_default=text("0")),
)
