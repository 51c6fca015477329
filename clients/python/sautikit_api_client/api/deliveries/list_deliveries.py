from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.delivery_list import DeliveryList
from ...models.delivery_status import DeliveryStatus
from ...models.list_deliveries_problem import ListDeliveriesProblem
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    status: DeliveryStatus | Unset = UNSET,
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

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/numbers/{id}/deliveries".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeliveryList | ListDeliveriesProblem | Problem:
    if response.status_code == 200:
        response_200 = DeliveryList.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = ListDeliveriesProblem.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ListDeliveriesProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeliveryList | ListDeliveriesProblem | Problem]:
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
    status: DeliveryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[DeliveryList | ListDeliveriesProblem | Problem]:
    """The number's call-event deliveries, newest first, each with its attempts

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        status (DeliveryStatus | Unset): pending: waiting for its first or next attempt;
            delivered: the receiver answered 2xx;
            failed: given up (a 4xx other than 429, a redirect, or 24 h of failures); skipped: the
            number had no events_url.
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
        Response[DeliveryList | ListDeliveriesProblem | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        status=status,
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
    id: str,
    *,
    client: AuthenticatedClient,
    status: DeliveryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> DeliveryList | ListDeliveriesProblem | Problem | None:
    """The number's call-event deliveries, newest first, each with its attempts

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        status (DeliveryStatus | Unset): pending: waiting for its first or next attempt;
            delivered: the receiver answered 2xx;
            failed: given up (a 4xx other than 429, a redirect, or 24 h of failures); skipped: the
            number had no events_url.
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
        DeliveryList | ListDeliveriesProblem | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        status=status,
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    status: DeliveryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[DeliveryList | ListDeliveriesProblem | Problem]:
    """The number's call-event deliveries, newest first, each with its attempts

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        status (DeliveryStatus | Unset): pending: waiting for its first or next attempt;
            delivered: the receiver answered 2xx;
            failed: given up (a 4xx other than 429, a redirect, or 24 h of failures); skipped: the
            number had no events_url.
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
        Response[DeliveryList | ListDeliveriesProblem | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        status=status,
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    status: DeliveryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> DeliveryList | ListDeliveriesProblem | Problem | None:
    """The number's call-event deliveries, newest first, each with its attempts

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        status (DeliveryStatus | Unset): pending: waiting for its first or next attempt;
            delivered: the receiver answered 2xx;
            failed: given up (a 4xx other than 429, a redirect, or 24 h of failures); skipped: the
            number had no events_url.
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
        DeliveryList | ListDeliveriesProblem | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            status=status,
            limit=limit,
            cursor=cursor,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
