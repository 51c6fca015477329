from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.number_purchase import NumberPurchase
from ...models.problem import Problem
from ...models.purchase_number_problem import PurchaseNumberProblem
from ...models.tenant_number import TenantNumber
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NumberPurchase,
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
        "url": "/v1/numbers",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | PurchaseNumberProblem | TenantNumber:
    if response.status_code == 201:
        response_201 = TenantNumber.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = PurchaseNumberProblem.from_dict(response.json())

        return response_400

    if response.status_code == 402:
        response_402 = PurchaseNumberProblem.from_dict(response.json())

        return response_402

    if response.status_code == 404:
        response_404 = PurchaseNumberProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = PurchaseNumberProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = PurchaseNumberProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = PurchaseNumberProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = PurchaseNumberProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | PurchaseNumberProblem | TenantNumber]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: NumberPurchase,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Problem | PurchaseNumberProblem | TenantNumber]:
    """Purchase a number from the inventory: the same claim as POST /v1/numbers/{id}/claim

     seed 002's form of the claim: `inventory_id` in the body instead of the path. Same saga, answers,
    charge and Idempotency-Key handling.

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NumberPurchase):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PurchaseNumberProblem | TenantNumber]
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
    body: NumberPurchase,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Problem | PurchaseNumberProblem | TenantNumber | None:
    """Purchase a number from the inventory: the same claim as POST /v1/numbers/{id}/claim

     seed 002's form of the claim: `inventory_id` in the body instead of the path. Same saga, answers,
    charge and Idempotency-Key handling.

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NumberPurchase):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PurchaseNumberProblem | TenantNumber
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
    body: NumberPurchase,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Problem | PurchaseNumberProblem | TenantNumber]:
    """Purchase a number from the inventory: the same claim as POST /v1/numbers/{id}/claim

     seed 002's form of the claim: `inventory_id` in the body instead of the path. Same saga, answers,
    charge and Idempotency-Key handling.

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NumberPurchase):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PurchaseNumberProblem | TenantNumber]
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
    body: NumberPurchase,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Problem | PurchaseNumberProblem | TenantNumber | None:
    """Purchase a number from the inventory: the same claim as POST /v1/numbers/{id}/claim

     seed 002's form of the claim: `inventory_id` in the body instead of the path. Same saga, answers,
    charge and Idempotency-Key handling.

    Args:
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (NumberPurchase):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PurchaseNumberProblem | TenantNumber
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
