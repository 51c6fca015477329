"""Members of the workspace and invitations (owners manage them; every role may list).
Use cases: gateway/users/members.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Path, Request, Response

from gateway.auth import Authenticated
from gateway.routes import PublicRouter
from gateway.schemas.console import (
    Invitation,
    InvitationAcceptance,
    Member,
    MemberList,
    MemberUpdate,
    NewInvitation,
    Role,
    Session,
    session_view,
)
from gateway.users import accounts, members
from gateway.users.mail import console_link
from gateway.users.repository import MemberRow
from gateway.users.session_auth import (
    console_of,
    ensure_csrf,
    session_token_of,
    session_user,
    set_session_cookie,
)
from gateway.users.tokens import csrf_token_for

router = PublicRouter(prefix="/v1/members", tags=["members"])
invitations_router = PublicRouter(prefix="/v1/invitations", tags=["members"])

UserId = Annotated[str, Path(max_length=36, description="The member's user id")]


def _member(row: MemberRow) -> Member:
    return Member(
        user_id=str(row.user_id), email=row.email, role=Role(row.role), joined_at=row.created_at
    )


@router.get("", response_model=MemberList, operation_id="listMembers", summary="Who is in it")
async def list_members(request: Request, principal: Authenticated) -> MemberList:
    rows = await members.list_members(
        engine=console_of(request).engine, workspace_id=principal.organization_id
    )
    return MemberList(data=[_member(r) for r in rows])


@invitations_router.post(
    "",
    response_model=Invitation,
    status_code=201,
    operation_id="inviteMember",
    summary="Email an invitation to join this workspace with a role (owners)",
    responses={409: {"description": "already_member: this email is already a member"}},
)
async def invite_member(
    request: Request, principal: Authenticated, body: NewInvitation
) -> Invitation:
    console = console_of(request)
    created = await members.invite(
        engine=console.engine,
        now=console.clock(),
        valid_for=timedelta(seconds=console.invitation_seconds),
        workspace_id=principal.organization_id,
        invited_by=principal.user_id,
        email=body.email,
        role=body.role.value,
    )
    await console.mailer.send_invitation(
        to=created.invitation.email,
        link=console_link(console.link_base_url, "accept", created.token),
        workspace_name=created.workspace_name,
        role=created.invitation.role,
        valid_for_seconds=console.invitation_seconds,
    )
    return Invitation(
        id=str(created.invitation.id),
        email=created.invitation.email,
        role=Role(created.invitation.role),
        expires_at=created.invitation.expires_at,
    )


@invitations_router.post(
    "/accept",
    response_model=Session,
    status_code=201,
    operation_id="acceptInvitation",
    summary="Join the workspace of an emailed invitation; a new person sets a password",
    responses={
        400: {"description": "invalid_invitation_token, validation_failed: unusable link"},
        409: {"description": "sign_in_required: the email has an account; sign in first"},
    },
)
async def accept_invitation(
    request: Request, response: Response, body: InvitationAcceptance
) -> Session:
    console = console_of(request)
    signed_in = None
    if session_token_of(request) is not None:
        token, user_id = await session_user(request)
        ensure_csrf(request, token)
        signed_in = (token, user_id)
    result = await members.accept(
        engine=console.engine,
        hashing=console.hashing,
        now=console.clock(),
        policy=console.sessions,
        token=body.token,
        password=body.password,
        signed_in_user=signed_in[1] if signed_in else None,
    )
    response.headers["Cache-Control"] = "no-store"
    if isinstance(result, accounts.SignedIn):
        set_session_cookie(response, console, result.session_token)
        return session_view(result.user, result.memberships, csrf_token_for(result.session_token))
    assert signed_in is not None
    user, memberships = await accounts.describe_user(engine=console.engine, user_id=result)
    return session_view(user, memberships, csrf_token_for(signed_in[0]))


@router.patch(
    "/{user_id}",
    response_model=Member,
    operation_id="updateMember",
    summary="Change a member's role (owners)",
    responses={
        404: {"description": "member_not_found"},
        409: {"description": "last_owner: the workspace would have no owner"},
    },
)
async def update_member(
    request: Request, principal: Authenticated, user_id: UserId, body: MemberUpdate
) -> Member:
    row = await members.change_role(
        engine=console_of(request).engine,
        workspace_id=principal.organization_id,
        user_id=user_id,
        role=body.role.value,
    )
    return _member(row)


@router.delete(
    "/{user_id}",
    status_code=204,
    operation_id="removeMember",
    summary="Remove a member from the workspace (owners)",
    responses={
        404: {"description": "member_not_found"},
        409: {"description": "last_owner: the workspace would have no owner"},
    },
)
async def remove_member(request: Request, principal: Authenticated, user_id: UserId) -> Response:
    await members.remove(
        engine=console_of(request).engine,
        workspace_id=principal.organization_id,
        user_id=user_id,
    )
    return Response(status_code=204)
