"""The workspace_callbacks table (routing migration 0004)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Table, Text
from sqlalchemy.dialects.postgresql import UUID

from services.routing.repository import metadata

workspace_callbacks = Table(
    "workspace_callbacks",
    metadata,
    Column("workspace_id", UUID(as_uuid=True), primary_key=True),
    Column("callback_url", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

CHANNEL = "workspace_callback"
