from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.api_key_list import ApiKeyList
from ...models.list_api_keys_problem import ListApiKeysProblem
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(sautikit_workspace, Unset):
        headers["Sautikit-Workspace"] = str(sautikit_workspace)

    if not isinstance(x_organization_id, Unset):
        headers["X-Organization-Id"] = str(x_organization_id)

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/api-keys",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiKeyList | ListApiKeysProblem | Problem:
    if response.status_code == 200:
        response_200 = ApiKeyList.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = ListApiKeysProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiKeyList | ListApiKeysProblem | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[ApiKeyList | ListApiKeysProblem | Problem]:
    """The workspace's active API keys, newest first (never the keys themselves)

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyList | ListApiKeysProblem | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> ApiKeyList | ListApiKeysProblem | Problem | None:
    """The workspace's active API keys, newest first (never the keys themselves)

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyList | ListApiKeysProblem | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[ApiKeyList | ListApiKeysProblem | Problem]:
    """The workspace's active API keys, newest first (never the keys themselves)

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyList | ListApiKeysProblem | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> ApiKeyList | ListApiKeysProblem | Problem | None:
    """The workspace's active API keys, newest first (never the keys themselves)

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyList | ListApiKeysProblem | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
