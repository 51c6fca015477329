from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_number_order_problem import CreateNumberOrderProblem
from ...models.new_number_order import NewNumberOrder
from ...models.number_order import NumberOrder
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NewNumberOrder,
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
        "url": "/v1/number-orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateNumberOrderProblem | NumberOrder | Problem:
    if response.status_code == 201:
        response_201 = NumberOrder.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = CreateNumberOrderProblem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = CreateNumberOrderProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = CreateNumberOrderProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = CreateNumberOrderProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = CreateNumberOrderProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = CreateNumberOrderProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreateNumberOrderProblem | NumberOrder | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: NewNumberOrder,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[CreateNumberOrderProblem | NumberOrder | Problem]:
    """Order a number: holds it for you (48 h) while you register

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NewNumberOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateNumberOrderProblem | NumberOrder | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
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
    body: NewNumberOrder,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> CreateNumberOrderProblem | NumberOrder | Problem | None:
    """Order a number: holds it for you (48 h) while you register

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NewNumberOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateNumberOrderProblem | NumberOrder | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: NewNumberOrder,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[CreateNumberOrderProblem | NumberOrder | Problem]:
    """Order a number: holds it for you (48 h) while you register

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NewNumberOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateNumberOrderProblem | NumberOrder | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: NewNumberOrder,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> CreateNumberOrderProblem | NumberOrder | Problem | None:
    """Order a number: holds it for you (48 h) while you register

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NewNumberOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateNumberOrderProblem | NumberOrder | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
