"""Pure validation rules of the gateway: workspace fields, idempotency keys, fingerprints."""

from __future__ import annotations

import json

import pytest

from gateway import usecases
from gateway.admin_servicer import _key_mode
from gateway.app import field_name
from gateway.idempotency import check_key, request_fingerprint
from gateway.middleware import request_id_from
from gateway.problems import ApiProblem
from platform_common.errors import InvalidArgument
from sautikit.gateway.v1 import admin_pb2


@pytest.mark.parametrize(
    ("raw", "expected"), [("Acme", "Acme"), ("  Acme Ltd  ", "Acme Ltd"), ("x" * 200, "x" * 200)]
)
def test_workspace_names_are_trimmed(raw: str, expected: str) -> None:
    assert usecases.clean_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "x" * 201, "bad\nname", "tab\tname"])
def test_bad_workspace_names_are_refused_naming_the_field(raw: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        usecases.clean_name(raw)
    assert [v.field for v in caught.value.violations] == ["name"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", None), ("  ", None), ("ops@acme.co.ke", "ops@acme.co.ke"), (" a@b.io ", "a@b.io")],
)
def test_emails_are_optional_and_trimmed(raw: str, expected: str | None) -> None:
    assert usecases.clean_email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["plain", "a@b", "a@@b.io", "a b@c.io", "@acme.io", "a@.io", "a@" + "x" * 250 + ".io"]
)
def test_bad_emails_are_refused_naming_the_field(raw: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        usecases.clean_email(raw)
    assert caught.value.code == "validation_failed"
    assert [v.field for v in caught.value.violations] == ["email"]


def test_key_modes_from_the_proto_enum() -> None:
    assert _key_mode(admin_pb2.KEY_MODE_UNSPECIFIED) == "live"
    assert _key_mode(admin_pb2.KEY_MODE_LIVE) == "live"
    assert _key_mode(admin_pb2.KEY_MODE_TEST) == "test"
    with pytest.raises(InvalidArgument) as caught:
        usecases.check_key_mode(_key_mode(42))
    assert [v.field for v in caught.value.violations] == ["key_mode"]


@pytest.mark.parametrize("key", ["a", "order-2024-0001", "x" * 255, "with space", "~!@#$%^&*()"])
def test_acceptable_idempotency_keys(key: str) -> None:
    assert check_key(key) == key


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there", "caf\u00e9", "nul\x00"])
def test_unacceptable_idempotency_keys_name_the_header(key: str) -> None:
    with pytest.raises(ApiProblem) as caught:
        check_key(key)
    assert (caught.value.status, caught.value.code) == (400, "validation_failed")
    assert [e.field for e in caught.value.errors] == ["Idempotency-Key"]


def test_fingerprint_ignores_json_formatting_but_not_content() -> None:
    one = request_fingerprint("POST", "/v1/x", "", json.dumps({"a": 1, "b": [1, 2]}).encode())
    same = request_fingerprint("post", "/v1/x", "", b'{ "b": [1,2],\n "a": 1 }')
    assert one == same
    assert one != request_fingerprint("POST", "/v1/x", "", b'{"a": 2, "b": [1, 2]}')
    assert one != request_fingerprint("POST", "/v1/y", "", b'{"a": 1, "b": [1, 2]}')
    assert one != request_fingerprint("PATCH", "/v1/x", "", b'{"a": 1, "b": [1, 2]}')
    assert one != request_fingerprint("POST", "/v1/x", "q=1", b'{"a": 1, "b": [1, 2]}')
    assert request_fingerprint("POST", "/v1/x", "", b"\xff not json") != request_fingerprint(
        "POST", "/v1/x", "", b"\xfe not json"
    )


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        (("body", "label"), "label"),
        (("body", "items", 0, "name"), "items[0].name"),
        (("query", "limit"), "limit"),
        (("header", "Idempotency-Key"), "Idempotency-Key"),
        (("body",), "body"),
    ],
)
def test_validation_error_locations_become_field_names(
    loc: tuple[object, ...], expected: str
) -> None:
    assert field_name(loc) == expected


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("abc-123", True),
        ("01900000-0000-7000-8000-000000000001", True),
        ("trace:abc.def_1", True),
        ("", False),
        (None, False),
        ("x" * 129, False),
        ("inject\nheader", False),
        ("semi;colon", False),
    ],
)
def test_incoming_request_ids_are_kept_only_when_sane(incoming: str | None, kept: bool) -> None:
    result = request_id_from(incoming)
    assert (result == incoming) is kept
    assert 1 <= len(result) <= 128
