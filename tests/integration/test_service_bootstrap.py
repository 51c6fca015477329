"""The shared gRPC bootstrap, exercised through the routing and credentials services: health,
reflection, rich errors, request ids, consumers reacting to real JetStream events."""

from __future__ import annotations

import uuid

import grpc
import nats
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from platform_common.errors import RemoteError
from platform_common.events import headers_for
from platform_common.inventory_numbers import NumberState
from platform_common.nats_link import STREAMS, ensure_stream, stream_for_subject
from platform_common.timestamps import utc_now
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from sautikit.events.v1 import events_pb2
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from services.credentials.main import create_service as create_credentials
from services.routing.main import create_service as create_routing
from tests.conftest import eventually


class NoNumbers:
    """An inventory that holds nothing: these tests exercise the bootstrap and the events, and
    must not depend on an inventory service (tests/integration/test_routing_service.py uses
    the real one)."""

    async def get_tenant_number(
        self, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
    ) -> NumberState | None:
        return None


@pytest.fixture
async def routing(database_url, nats_url):  # type: ignore[no-untyped-def]
    service = create_routing(database_url=database_url, nats_url=nats_url, inventory=NoNumbers())
    port = await service.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    yield channel
    await channel.close()
    await service.stop()


async def publish(nats_url: str, subject: str, payload, resource: str) -> None:  # type: ignore[no-untyped-def]
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        stream = stream_for_subject(subject)
        await ensure_stream(js, stream, [STREAMS[stream]])
        event_id = uuid.uuid4()
        headers = headers_for(
            event_id=event_id,
            source="test",
            type_=f"{subject}.v1",
            ce_subject=resource,
            time=utc_now(),
        )
        await js.publish(subject, payload.SerializeToString(), headers=headers)
    finally:
        await client.close()


async def test_health_check_reports_serving_and_reflection_lists_services(routing):  # type: ignore[no-untyped-def]
    health = health_pb2_grpc.HealthStub(routing)
    for name in ("", "sautikit.routing.v1.RoutingService"):
        reply = await health.Check(health_pb2.HealthCheckRequest(service=name), timeout=2)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
    stub = reflection_pb2_grpc.ServerReflectionStub(routing)
    responses = stub.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")])
    )
    async for response in responses:
        names = {s.name for s in response.list_services_response.service}
        assert {"sautikit.routing.v1.RoutingService", "grpc.health.v1.Health"} <= names
        break


async def test_domain_errors_carry_a_stable_reason(routing):  # type: ignore[no-untyped-def]
    stub = routing_pb2_grpc.RoutingServiceStub(routing)
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await stub.GetRouting(
            routing_pb2.GetRoutingRequest(workspace_id="nope", tenant_number_id=str(uuid.uuid4()))
        )
    error = RemoteError.from_rpc_error(bad.value)
    assert (error.status, error.reason) == (grpc.StatusCode.INVALID_ARGUMENT, "validation_failed")
    assert [v.field for v in error.violations] == ["workspace_id"]

    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub.GetRouting(
            routing_pb2.GetRoutingRequest(
                workspace_id=str(uuid.uuid4()), tenant_number_id=str(uuid.uuid4())
            )
        )
    error = RemoteError.from_rpc_error(missing.value)
    assert (error.status, error.reason) == (grpc.StatusCode.NOT_FOUND, "number_not_found")
    assert error.domain == "routing.sautikit"


async def test_routing_follows_claimed_and_released_events(routing, nats_url):  # type: ignore[no-untyped-def]
    stub = routing_pb2_grpc.RoutingServiceStub(routing)
    workspace, tenant_number = str(uuid.uuid4()), str(uuid.uuid4())
    await publish(
        nats_url,
        "sautikit.numbers.claimed",
        events_pb2.NumberClaimed(
            tenant_number_id=tenant_number, workspace_id=workspace, e164="+254712345678"
        ),
        f"tenant-numbers/{tenant_number}",
    )

    async def found() -> routing_pb2.Routing | None:
        try:
            reply = await stub.GetRouting(
                routing_pb2.GetRoutingRequest(
                    workspace_id=workspace, tenant_number_id=tenant_number
                )
            )
            return reply.routing
        except grpc.aio.AioRpcError:
            return None

    routing_row = await eventually(found)
    assert routing_row.e164 == "+254712345678"
    assert routing_row.voice_callback_url == "" and routing_row.events_url == ""

    other_workspace = str(uuid.uuid4())
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await stub.GetRouting(
            routing_pb2.GetRoutingRequest(
                workspace_id=other_workspace, tenant_number_id=tenant_number
            )
        )
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND

    await publish(
        nats_url,
        "sautikit.numbers.released",
        events_pb2.NumberReleased(tenant_number_id=tenant_number, workspace_id=workspace),
        f"tenant-numbers/{tenant_number}",
    )
    await eventually(lambda: _is_none(found))


async def _is_none(fetch) -> bool:  # type: ignore[no-untyped-def]
    return (await fetch()) is None


async def test_credentials_service_lists_no_secrets(database_url, nats_url):  # type: ignore[no-untyped-def]
    service = create_credentials(database_url=database_url, nats_url=nats_url)
    port = await service.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = credentials_pb2_grpc.CredentialsServiceStub(channel)
            # No inventory runs here: an unknown number cannot be confirmed, so it is unavailable.
            with pytest.raises(grpc.aio.AioRpcError) as unknown:
                await stub.ListCredentials(
                    credentials_pb2.ListCredentialsRequest(
                        workspace_id=str(uuid.uuid4()), tenant_number_id=str(uuid.uuid4())
                    )
                )
            assert unknown.value.code() == grpc.StatusCode.UNAVAILABLE
            health = health_pb2_grpc.HealthStub(channel)
            reply = await health.Check(
                health_pb2.HealthCheckRequest(service="sautikit.credentials.v1.CredentialsService")
            )
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        await service.stop()
