"""Server reflection, both grpc.reflection.v1 and v1alpha, serving the protos with their comments.

grpcio-reflection only ships v1alpha, and it serves descriptors copied from the runtime pool,
which has dropped every comment. Here the descriptors come from sautikit/descriptors.binpb
(`make protos` builds it with source info, `make protos-check` keeps it in step), so grpcurl
`describe` and generated clients show the proto comments. The two protocol versions are the
same messages on the wire, so one servicer answers both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from functools import cache
from pathlib import Path

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection_pb2

import sautikit

V1_SERVICE_NAME = "grpc.reflection.v1.ServerReflection"
V1ALPHA_SERVICE_NAME = "grpc.reflection.v1alpha.ServerReflection"
DESCRIPTOR_SET = Path(sautikit.__file__).parent / "descriptors.binpb"


class DescriptorIndex:
    """File descriptors by file name and by the symbols they define."""

    def __init__(self, files: Iterable[descriptor_pb2.FileDescriptorProto]) -> None:
        self.files: dict[str, descriptor_pb2.FileDescriptorProto] = {}
        self.symbols: dict[str, str] = {}
        for proto in files:
            self.add(proto)

    def add(self, proto: descriptor_pb2.FileDescriptorProto) -> None:
        if proto.name in self.files:
            return
        self.files[proto.name] = proto
        prefix = f"{proto.package}." if proto.package else ""
        for service in proto.service:
            self.symbols[prefix + service.name] = proto.name
            for method in service.method:
                self.symbols[f"{prefix}{service.name}.{method.name}"] = proto.name
        for enum in proto.enum_type:
            self._add_enum(prefix, enum, proto.name)
        for message in proto.message_type:
            self._add_message(prefix, message, proto.name)

    def _add_enum(self, prefix: str, enum: descriptor_pb2.EnumDescriptorProto, file: str) -> None:
        self.symbols[prefix + enum.name] = file

    def _add_message(self, prefix: str, message: descriptor_pb2.DescriptorProto, file: str) -> None:
        name = prefix + message.name
        self.symbols[name] = file
        for field in message.field:
            self.symbols[f"{name}.{field.name}"] = file
        for nested in message.nested_type:
            self._add_message(name + ".", nested, file)
        for enum in message.enum_type:
            self._add_enum(name + ".", enum, file)

    def with_dependencies(self, file_name: str) -> list[bytes]:
        """The file first, then every file it imports, transitively, each once."""
        ordered: list[str] = []
        pending = [file_name]
        while pending:
            name = pending.pop(0)
            if name in ordered:
                continue
            if name not in self.files:
                self._add_from_runtime(name)
            if name not in self.files:
                continue
            ordered.append(name)
            pending.extend(self.files[name].dependency)
        return [self.files[name].SerializeToString() for name in ordered]

    def _add_from_runtime(self, file_name: str) -> None:
        """Files outside the platform's protos (health, reflection): from the runtime pool."""
        try:
            found = descriptor_pool.Default().FindFileByName(file_name)
        except KeyError:
            return
        proto = descriptor_pb2.FileDescriptorProto()
        found.CopyToProto(proto)
        self.add(proto)

    def file_of_symbol(self, symbol: str) -> str | None:
        if symbol not in self.symbols:
            try:
                found = descriptor_pool.Default().FindFileContainingSymbol(symbol)
            except KeyError:
                return None
            self._add_from_runtime(found.name)
        return self.symbols.get(symbol)


@cache
def platform_descriptors() -> tuple[descriptor_pb2.FileDescriptorProto, ...]:
    """Every platform proto (and what it imports) with its comments, as built by make protos."""
    return tuple(descriptor_pb2.FileDescriptorSet.FromString(DESCRIPTOR_SET.read_bytes()).file)


def _v1_reflection_file() -> descriptor_pb2.FileDescriptorProto:
    """grpc.reflection.v1's file: v1alpha's messages and service under the v1 package."""
    proto = descriptor_pb2.FileDescriptorProto()
    reflection_pb2.DESCRIPTOR.CopyToProto(proto)
    proto.name = "grpc/reflection/v1/reflection.proto"
    proto.package = "grpc.reflection.v1"
    proto.ClearField("options")
    for message in proto.message_type:
        for field in message.field:
            field.type_name = field.type_name.replace(".v1alpha.", ".v1.")
    for service in proto.service:
        for method in service.method:
            method.input_type = method.input_type.replace(".v1alpha.", ".v1.")
            method.output_type = method.output_type.replace(".v1alpha.", ".v1.")
    return proto


class ReflectionServicer:
    """Answers ServerReflectionInfo streams for the listed services."""

    def __init__(self, service_names: Iterable[str], index: DescriptorIndex) -> None:
        self._services = sorted(set(service_names))
        self._index = index

    async def ServerReflectionInfo(
        self,
        requests: AsyncIterator[reflection_pb2.ServerReflectionRequest],
        context: grpc.aio.ServicerContext,
    ) -> AsyncIterator[reflection_pb2.ServerReflectionResponse]:
        async for request in requests:
            yield self._answer(request)

    def _answer(
        self, request: reflection_pb2.ServerReflectionRequest
    ) -> reflection_pb2.ServerReflectionResponse:
        asked = request.WhichOneof("message_request")
        if asked == "list_services":
            return reflection_pb2.ServerReflectionResponse(
                original_request=request,
                list_services_response=reflection_pb2.ListServiceResponse(
                    service=[reflection_pb2.ServiceResponse(name=n) for n in self._services]
                ),
            )
        file_name: str | None = None
        if asked == "file_by_filename":
            file_name = request.file_by_filename
        elif asked == "file_containing_symbol":
            file_name = self._index.file_of_symbol(request.file_containing_symbol)
        elif asked == "all_extension_numbers_of_type":
            # The platform's protos declare no extensions.
            if self._index.file_of_symbol(request.all_extension_numbers_of_type) is not None:
                return reflection_pb2.ServerReflectionResponse(
                    original_request=request,
                    all_extension_numbers_response=reflection_pb2.ExtensionNumberResponse(
                        base_type_name=request.all_extension_numbers_of_type
                    ),
                )
        elif asked != "file_containing_extension":
            return _error(request, grpc.StatusCode.INVALID_ARGUMENT)
        files = self._index.with_dependencies(file_name) if file_name else []
        if not files:
            return _error(request, grpc.StatusCode.NOT_FOUND)
        return reflection_pb2.ServerReflectionResponse(
            original_request=request,
            file_descriptor_response=reflection_pb2.FileDescriptorResponse(
                file_descriptor_proto=files
            ),
        )


def _error(
    request: reflection_pb2.ServerReflectionRequest, status: grpc.StatusCode
) -> reflection_pb2.ServerReflectionResponse:
    return reflection_pb2.ServerReflectionResponse(
        original_request=request,
        error_response=reflection_pb2.ErrorResponse(
            error_code=status.value[0], error_message=str(status.value[1])
        ),
    )


def enable_reflection(server: grpc.aio.Server, service_names: Iterable[str]) -> None:
    """Serves v1 and v1alpha reflection listing service_names and both reflection services."""
    index = DescriptorIndex(platform_descriptors())
    index.add(_v1_reflection_file())
    servicer = ReflectionServicer([*service_names, V1_SERVICE_NAME, V1ALPHA_SERVICE_NAME], index)
    for service in (V1_SERVICE_NAME, V1ALPHA_SERVICE_NAME):
        handler = grpc.stream_stream_rpc_method_handler(
            servicer.ServerReflectionInfo,
            request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
            response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
        )
        server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(service, {"ServerReflectionInfo": handler}),)
        )
