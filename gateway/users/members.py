"""Members of a workspace: invitations by email, accepting them, roles, removal. A workspace
always keeps at least one owner (409 last_owner), decided under a lock on its owner rows so
two owners demoting each other at once cannot both succeed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway import repository as workspace_repository
from gateway.problems import ApiProblem, FieldError, validation_failed
from gateway.users import repository
from gateway.users.accounts import (
    SessionPolicy,
    SignedIn,
    check_password,
    clean_email,
    start_session,
)
from gateway.users.repository import InvitationRow, MemberRow
from gateway.users.tokens import MAX_TOKEN_CHARS, new_token, token_hash
from platform_common.ids import new_id, parse_uuid
from platform_common.passwords import PasswordHashing


@dataclass(frozen=True)
class NewInvitation:
    invitation: InvitationRow
    token: str  # for the emailed link only
    workspace_name: str


MEMBER_NOT_FOUND = ApiProblem(404, "member_not_found", "No such member in this workspace")
LAST_OWNER = ApiProblem(
    409, "last_owner", "A workspace keeps at least one owner: make someone else owner first"
)
INVALID_INVITATION = ApiProblem(
    400,
    "invalid_invitation_token",
    "This invitation is unknown, used or expired; ask for a new one",
    errors=[FieldError("token", "is unknown, used or expired")],
)


async def invite(
    *,
    engine: AsyncEngine,
    now: datetime,
    valid_for: timedelta,
    workspace_id: uuid.UUID,
    invited_by: uuid.UUID | None,
    email: str,
    role: str,
) -> NewInvitation:
    email = clean_email(email)
    token = new_token()
    async with engine.begin() as conn:
        members = await repository.list_members(conn, workspace_id)
        if any(member.email == email for member in members):
            raise ApiProblem(409, "already_member", "This email is already a member")
        workspace = await workspace_repository.get_workspace(conn, workspace_id)
        assert workspace is not None  # the principal's workspace
        invitation = await repository.insert_invitation(
            conn,
            invitation_id=new_id(),
            workspace_id=workspace_id,
            email=email,
            role=role,
            token_hash=token_hash(token),
            # An owner's API key invites on nobody's behalf: the nil id records that.
            invited_by=invited_by or uuid.UUID(int=0),
            now=now,
            valid_for=valid_for,
        )
    return NewInvitation(invitation, token, workspace.name)


async def accept(
    *,
    engine: AsyncEngine,
    hashing: PasswordHashing,
    now: datetime,
    policy: SessionPolicy,
    token: str,
    password: str | None,
    signed_in_user: uuid.UUID | None,
) -> SignedIn | uuid.UUID:
    """Spends the invitation and adds the membership. A signed-in user joins as themselves
    (returns their id; their session goes on). Otherwise the invited email must have no
    account yet (409 sign_in_required: sign in, then open the link again) and `password`
    becomes its password; returns the new user's session."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise INVALID_INVITATION
    new_hash = None
    if signed_in_user is None:
        if password is None:
            raise validation_failed("password", "is required to create your account")
        check_password(password)
        new_hash = await hashing.hash(password)
    async with engine.begin() as conn:
        invitation = await repository.accept_invitation(conn, token_hash=token_hash(token), now=now)
        if invitation is None:
            raise INVALID_INVITATION
        if signed_in_user is not None:
            await repository.add_membership(
                conn,
                workspace_id=invitation.workspace_id,
                user_id=signed_in_user,
                role=invitation.role,
                now=now,
            )
            return signed_in_user
        user_id = new_id()
        assert new_hash is not None
        if not await repository.insert_user(
            conn, user_id=user_id, email=invitation.email, password_hash=new_hash, now=now
        ):
            # Raising rolls the acceptance back: the link still works once signed in.
            raise ApiProblem(
                409,
                "sign_in_required",
                "This email already has an account: sign in, then open the link again",
            )
        await repository.add_membership(
            conn,
            workspace_id=invitation.workspace_id,
            user_id=user_id,
            role=invitation.role,
            now=now,
        )
        session = await start_session(conn, user_id=user_id, now=now, policy=policy)
        memberships = await repository.list_memberships(conn, user_id)
        user = await repository.get_user(conn, user_id)
    assert user is not None
    return SignedIn(user, memberships, session)


async def list_members(*, engine: AsyncEngine, workspace_id: uuid.UUID) -> list[MemberRow]:
    async with engine.connect() as conn:
        return await repository.list_members(conn, workspace_id)


def _member_id(user_id: str) -> uuid.UUID:
    parsed = parse_uuid(user_id)
    if parsed is None:
        raise MEMBER_NOT_FOUND
    return parsed


async def change_role(
    *, engine: AsyncEngine, workspace_id: uuid.UUID, user_id: str, role: str
) -> MemberRow:
    member_id = _member_id(user_id)
    async with engine.begin() as conn:
        owners = await repository.lock_owners(conn, workspace_id)
        if owners == [member_id] and role != "owner":
            raise LAST_OWNER
        changed = await repository.set_member_role(
            conn, workspace_id=workspace_id, user_id=member_id, role=role
        )
        if changed is None:
            raise MEMBER_NOT_FOUND
    return changed


async def remove(*, engine: AsyncEngine, workspace_id: uuid.UUID, user_id: str) -> None:
    member_id = _member_id(user_id)
    async with engine.begin() as conn:
        owners = await repository.lock_owners(conn, workspace_id)
        if owners == [member_id]:
            raise LAST_OWNER
        if not await repository.delete_member(conn, workspace_id=workspace_id, user_id=member_id):
            raise MEMBER_NOT_FOUND
