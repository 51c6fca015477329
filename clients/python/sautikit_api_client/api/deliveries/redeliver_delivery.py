from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.delivery import Delivery
from ...models.problem import Problem
from ...models.redeliver_delivery_problem import RedeliverDeliveryProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    delivery_id: str,
    *,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(sautikit_workspace, Unset):
        headers["Sautikit-Workspace"] = str(sautikit_workspace)

    if not isinstance(x_organization_id, Unset):
        headers["X-Organization-Id"] = str(x_organization_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/deliveries/{delivery_id}/redeliver".format(
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Delivery | Problem | RedeliverDeliveryProblem:
    if response.status_code == 202:
        response_202 = Delivery.from_dict(response.json())

        return response_202

    if response.status_code == 404:
        response_404 = RedeliverDeliveryProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = RedeliverDeliveryProblem.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = RedeliverDeliveryProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Delivery | Problem | RedeliverDeliveryProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Delivery | Problem | RedeliverDeliveryProblem]:
    """Send the event again (same body, same webhook-id); due at once

    Args:
        delivery_id (str): The delivery id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Delivery | Problem | RedeliverDeliveryProblem]
    """

    kwargs = _get_kwargs(
        delivery_id=delivery_id,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Delivery | Problem | RedeliverDeliveryProblem | None:
    """Send the event again (same body, same webhook-id); due at once

    Args:
        delivery_id (str): The delivery id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Delivery | Problem | RedeliverDeliveryProblem
    """

    return sync_detailed(
        delivery_id=delivery_id,
        client=client,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Delivery | Problem | RedeliverDeliveryProblem]:
    """Send the event again (same body, same webhook-id); due at once

    Args:
        delivery_id (str): The delivery id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Delivery | Problem | RedeliverDeliveryProblem]
    """

    kwargs = _get_kwargs(
        delivery_id=delivery_id,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Delivery | Problem | RedeliverDeliveryProblem | None:
    """Send the event again (same body, same webhook-id); due at once

    Args:
        delivery_id (str): The delivery id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Delivery | Problem | RedeliverDeliveryProblem
    """

    return (
        await asyncio_detailed(
            delivery_id=delivery_id,
            client=client,
            idempotency_key=idempotency_key,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
