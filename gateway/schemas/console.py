"""Request and response models of the console's account routes (users, sessions, members)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, StrictStr

from gateway.routes import RequestBody
from gateway.users.accounts import PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS
from gateway.users.repository import Membership, UserRow


class Role(StrEnum):
    """What a member may do in a workspace (gateway/README.md, "Console users and roles")."""

    owner = "owner"
    developer = "developer"
    billing = "billing"
    viewer = "viewer"


Password = Field(
    min_length=PASSWORD_MIN_CHARS,
    max_length=PASSWORD_MAX_CHARS,
    description=f"{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters",
)


class SignUp(RequestBody):
    email: StrictStr = Field(max_length=254, examples=["amina@example.co.ke"])
    password: StrictStr = Password
    workspace_name: StrictStr = Field(max_length=200, examples=["Amina's shop"])


class SignIn(RequestBody):
    email: StrictStr = Field(max_length=254)
    password: StrictStr = Field(max_length=PASSWORD_MAX_CHARS)


class PasswordResetRequest(RequestBody):
    email: StrictStr = Field(max_length=254)


class PasswordResetConfirmation(RequestBody):
    token: StrictStr = Field(max_length=128, description="The token of the emailed link")
    password: StrictStr = Password


class User(BaseModel):
    id: str
    email: str


class WorkspaceMembership(BaseModel):
    id: str = Field(description="The workspace id (send it as X-Organization-Id)")
    name: str
    role: Role


class Session(BaseModel):
    user: User
    workspaces: list[WorkspaceMembership] = Field(
        description="Oldest membership first: the default workspace of requests naming none"
    )
    csrf_token: str = Field(
        description="Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE of this session"
    )


def session_view(user: UserRow, memberships: list[Membership], csrf_token: str) -> Session:
    return Session(
        user=User(id=str(user.id), email=user.email),
        workspaces=[
            WorkspaceMembership(id=str(m.workspace_id), name=m.name, role=Role(m.role))
            for m in memberships
        ],
        csrf_token=csrf_token,
    )


class Member(BaseModel):
    user_id: str
    email: str
    role: Role
    joined_at: datetime


class MemberList(BaseModel):
    data: list[Member]
    has_more: bool = False


class MemberUpdate(RequestBody):
    role: Role


class NewInvitation(RequestBody):
    email: StrictStr = Field(max_length=254)
    role: Role


class Invitation(BaseModel):
    id: str
    email: str
    role: Role
    expires_at: datetime


class InvitationAcceptance(RequestBody):
    token: StrictStr = Field(max_length=128, description="The token of the emailed link")
    password: StrictStr | None = Field(
        default=None,
        min_length=PASSWORD_MIN_CHARS,
        max_length=PASSWORD_MAX_CHARS,
        description="Required when the invited email has no account yet: its new password",
    )
