"""Workspace administration use cases (served by the operator-only admin gRPC API)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from gateway import repository
from gateway.api_keys import KEY_MODES, issue_key
from gateway.repository import ApiKeyRow, WorkspaceRow
from platform_common.errors import FieldViolation, InvalidArgument, NotFound
from platform_common.ids import new_id
from platform_common.uow import UnitOfWork

NAME_MAX_CHARS = 200
EMAIL_MAX_CHARS = 254
# Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is not ours to judge.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


class WorkspaceNotFound(NotFound):
    default_code = "workspace_not_found"


@dataclass(frozen=True)
class NewApiKey:
    """A key as returned to the operator: `key` is in this value only, never stored."""

    row: ApiKeyRow
    key: str


@dataclass(frozen=True)
class NewWorkspace:
    workspace: WorkspaceRow
    api_key: NewApiKey


def clean_name(name: str) -> str:
    """The workspace name trimmed; InvalidArgument naming `name` when unusable."""
    cleaned = name.strip()
    if not 1 <= len(cleaned) <= NAME_MAX_CHARS:
        raise InvalidArgument(
            f"name must be 1 to {NAME_MAX_CHARS} characters",
            violations=[FieldViolation("name", f"must be 1 to {NAME_MAX_CHARS} characters")],
        )
    if not cleaned.isprintable():
        raise InvalidArgument(
            "name must not contain control characters",
            violations=[FieldViolation("name", "must not contain control characters")],
        )
    return cleaned


def clean_email(email: str) -> str | None:
    """The contact email trimmed, None when empty; InvalidArgument naming `email` when invalid."""
    cleaned = email.strip()
    if not cleaned:
        return None
    if len(cleaned) > EMAIL_MAX_CHARS or _EMAIL.fullmatch(cleaned) is None:
        raise InvalidArgument(
            "email is not a valid address",
            violations=[FieldViolation("email", "must be an email address")],
        )
    return cleaned


def check_key_mode(mode: str) -> str:
    if mode not in KEY_MODES:
        raise InvalidArgument(
            "key_mode must be live or test",
            violations=[FieldViolation("key_mode", "must be live or test")],
        )
    return mode


async def add_workspace(conn: AsyncConnection, *, name: str, email: str) -> WorkspaceRow:
    """Inserts a workspace and its sandbox (test side) in the caller's transaction: the one
    step the operator's create-workspace and a console sign-up share."""
    return await repository.insert_workspace(
        conn,
        workspace_id=new_id(),
        sandbox_workspace_id=new_id(),
        name=clean_name(name),
        email=clean_email(email),
    )


async def create_workspace(
    *, uow: UnitOfWork, name: str, email: str, key_mode: str = "live"
) -> NewWorkspace:
    """Creates a workspace, its sandbox (test side) and its first API key in one transaction."""
    clean_name(name)
    clean_email(email)
    issued = issue_key(check_key_mode(key_mode))
    async with uow:
        workspace = await add_workspace(uow.conn, name=name, email=email)
        row = await repository.insert_api_key(
            uow.conn,
            key_id=new_id(),
            workspace_id=workspace.id,
            key_hash=issued.key_hash,
            key_prefix=issued.key_prefix,
            mode=issued.mode,
        )
        assert row is not None  # the workspace was inserted just above
        await uow.commit()
    return NewWorkspace(workspace=workspace, api_key=NewApiKey(row=row, key=issued.key))


async def get_workspace(*, uow: UnitOfWork, workspace_id: uuid.UUID) -> WorkspaceRow:
    async with uow:
        found = await repository.get_workspace(uow.conn, workspace_id)
    if found is None:
        raise WorkspaceNotFound("no such workspace")
    return found


async def update_workspace_email(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, email: str
) -> WorkspaceRow:
    """Sets (or, with an empty email, removes) where the platform's emails go."""
    contact = clean_email(email)
    async with uow:
        found = await repository.update_workspace_email(uow.conn, workspace_id, contact)
        if found is None:
            raise WorkspaceNotFound("no such workspace")
        await uow.commit()
    return found


async def create_api_key(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, key_mode: str = "live"
) -> NewApiKey:
    """Issues another key for an existing workspace."""
    issued = issue_key(check_key_mode(key_mode))
    async with uow:
        row = await repository.insert_api_key(
            uow.conn,
            key_id=new_id(),
            workspace_id=workspace_id,
            key_hash=issued.key_hash,
            key_prefix=issued.key_prefix,
            mode=issued.mode,
        )
        if row is None:
            raise WorkspaceNotFound("no such workspace")
        await uow.commit()
    return NewApiKey(row=row, key=issued.key)
