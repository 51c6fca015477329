from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.get_number_problem import GetNumberProblem
from ...models.problem import Problem
from ...models.tenant_number import TenantNumber
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(sautikit_workspace, Unset):
        headers["Sautikit-Workspace"] = str(sautikit_workspace)

    if not isinstance(x_organization_id, Unset):
        headers["X-Organization-Id"] = str(x_organization_id)

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/numbers/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetNumberProblem | Problem | TenantNumber:
    if response.status_code == 200:
        response_200 = TenantNumber.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = GetNumberProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetNumberProblem | Problem | TenantNumber]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[GetNumberProblem | Problem | TenantNumber]:
    """One of the workspace's numbers, with its SIP credentials and routing URLs

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetNumberProblem | Problem | TenantNumber]
    """

    kwargs = _get_kwargs(
        id=id,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> GetNumberProblem | Problem | TenantNumber | None:
    """One of the workspace's numbers, with its SIP credentials and routing URLs

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetNumberProblem | Problem | TenantNumber
    """

    return sync_detailed(
        id=id,
        client=client,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[GetNumberProblem | Problem | TenantNumber]:
    """One of the workspace's numbers, with its SIP credentials and routing URLs

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetNumberProblem | Problem | TenantNumber]
    """

    kwargs = _get_kwargs(
        id=id,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> GetNumberProblem | Problem | TenantNumber | None:
    """One of the workspace's numbers, with its SIP credentials and routing URLs

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetNumberProblem | Problem | TenantNumber
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
