from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.routing import Routing
from ...models.routing_change import RoutingChange
from ...models.update_routing_problem import UpdateRoutingProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: RoutingChange,
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
        "method": "patch",
        "url": "/v1/numbers/{id}/routing".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Routing | UpdateRoutingProblem:
    if response.status_code == 200:
        response_200 = Routing.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = UpdateRoutingProblem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = UpdateRoutingProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = UpdateRoutingProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = UpdateRoutingProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UpdateRoutingProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = UpdateRoutingProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Routing | UpdateRoutingProblem]:
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
    body: RoutingChange,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Problem | Routing | UpdateRoutingProblem]:
    """Set or clear voice_callback_url and/or events_url (publishes routing.updated)

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (RoutingChange): Send either field or both; a field left out is unchanged, `null`
            clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Routing | UpdateRoutingProblem]
    """

    kwargs = _get_kwargs(
        id=id,
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
    id: str,
    *,
    client: AuthenticatedClient,
    body: RoutingChange,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Problem | Routing | UpdateRoutingProblem | None:
    """Set or clear voice_callback_url and/or events_url (publishes routing.updated)

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (RoutingChange): Send either field or both; a field left out is unchanged, `null`
            clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Routing | UpdateRoutingProblem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: RoutingChange,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Problem | Routing | UpdateRoutingProblem]:
    """Set or clear voice_callback_url and/or events_url (publishes routing.updated)

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (RoutingChange): Send either field or both; a field left out is unchanged, `null`
            clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Routing | UpdateRoutingProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: RoutingChange,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Problem | Routing | UpdateRoutingProblem | None:
    """Set or clear voice_callback_url and/or events_url (publishes routing.updated)

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (RoutingChange): Send either field or both; a field left out is unchanged, `null`
            clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Routing | UpdateRoutingProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
