"""Every element of every platform proto carries a comment, events included (no service serves
those by reflection), read from the descriptor set that reflection serves."""

from __future__ import annotations

from google.protobuf import descriptor_pb2

from platform_common.reflection import platform_descriptors
from tests.proto_comments import FILE_MESSAGES, uncommented


def test_every_platform_proto_element_has_a_comment() -> None:
    files = [f for f in platform_descriptors() if f.name.startswith("sautikit/")]
    assert len(files) >= 16
    missing = [m for f in files for m in uncommented(f)]
    assert not missing, f"{len(missing)} without a comment, e.g. {missing[:30]}"


def test_the_comment_walk_notices_a_missing_comment() -> None:
    proto = descriptor_pb2.FileDescriptorProto(name="x.proto", package="x")
    message = proto.message_type.add(name="Thing")
    message.field.add(
        name="thing_id", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING
    )
    proto.source_code_info.location.add(path=[FILE_MESSAGES, 0], leading_comments=" A thing.")
    assert uncommented(proto) == ["x.proto: Thing.thing_id"]
