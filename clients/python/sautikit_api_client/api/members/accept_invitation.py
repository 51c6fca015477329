from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.accept_invitation_problem import AcceptInvitationProblem
from ...models.invitation_acceptance import InvitationAcceptance
from ...models.problem import Problem
from ...models.session import Session
from ...types import Response


def _get_kwargs(
    *,
    body: InvitationAcceptance,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invitations/accept",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AcceptInvitationProblem | Problem | Session:
    if response.status_code == 201:
        response_201 = Session.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = AcceptInvitationProblem.from_dict(response.json())

        return response_400

    if response.status_code == 409:
        response_409 = AcceptInvitationProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = AcceptInvitationProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = AcceptInvitationProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = AcceptInvitationProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AcceptInvitationProblem | Problem | Session]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: InvitationAcceptance,
) -> Response[AcceptInvitationProblem | Problem | Session]:
    """Join the workspace of an emailed invitation; a new person sets a password

    Args:
        body (InvitationAcceptance):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptInvitationProblem | Problem | Session]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: InvitationAcceptance,
) -> AcceptInvitationProblem | Problem | Session | None:
    """Join the workspace of an emailed invitation; a new person sets a password

    Args:
        body (InvitationAcceptance):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptInvitationProblem | Problem | Session
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: InvitationAcceptance,
) -> Response[AcceptInvitationProblem | Problem | Session]:
    """Join the workspace of an emailed invitation; a new person sets a password

    Args:
        body (InvitationAcceptance):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptInvitationProblem | Problem | Session]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: InvitationAcceptance,
) -> AcceptInvitationProblem | Problem | Session | None:
    """Join the workspace of an emailed invitation; a new person sets a password

    Args:
        body (InvitationAcceptance):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptInvitationProblem | Problem | Session
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
