from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.member import Member
from ...models.member_update import MemberUpdate
from ...models.problem import Problem
from ...models.update_member_problem import UpdateMemberProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    user_id: str,
    *,
    body: MemberUpdate,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(sautikit_workspace, Unset):
        headers["Sautikit-Workspace"] = str(sautikit_workspace)

    if not isinstance(x_organization_id, Unset):
        headers["X-Organization-Id"] = str(x_organization_id)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/members/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Member | Problem | UpdateMemberProblem:
    if response.status_code == 200:
        response_200 = Member.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = UpdateMemberProblem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = UpdateMemberProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = UpdateMemberProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = UpdateMemberProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UpdateMemberProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = UpdateMemberProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Member | Problem | UpdateMemberProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: MemberUpdate,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Member | Problem | UpdateMemberProblem]:
    """Change a member's role (owners)

    Args:
        user_id (str): The member's user id
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (MemberUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Member | Problem | UpdateMemberProblem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: MemberUpdate,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Member | Problem | UpdateMemberProblem | None:
    """Change a member's role (owners)

    Args:
        user_id (str): The member's user id
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (MemberUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Member | Problem | UpdateMemberProblem
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
        body=body,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: MemberUpdate,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Member | Problem | UpdateMemberProblem]:
    """Change a member's role (owners)

    Args:
        user_id (str): The member's user id
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (MemberUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Member | Problem | UpdateMemberProblem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient,
    body: MemberUpdate,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Member | Problem | UpdateMemberProblem | None:
    """Change a member's role (owners)

    Args:
        user_id (str): The member's user id
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (MemberUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Member | Problem | UpdateMemberProblem
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
            body=body,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
