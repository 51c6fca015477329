from http import HTTPStatus
from typing import Any, cast
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.delete_test_data_problem import DeleteTestDataProblem
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(sautikit_workspace, Unset):
        headers["Sautikit-Workspace"] = str(sautikit_workspace)

    if not isinstance(x_organization_id, Unset):
        headers["X-Organization-Id"] = str(x_organization_id)

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/test/data",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | DeleteTestDataProblem | Problem:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 409:
        response_409 = DeleteTestDataProblem.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = DeleteTestDataProblem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = DeleteTestDataProblem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | DeleteTestDataProblem | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | DeleteTestDataProblem | Problem]:
    """Delete all of your test-side objects

     Your test numbers go back to the test pool (released: their SIP credentials are revoked and their
    routing removed), the test wallet is reset to the starting test balance (one adjustment entry; call
    records deleted), and call-event deliveries, voice callback logs and the workspace callback are
    deleted. The live side is never touched. Repeating it answers 204 again. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DeleteTestDataProblem | Problem]
    """

    kwargs = _get_kwargs(
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Any | DeleteTestDataProblem | Problem | None:
    """Delete all of your test-side objects

     Your test numbers go back to the test pool (released: their SIP credentials are revoked and their
    routing removed), the test wallet is reset to the starting test balance (one adjustment entry; call
    records deleted), and call-event deliveries, voice callback logs and the workspace callback are
    deleted. The live side is never touched. Repeating it answers 204 again. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DeleteTestDataProblem | Problem
    """

    return sync_detailed(
        client=client,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | DeleteTestDataProblem | Problem]:
    """Delete all of your test-side objects

     Your test numbers go back to the test pool (released: their SIP credentials are revoked and their
    routing removed), the test wallet is reset to the starting test balance (one adjustment entry; call
    records deleted), and call-event deliveries, voice callback logs and the workspace callback are
    deleted. The live side is never touched. Repeating it answers 204 again. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DeleteTestDataProblem | Problem]
    """

    kwargs = _get_kwargs(
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Any | DeleteTestDataProblem | Problem | None:
    """Delete all of your test-side objects

     Your test numbers go back to the test pool (released: their SIP credentials are revoked and their
    routing removed), the test wallet is reset to the starting test balance (one adjustment entry; call
    records deleted), and call-event deliveries, voice callback logs and the workspace callback are
    deleted. The live side is never touched. Repeating it answers 204 again. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DeleteTestDataProblem | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
