"""The comment walk shared by the proto documentation tests: which elements of a
FileDescriptorProto (with source info) carry no comment."""

from __future__ import annotations

from google.protobuf import descriptor_pb2

# Where comments sit in a FileDescriptorProto's source_code_info paths (descriptor.proto).
FILE_MESSAGES, FILE_ENUMS, FILE_SERVICES = 4, 5, 6
MESSAGE_FIELDS, MESSAGE_NESTED, MESSAGE_ENUMS = 2, 3, 4
ENUM_VALUES, SERVICE_METHODS = 2, 2


def uncommented(proto: descriptor_pb2.FileDescriptorProto) -> list[str]:
    """Every service, RPC, message, field, enum and enum value of the file without a comment."""
    comments = {
        tuple(loc.path)
        for loc in proto.source_code_info.location
        if loc.leading_comments.strip() or loc.trailing_comments.strip()
    }
    missing: list[str] = []

    def check(path: list[int], what: str) -> None:
        if tuple(path) not in comments:
            missing.append(f"{proto.name}: {what}")

    def walk_enum(enum: descriptor_pb2.EnumDescriptorProto, path: list[int], name: str) -> None:
        check(path, name)
        for i, value in enumerate(enum.value):
            check([*path, ENUM_VALUES, i], f"{name}.{value.name}")

    def walk_message(message: descriptor_pb2.DescriptorProto, path: list[int], name: str) -> None:
        check(path, name)
        for i, field in enumerate(message.field):
            check([*path, MESSAGE_FIELDS, i], f"{name}.{field.name}")
        for i, nested in enumerate(message.nested_type):
            if nested.options.map_entry:  # map<k, v>: the field's comment covers it
                continue
            walk_message(nested, [*path, MESSAGE_NESTED, i], f"{name}.{nested.name}")
        for i, enum in enumerate(message.enum_type):
            walk_enum(enum, [*path, MESSAGE_ENUMS, i], f"{name}.{enum.name}")

    for i, service in enumerate(proto.service):
        check([FILE_SERVICES, i], service.name)
        for j, method in enumerate(service.method):
            check([FILE_SERVICES, i, SERVICE_METHODS, j], f"{service.name}.{method.name}")
    for i, message in enumerate(proto.message_type):
        walk_message(message, [FILE_MESSAGES, i], message.name)
    for i, enum in enumerate(proto.enum_type):
        walk_enum(enum, [FILE_ENUMS, i], enum.name)
    return missing
