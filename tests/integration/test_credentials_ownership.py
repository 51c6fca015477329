"""The credentials service checks ownership itself, also before it has heard of a number:
another workspace's number, or one that exists nowhere, gets no credential."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import grpc
import pytest

from platform_common.errors import RemoteError
from sautikit.credentials.v1 import credentials_pb2
from tests.integration.test_credentials_harness import Stack, running_stack


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, nats_url) as running:
        yield running


async def create_as(stack: Stack, workspace_id: str, tenant_number_id: str, e164: str) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stack.credentials.CreateCredential(
            credentials_pb2.CreateCredentialRequest(
                workspace_id=workspace_id, tenant_number_id=tenant_number_id, e164=e164
            )
        )
    error = RemoteError.from_rpc_error(raised.value)
    assert error.status == grpc.StatusCode.NOT_FOUND
    return error.reason


async def test_another_workspace_gets_no_credential_for_a_number_not_yet_in_the_view(
    stack: Stack,
) -> None:
    number = await stack.claim()
    await stack.wait_view(number.id, status="active")
    await stack.rows("DELETE FROM credentials.tenant_numbers")  # as if the event were late
    intruder = str(uuid.uuid4())
    assert await create_as(stack, intruder, number.id, number.e164) == "number_not_found"
    assert await stack.rows("SELECT * FROM credentials.sip_credentials") == []

    # The holder still can, and the view learnt the number from inventory meanwhile.
    created = await stack.create(number)
    assert created.credential.tenant_number_id == number.id
    view = await stack.view(number.id)
    assert view is not None and str(view["workspace_id"]) == number.workspace_id


async def test_a_number_that_exists_nowhere_gets_no_credential(stack: Stack) -> None:
    workspace = str(uuid.uuid4())
    missing = str(uuid.uuid4())
    assert await create_as(stack, workspace, missing, "+254700000001") == "number_not_found"
    assert await stack.rows("SELECT * FROM credentials.sip_credentials") == []
