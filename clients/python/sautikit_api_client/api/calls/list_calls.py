import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.call_direction import CallDirection
from ...models.call_status import CallStatus
from ...models.calls_page import CallsPage
from ...models.list_calls_problem import ListCallsProblem
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    number: str | Unset = UNSET,
    direction: CallDirection | Unset = UNSET,
    status: CallStatus | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
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

    params["number"] = number

    json_direction: str | Unset = UNSET
    if not isinstance(direction, Unset):
        json_direction = direction.value

    params["direction"] = json_direction

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/calls",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallsPage | ListCallsProblem | Problem:
    if response.status_code == 200:
        response_200 = CallsPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ListCallsProblem.from_dict(response.json())

        return response_400

    if response.status_code == 429:
        response_429 = ListCallsProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CallsPage | ListCallsProblem | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    number: str | Unset = UNSET,
    direction: CallDirection | Unset = UNSET,
    status: CallStatus | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[CallsPage | ListCallsProblem | Problem]:
    """Call records, newest first; Accept: text/csv exports every matching call

    Args:
        number (str | Unset): Only calls on this number
        direction (CallDirection | Unset):
        status (CallStatus | Unset):
        since (datetime.datetime | Unset): Only calls authorized at or after (RFC 3339)
        until (datetime.datetime | Unset): Only calls authorized before (RFC 3339)
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
        Response[CallsPage | ListCallsProblem | Problem]
    """

    kwargs = _get_kwargs(
        number=number,
        direction=direction,
        status=status,
        since=since,
        until=until,
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
    *,
    client: AuthenticatedClient,
    number: str | Unset = UNSET,
    direction: CallDirection | Unset = UNSET,
    status: CallStatus | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> CallsPage | ListCallsProblem | Problem | None:
    """Call records, newest first; Accept: text/csv exports every matching call

    Args:
        number (str | Unset): Only calls on this number
        direction (CallDirection | Unset):
        status (CallStatus | Unset):
        since (datetime.datetime | Unset): Only calls authorized at or after (RFC 3339)
        until (datetime.datetime | Unset): Only calls authorized before (RFC 3339)
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
        CallsPage | ListCallsProblem | Problem
    """

    return sync_detailed(
        client=client,
        number=number,
        direction=direction,
        status=status,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    number: str | Unset = UNSET,
    direction: CallDirection | Unset = UNSET,
    status: CallStatus | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[CallsPage | ListCallsProblem | Problem]:
    """Call records, newest first; Accept: text/csv exports every matching call

    Args:
        number (str | Unset): Only calls on this number
        direction (CallDirection | Unset):
        status (CallStatus | Unset):
        since (datetime.datetime | Unset): Only calls authorized at or after (RFC 3339)
        until (datetime.datetime | Unset): Only calls authorized before (RFC 3339)
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
        Response[CallsPage | ListCallsProblem | Problem]
    """

    kwargs = _get_kwargs(
        number=number,
        direction=direction,
        status=status,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    number: str | Unset = UNSET,
    direction: CallDirection | Unset = UNSET,
    status: CallStatus | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> CallsPage | ListCallsProblem | Problem | None:
    """Call records, newest first; Accept: text/csv exports every matching call

    Args:
        number (str | Unset): Only calls on this number
        direction (CallDirection | Unset):
        status (CallStatus | Unset):
        since (datetime.datetime | Unset): Only calls authorized at or after (RFC 3339)
        until (datetime.datetime | Unset): Only calls authorized before (RFC 3339)
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
        CallsPage | ListCallsProblem | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            number=number,
            direction=direction,
            status=status,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
