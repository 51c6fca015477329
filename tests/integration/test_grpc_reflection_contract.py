"""Every service, as a client developer meets it through grpcurl: it answers grpc.reflection.v1
(and v1alpha), lists its services, and every service, RPC, message, field, enum and enum value
it describes carries a comment.

The client here speaks the reflection protocol on the wire by method path, as grpcurl does; it
shares nothing with the server's reflection code. v1 and v1alpha are the same messages on the
wire, so the v1alpha classes encode both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_reflection.v1alpha import reflection_pb2

from gateway.main import create_admin_service
from platform_common.grpc_server import GrpcService
from services.credentials.main import create_service as create_credentials
from services.inventory.main import create_service as create_inventory
from services.notifications.main import create_service as create_notifications
from services.routing.main import create_service as create_routing
from services.wallet.main import create_service as create_wallet
from tests.proto_comments import uncommented

V1 = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"
V1ALPHA = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"
INFRASTRUCTURE = ("grpc.health.v1.", "grpc.reflection.")

FACTORIES: dict[str, Callable[[str, str], GrpcService]] = {
    "inventory": lambda db, nats: create_inventory(
        database_url=db, nats_url=nats, trial_scheduler=False
    ),
    "wallet": lambda db, nats: create_wallet(database_url=db, nats_url=nats),
    "credentials": lambda db, nats: create_credentials(database_url=db, nats_url=nats),
    "routing": lambda db, nats: create_routing(database_url=db, nats_url=nats),
    "notifications": lambda db, nats: create_notifications(
        database_url=db, nats_url=nats, sender=False
    ),
    "gateway-admin": lambda db, nats: create_admin_service(database_url=db),
}


@pytest.fixture
async def services(database_url: str, nats_url: str) -> AsyncIterator[dict[str, GrpcService]]:
    started: dict[str, GrpcService] = {}
    try:
        for name, factory in FACTORIES.items():
            service = factory(database_url, nats_url)
            await service.start()
            started[name] = service
        yield started
    finally:
        for service in started.values():
            await service.stop()


async def reflect(
    channel: grpc.aio.Channel, method: str, requests: list[reflection_pb2.ServerReflectionRequest]
) -> list[reflection_pb2.ServerReflectionResponse]:
    call = channel.stream_stream(
        method,
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    return [response async for response in call(iter(requests), timeout=5)]


async def described_files(
    channel: grpc.aio.Channel, method: str, symbols: list[str]
) -> dict[str, descriptor_pb2.FileDescriptorProto]:
    """grpcurl describe: the files defining these symbols, with their imports."""
    answers = await reflect(
        channel,
        method,
        [reflection_pb2.ServerReflectionRequest(file_containing_symbol=s) for s in symbols],
    )
    files: dict[str, descriptor_pb2.FileDescriptorProto] = {}
    for symbol, answer in zip(symbols, answers, strict=True):
        assert answer.HasField("file_descriptor_response"), f"{symbol}: {answer.error_response}"
        for raw in answer.file_descriptor_response.file_descriptor_proto:
            proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
            files[proto.name] = proto
    return files


async def test_every_service_answers_reflection_v1_with_every_element_commented(
    services: dict[str, GrpcService],
) -> None:
    assert services["inventory"].service_names, "the services register what they serve"
    for name, service in services.items():
        async with grpc.aio.insecure_channel(f"127.0.0.1:{service.bound_port}") as channel:
            for method in (V1, V1ALPHA):
                (listing,) = await reflect(
                    channel, method, [reflection_pb2.ServerReflectionRequest(list_services="")]
                )
                listed = {s.name for s in listing.list_services_response.service}
                assert set(service.service_names) <= listed, (name, method, listed)
                assert {
                    "grpc.health.v1.Health",
                    "grpc.reflection.v1.ServerReflection",
                    "grpc.reflection.v1alpha.ServerReflection",
                } <= listed
            own = sorted(s for s in listed if not s.startswith(INFRASTRUCTURE))
            assert own == sorted(service.service_names), name
            if not own:  # notifications: health and reflection only, no RPCs of its own
                continue
            files = await described_files(channel, V1, own)
            platform_files = [f for f in files.values() if f.name.startswith("sautikit/")]
            assert platform_files
            missing = [m for f in platform_files for m in uncommented(f)]
            assert not missing, f"{name}: {len(missing)} without a comment: {missing[:20]}"
            # Every RPC of every listed service is described in what came back.
            described = {
                f"{f.package}.{s.name}": [m.name for m in s.method]
                for f in files.values()
                for s in f.service
            }
            for full_name in own:
                assert described.get(full_name), f"{full_name} has no RPCs described"


async def test_reflection_v1_resolves_the_reflection_service_itself_and_refuses_unknowns(
    services: dict[str, GrpcService],
) -> None:
    port = services["routing"].bound_port
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        files = await described_files(channel, V1, ["grpc.reflection.v1.ServerReflection"])
        (reflection_file,) = [f for f in files.values() if f.package == "grpc.reflection.v1"]
        assert [m.input_type for m in reflection_file.service[0].method] == [
            ".grpc.reflection.v1.ServerReflectionRequest"
        ]
        (unknown,) = await reflect(
            channel,
            V1,
            [reflection_pb2.ServerReflectionRequest(file_containing_symbol="no.such.Service")],
        )
        assert unknown.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]
