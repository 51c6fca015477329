from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.rotate_sip_credential_problem import RotateSipCredentialProblem
from ...models.rotation import Rotation
from ...models.sip_credential_with_password import SipCredentialWithPassword
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    cred_id: str,
    *,
    body: Rotation | Unset = UNSET,
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
        "url": "/v1/numbers/{id}/sip-credentials/{cred_id}/rotate".format(
            id=quote(str(id), safe=""),
            cred_id=quote(str(cred_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RotateSipCredentialProblem | SipCredentialWithPassword:
    if response.status_code == 200:
        response_200 = SipCredentialWithPassword.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = RotateSipCredentialProblem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = RotateSipCredentialProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = RotateSipCredentialProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = RotateSipCredentialProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = RotateSipCredentialProblem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = RotateSipCredentialProblem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | RotateSipCredentialProblem | SipCredentialWithPassword]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    cred_id: str,
    *,
    client: AuthenticatedClient,
    body: Rotation | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Problem | RotateSipCredentialProblem | SipCredentialWithPassword]:
    """Give the credential a new password, returned in this response only

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        cred_id (str): The SIP credential id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (Rotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RotateSipCredentialProblem | SipCredentialWithPassword]
    """

    kwargs = _get_kwargs(
        id=id,
        cred_id=cred_id,
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
    cred_id: str,
    *,
    client: AuthenticatedClient,
    body: Rotation | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Problem | RotateSipCredentialProblem | SipCredentialWithPassword | None:
    """Give the credential a new password, returned in this response only

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        cred_id (str): The SIP credential id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (Rotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RotateSipCredentialProblem | SipCredentialWithPassword
    """

    return sync_detailed(
        id=id,
        cred_id=cred_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    ).parsed


async def asyncio_detailed(
    id: str,
    cred_id: str,
    *,
    client: AuthenticatedClient,
    body: Rotation | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Response[Problem | RotateSipCredentialProblem | SipCredentialWithPassword]:
    """Give the credential a new password, returned in this response only

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        cred_id (str): The SIP credential id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (Rotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RotateSipCredentialProblem | SipCredentialWithPassword]
    """

    kwargs = _get_kwargs(
        id=id,
        cred_id=cred_id,
        body=body,
        idempotency_key=idempotency_key,
        sautikit_workspace=sautikit_workspace,
        x_organization_id=x_organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    cred_id: str,
    *,
    client: AuthenticatedClient,
    body: Rotation | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    sautikit_workspace: UUID | Unset = UNSET,
    x_organization_id: UUID | Unset = UNSET,
) -> Problem | RotateSipCredentialProblem | SipCredentialWithPassword | None:
    """Give the credential a new password, returned in this response only

    Args:
        id (str): The tenant number id, or the inventory id of the number you hold
        cred_id (str): The SIP credential id
        idempotency_key (str | Unset): Optional. The first response for this key is replayed for
            24 hours; reusing it for a different request is a 422.
        sautikit_workspace (UUID | Unset): Optional: the workspace the caller expects the key to
            belong to.
        x_organization_id (UUID | Unset): Optional, the same as Sautikit-Workspace (seed 002's
            name for it).
        body (Rotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RotateSipCredentialProblem | SipCredentialWithPassword
    """

    return (
        await asyncio_detailed(
            id=id,
            cred_id=cred_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            sautikit_workspace=sautikit_workspace,
            x_organization_id=x_organization_id,
        )
    ).parsed
