from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.available_numbers_page import AvailableNumbersPage
from ...models.capability import Capability
from ...models.number_type import NumberType
from ...models.problem import Problem
from ...models.search_available_numbers_problem import SearchAvailableNumbersProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: str | Unset = "KE",
    currency: str | Unset = "KES",
    capability: Capability | Unset = UNSET,
    number_type: NumberType | Unset = UNSET,
    starts_with: str | Unset = UNSET,
    contains: str | Unset = UNSET,
    ends_with: str | Unset = UNSET,
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

    params["country"] = country

    params["currency"] = currency

    json_capability: str | Unset = UNSET
    if not isinstance(capability, Unset):
        json_capability = capability.value

    params["capability"] = json_capability

    json_number_type: str | Unset = UNSET
    if not isinstance(number_type, Unset):
        json_number_type = number_type.value

    params["number_type"] = json_number_type

    params["starts_with"] = starts_with

    params["contains"] = contains

    params["ends_with"] = ends_with

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/numbers/available",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AvailableNumbersPage | Problem | SearchAvailableNumbersProblem:
    if response.status_code == 200:
        response_200 = AvailableNumbersPage.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = SearchAvailableNumbersProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AvailableNumbersPage | Problem | SearchAvailableNumbersProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = "KE",
    currency: str | Unset = "KES",
    capability: Capability | Unset = UNSET,
    number_type: NumberType | Unset = UNSET,
    starts_with: str | Unset = UNSET,
    contains: str | Unset = UNSET,
    ends_with: str | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[AvailableNumbersPage | Problem | SearchAvailableNumbersProblem]:
    """Search the inventory of claimable numbers

    Args:
        country (str | Unset): ISO country code; only KE Default: 'KE'.
        currency (str | Unset): Only KES Default: 'KES'.
        capability (Capability | Unset):
        number_type (NumberType | Unset):
        starts_with (str | Unset):
        contains (str | Unset):
        ends_with (str | Unset):
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
        Response[AvailableNumbersPage | Problem | SearchAvailableNumbersProblem]
    """

    kwargs = _get_kwargs(
        country=country,
        currency=currency,
        capability=capability,
        number_type=number_type,
        starts_with=starts_with,
        contains=contains,
        ends_with=ends_with,
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
    country: str | Unset = "KE",
    currency: str | Unset = "KES",
    capability: Capability | Unset = UNSET,
    number_type: NumberType | Unset = UNSET,
    starts_with: str | Unset = UNSET,
    contains: str | Unset = UNSET,
    ends_with: str | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> AvailableNumbersPage | Problem | SearchAvailableNumbersProblem | None:
    """Search the inventory of claimable numbers

    Args:
        country (str | Unset): ISO country code; only KE Default: 'KE'.
        currency (str | Unset): Only KES Default: 'KES'.
        capability (Capability | Unset):
        number_type (NumberType | Unset):
        starts_with (str | Unset):
        contains (str | Unset):
        ends_with (str | Unset):
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
        AvailableNumbersPage | Problem | SearchAvailableNumbersProblem
    """

    return sync_detailed(
        client=client,
        country=country,
        currency=currency,
        capability=capability,
        number_type=number_type,
        starts_with=starts_with,
        contains=contains,
        ends_with=ends_with,
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = "KE",
    currency: str | Unset = "KES",
    capability: Capability | Unset = UNSET,
    number_type: NumberType | Unset = UNSET,
    starts_with: str | Unset = UNSET,
    contains: str | Unset = UNSET,
    ends_with: str | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[AvailableNumbersPage | Problem | SearchAvailableNumbersProblem]:
    """Search the inventory of claimable numbers

    Args:
        country (str | Unset): ISO country code; only KE Default: 'KE'.
        currency (str | Unset): Only KES Default: 'KES'.
        capability (Capability | Unset):
        number_type (NumberType | Unset):
        starts_with (str | Unset):
        contains (str | Unset):
        ends_with (str | Unset):
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
        Response[AvailableNumbersPage | Problem | SearchAvailableNumbersProblem]
    """

    kwargs = _get_kwargs(
        country=country,
        currency=currency,
        capability=capability,
        number_type=number_type,
        starts_with=starts_with,
        contains=contains,
        ends_with=ends_with,
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
    country: str | Unset = "KE",
    currency: str | Unset = "KES",
    capability: Capability | Unset = UNSET,
    number_type: NumberType | Unset = UNSET,
    starts_with: str | Unset = UNSET,
    contains: str | Unset = UNSET,
    ends_with: str | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> AvailableNumbersPage | Problem | SearchAvailableNumbersProblem | None:
    """Search the inventory of claimable numbers

    Args:
        country (str | Unset): ISO country code; only KE Default: 'KE'.
        currency (str | Unset): Only KES Default: 'KES'.
        capability (Capability | Unset):
        number_type (NumberType | Unset):
        starts_with (str | Unset):
        contains (str | Unset):
        ends_with (str | Unset):
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
        AvailableNumbersPage | Problem | SearchAvailableNumbersProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            currency=currency,
            capability=capability,
            number_type=number_type,
            starts_with=starts_with,
            contains=contains,
            ends_with=ends_with,
            limit=limit,
            cursor=cursor,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
