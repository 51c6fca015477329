"""What each role may do, decided on the server for every route (gateway/README.md has the
table). A route is named by its method and path template, so a route added later is covered
at once: reads are open to every role; a new change is open to owners and developers until
it is listed here.

- viewer: every read (GET); nothing else.
- billing: viewer + wallet top-ups.
- developer: everything except what is owner-only.
- owner: everything (API keys act as owners of their workspace).
"""

from __future__ import annotations

from gateway.problems import ApiProblem

OWNER = "owner"
DEVELOPER = "developer"
BILLING = "billing"
VIEWER = "viewer"
ROLES = (OWNER, DEVELOPER, BILLING, VIEWER)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Managing people and the workspace's webhook signing secret.
OWNER_ONLY = frozenset(
    {
        ("POST", "/v1/invitations"),
        ("PATCH", "/v1/members/{user_id}"),
        ("DELETE", "/v1/members/{user_id}"),
        ("POST", "/v1/webhook-secret/rotate"),
    }
)
BILLING_MAY = frozenset({("POST", "/v1/wallet/topups")})

_WHAT = {
    VIEWER: "change anything (read-only role)",
    BILLING: "do this (billing may only read and top up the wallet)",
    DEVELOPER: "do this (owners only: members, invitations, webhook secret)",
}


def role_allows(role: str, method: str, path_template: str) -> bool:
    if method in SAFE_METHODS or role == OWNER:
        return True
    route = (method, path_template)
    if role == DEVELOPER:
        return route not in OWNER_ONLY
    if role == BILLING:
        return route in BILLING_MAY
    return False


def ensure_role_allows(role: str, method: str, path_template: str) -> None:
    """403 forbidden_role naming the role, when it may not call this route."""
    if not role_allows(role, method, path_template):
        raise ApiProblem(
            403,
            "forbidden_role",
            f"role: {role} may not {_WHAT.get(role, 'do this')}",
        )
