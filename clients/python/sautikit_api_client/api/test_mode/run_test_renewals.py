from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.new_renewal_run import NewRenewalRun
from ...models.problem import Problem
from ...models.renewal_run import RenewalRun
from ...models.run_test_renewals_problem import RunTestRenewalsProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NewRenewalRun | Unset = UNSET,
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
        "url": "/v1/test/renewals",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RenewalRun | RunTestRenewalsProblem:
    if response.status_code == 200:
        response_200 = RenewalRun.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = RunTestRenewalsProblem.from_dict(response.json())

        return response_400

    if response.status_code == 413:
        response_413 = RunTestRenewalsProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = RunTestRenewalsProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = RunTestRenewalsProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | RenewalRun | RunTestRenewalsProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: NewRenewalRun | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RenewalRun | RunTestRenewalsProblem]:
    """Run the monthly renewal of your test numbers now

     Charges this billing month's rental of every test number not yet charged for it, suspending those
    the test wallet cannot pay (a later top-up resumes them). A month is never charged twice: running it
    again answers skipped or nothing. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewRenewalRun | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RenewalRun | RunTestRenewalsProblem]
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
    body: NewRenewalRun | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RenewalRun | RunTestRenewalsProblem | None:
    """Run the monthly renewal of your test numbers now

     Charges this billing month's rental of every test number not yet charged for it, suspending those
    the test wallet cannot pay (a later top-up resumes them). A month is never charged twice: running it
    again answers skipped or nothing. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewRenewalRun | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RenewalRun | RunTestRenewalsProblem
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
    body: NewRenewalRun | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RenewalRun | RunTestRenewalsProblem]:
    """Run the monthly renewal of your test numbers now

     Charges this billing month's rental of every test number not yet charged for it, suspending those
    the test wallet cannot pay (a later top-up resumes them). A month is never charged twice: running it
    again answers skipped or nothing. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewRenewalRun | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RenewalRun | RunTestRenewalsProblem]
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
    body: NewRenewalRun | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RenewalRun | RunTestRenewalsProblem | None:
    """Run the monthly renewal of your test numbers now

     Charges this billing month's rental of every test number not yet charged for it, suspending those
    the test wallet cannot pay (a later top-up resumes them). A month is never charged twice: running it
    again answers skipped or nothing. Test keys only.

    Args:
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        body (NewRenewalRun | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RenewalRun | RunTestRenewalsProblem
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
