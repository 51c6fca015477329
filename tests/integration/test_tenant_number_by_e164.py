"""GetTenantNumber by E.164 (routing's call simulator asks it when its view has not heard of a
claim yet): the asking workspace's holding only, never another workspace's."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import grpc
import pytest

from platform_common.errors import RemoteError
from sautikit.inventory.v1 import inventory_pb2
from tests.integration.usage_harness import UsageStack, running_usage_stack


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[UsageStack]:
    async with running_usage_stack(database_url, nats_url, count=4) as running:
        yield running


async def test_the_holding_is_found_by_e164_in_its_workspace_only(stack: UsageStack) -> None:
    number = await stack.claim()
    other_workspace = str(uuid.uuid4())
    await stack.claim(other_workspace)  # the other workspace holds a number too

    found = await stack.inventory.GetTenantNumber(
        inventory_pb2.GetTenantNumberRequest(workspace_id=number.workspace_id, e164=number.e164)
    )
    assert found.tenant_number.id == number.id
    assert found.tenant_number.status == inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE

    for workspace, e164 in ((other_workspace, number.e164), (number.workspace_id, "+254799999999")):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stack.inventory.GetTenantNumber(
                inventory_pb2.GetTenantNumberRequest(workspace_id=workspace, e164=e164)
            )
        error = RemoteError.from_rpc_error(caught.value)
        assert (error.status, error.reason) == (grpc.StatusCode.NOT_FOUND, "number_not_found")
