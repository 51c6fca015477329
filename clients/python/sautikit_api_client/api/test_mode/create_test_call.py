from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_test_call_problem import CreateTestCallProblem
from ...models.new_test_call import NewTestCall
from ...models.problem import Problem
from ...models.test_call import TestCall
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NewTestCall,
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
        "method": "post",
        "url": "/v1/test/calls",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateTestCallProblem | Problem | TestCall:
    if response.status_code == 201:
        response_201 = TestCall.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = CreateTestCallProblem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = CreateTestCallProblem.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = CreateTestCallProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = CreateTestCallProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = CreateTestCallProblem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = CreateTestCallProblem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreateTestCallProblem | Problem | TestCall]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: NewTestCall,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateTestCallProblem | Problem | TestCall]:
    """Simulate an inbound call to one of your test numbers

     Publishes the call.* events a real call would (delivered, signed, to the number's events_url), rates
    the call on the test wallet (GET /v1/calls, the ledger) and invokes the number's voice_callback_url
    once, returning its parsed reply. Test keys only: to a live key this path does not exist (404).

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewTestCall):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTestCallProblem | Problem | TestCall]
    """

    kwargs = _get_kwargs(
        body=body,
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
    body: NewTestCall,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> CreateTestCallProblem | Problem | TestCall | None:
    """Simulate an inbound call to one of your test numbers

     Publishes the call.* events a real call would (delivered, signed, to the number's events_url), rates
    the call on the test wallet (GET /v1/calls, the ledger) and invokes the number's voice_callback_url
    once, returning its parsed reply. Test keys only: to a live key this path does not exist (404).

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewTestCall):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTestCallProblem | Problem | TestCall
    """

    return sync_detailed(
        client=client,
        body=body,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: NewTestCall,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateTestCallProblem | Problem | TestCall]:
    """Simulate an inbound call to one of your test numbers

     Publishes the call.* events a real call would (delivered, signed, to the number's events_url), rates
    the call on the test wallet (GET /v1/calls, the ledger) and invokes the number's voice_callback_url
    once, returning its parsed reply. Test keys only: to a live key this path does not exist (404).

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewTestCall):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTestCallProblem | Problem | TestCall]
    """

    kwargs = _get_kwargs(
        body=body,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: NewTestCall,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> CreateTestCallProblem | Problem | TestCall | None:
    """Simulate an inbound call to one of your test numbers

     Publishes the call.* events a real call would (delivered, signed, to the number's events_url), rates
    the call on the test wallet (GET /v1/calls, the ledger) and invokes the number's voice_callback_url
    once, returning its parsed reply. Test keys only: to a live key this path does not exist (404).

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewTestCall):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTestCallProblem | Problem | TestCall
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
