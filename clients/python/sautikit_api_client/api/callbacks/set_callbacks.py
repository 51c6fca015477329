from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.callbacks import Callbacks
from ...models.callbacks_update import CallbacksUpdate
from ...models.problem import Problem
from ...models.set_callbacks_problem import SetCallbacksProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CallbacksUpdate,
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
        "method": "put",
        "url": "/v1/callbacks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Callbacks | Problem | SetCallbacksProblem:
    if response.status_code == 200:
        response_200 = Callbacks.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = SetCallbacksProblem.from_dict(response.json())

        return response_400

    if response.status_code == 413:
        response_413 = SetCallbacksProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = SetCallbacksProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = SetCallbacksProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Callbacks | Problem | SetCallbacksProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CallbacksUpdate,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Callbacks | Problem | SetCallbacksProblem]:
    """Set the callback URL for number_order.updated and number.updated events

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (CallbacksUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Callbacks | Problem | SetCallbacksProblem]
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
    body: CallbacksUpdate,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Callbacks | Problem | SetCallbacksProblem | None:
    """Set the callback URL for number_order.updated and number.updated events

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (CallbacksUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Callbacks | Problem | SetCallbacksProblem
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
    body: CallbacksUpdate,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Callbacks | Problem | SetCallbacksProblem]:
    """Set the callback URL for number_order.updated and number.updated events

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (CallbacksUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Callbacks | Problem | SetCallbacksProblem]
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
    body: CallbacksUpdate,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Callbacks | Problem | SetCallbacksProblem | None:
    """Set the callback URL for number_order.updated and number.updated events

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (CallbacksUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Callbacks | Problem | SetCallbacksProblem
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
