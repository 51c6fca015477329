"""Number-order rules without I/O: the status table, the requirements document's checks, field
validation, what submit still needs, document checks, and sealing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from platform_common.errors import InvalidArgument
from platform_common.sealing import KeyRing, SealingError
from services.inventory.orders.attachments import check_document, document_rule
from services.inventory.orders.domain import (
    ORDER_TRANSITIONS,
    OrderStatus,
    ensure_order_transition,
    statuses_from,
)
from services.inventory.orders.errors import AttachmentRejected, IllegalOrderTransition
from services.inventory.orders.personal_data import OrderDataBox
from services.inventory.orders.repository import AttachmentRow
from services.inventory.orders.requirements import default_document, parse_document
from services.inventory.orders.views import missing_items
from tests.order_files import PDF, PNG, WINDOWS_EXECUTABLE

S = OrderStatus


def test_every_final_status_is_final() -> None:
    for final in (S.COMPLETED, S.REJECTED, S.EXPIRED, S.CANCELLED):
        assert not [pair for pair in ORDER_TRANSITIONS if pair[0] is final]


@pytest.mark.parametrize(
    ("current", "to", "reason"),
    [
        (S.IN_REVIEW, S.CANCELLED, "customer_cancelled"),  # not once review started
        (S.IN_REVIEW, S.EXPIRED, "hold_expired"),  # an approval is running
        (S.DRAFT, S.COMPLETED, "approved"),
        (S.SUBMITTED, S.REJECTED, "hold_expired"),  # a reason of another transition
        (S.DRAFT, S.REJECTED, "other"),
    ],
)
def test_transitions_outside_the_table_are_refused(
    current: OrderStatus, to: OrderStatus, reason: str
) -> None:
    with pytest.raises(IllegalOrderTransition):
        ensure_order_transition(current, to, reason)


def test_statuses_from_reads_the_table() -> None:
    assert statuses_from(S.EXPIRED, "hold_expired") == (S.DRAFT, S.SUBMITTED)
    assert statuses_from(S.REJECTED, "other") == (S.SUBMITTED,)


def test_shipped_defaults_keep_mobile_and_fixed_line_instantly_claimable() -> None:
    catalogue = parse_document(default_document())
    assert not catalogue.order_required("KE", "mobile")
    assert not catalogue.order_required("KE", "fixed_line")
    assert catalogue.order_required("KE", "toll_free")
    assert catalogue.order_required("KE", "premium")
    toll_free = catalogue.find("KE", "toll_free")
    assert toll_free is not None
    assert [s.name for s in toll_free.registration_sets] == ["business"]
    business = toll_free.registration_sets[0]
    assert {f.name for f in business.fields} >= {
        "registered_name",
        "registration_number",
        "kra_pin",
        "contact_person",
        "use_description",
    }
    mobile = catalogue.find("KE", "mobile")
    assert mobile is not None
    person = mobile.registration_set("person")
    assert person is not None
    assert {f.name for f in person.fields} == {
        "full_name",
        "id_document_type",
        "id_document_number",
        "postal_address",
    }


def _broken(**changes: object) -> str:
    document = json.loads(default_document())
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{", "document"),
        ("[]", "document"),
        (_broken(version=0), "version"),
        (_broken(version="2"), "version"),
        (_broken(max_attachments_per_order=0), "max_attachments_per_order"),
        (_broken(entries=[]), "entries"),
        (_broken(entries=[{"country": "Kenya"}]), "entries[0].country"),
        (
            _broken(
                entries=[
                    {
                        "country": "KE",
                        "number_type": "satellite",
                        "order_required": True,
                        "registration_sets": ["business"],
                    }
                ]
            ),
            "entries[0].number_type",
        ),
        (
            _broken(
                entries=[
                    {
                        "country": "KE",
                        "number_type": "mobile",
                        "order_required": "yes",
                        "registration_sets": ["nobody"],
                    }
                ]
            ),
            "entries[0].order_required",
        ),
        (
            _broken(
                registration_sets={
                    "person": {
                        "fields": [{"name": "x", "type": "text", "pattern": "("}],
                        "attachments": [],
                    },
                    "business": {
                        "fields": [],
                        "attachments": [
                            {
                                "document_type": "d",
                                "allowed_content_types": ["application/x-msdownload"],
                                "max_bytes": 10,
                            }
                        ],
                    },
                }
            ),
            "registration_sets.person.fields[0].pattern",
        ),
    ],
)
def test_broken_documents_name_the_problem(text: str, field: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        parse_document(text)
    assert field in [v.field for v in refused.value.violations]


def test_field_rules_never_echo_the_value() -> None:
    business = parse_document(default_document()).find("KE", "toll_free")
    assert business is not None
    rules = business.registration_sets[0]
    kra = rules.field("kra_pin")
    assert kra is not None
    assert kra.problem("P987654321K") is None
    for bad in ("SECRET123", "p987654321k", "P98765432K", "P987654321K\n"):
        problem = kra.problem(bad)
        assert problem is not None and bad.strip() not in problem


def test_missing_lists_type_then_fields_then_documents() -> None:
    requirements = parse_document(default_document()).find("KE", "toll_free")
    assert missing_items(requirements, None, set(), []) == ["registration_type"]
    assert missing_items(requirements, "business", {"kra_pin"}, []) == [
        "registration.registered_name",
        "registration.registration_number",
        "registration.contact_person",
        "registration.use_description",
        "attachments.certificate_of_incorporation",
    ]
    uploaded = AttachmentRow(
        uuid.uuid4(),
        uuid.uuid4(),
        "certificate_of_incorporation",
        "application/pdf",
        10,
        datetime.now(UTC),
    )
    everything = {"registered_name", "registration_number", "kra_pin", "contact_person"}
    assert (
        missing_items(requirements, "business", everything | {"use_description"}, [uploaded]) == []
    )


def test_document_checks_use_the_real_content() -> None:
    requirements = parse_document(default_document()).find("KE", "toll_free")
    assert requirements is not None
    rule = document_rule(requirements, "business", "certificate_of_incorporation")
    ok = {"already_stored": 0, "limit": 10}
    assert check_document(rule, content_type="application/pdf", content=PDF, **ok) == (
        "application/pdf"
    )
    assert check_document(rule, content_type="image/png", content=PNG, **ok) == "image/png"
    cases = [
        ("application/pdf", WINDOWS_EXECUTABLE, ok, "attachment_type_mismatch"),
        ("image/png", PDF, ok, "attachment_type_mismatch"),
        ("application/zip", PDF, ok, "attachment_type_not_allowed"),
        ("application/pdf", b"", ok, "attachment_empty"),
        ("application/pdf", PDF + b"0" * rule.max_bytes, ok, "attachment_too_large"),
        ("application/pdf", PDF, {"already_stored": 10, "limit": 10}, "attachment_limit_reached"),
    ]
    for content_type, content, counts, code in cases:
        with pytest.raises(AttachmentRejected) as refused:
            check_document(rule, content_type=content_type, content=content, **counts)
        assert refused.value.code == code
    with pytest.raises(AttachmentRejected) as unknown:
        document_rule(requirements, "business", "passport")
    assert unknown.value.code == "unknown_document_type"


def test_sealed_values_are_bound_to_their_order_and_field() -> None:
    box = OrderDataBox(KeyRing.generated())
    order, other = uuid.uuid4(), uuid.uuid4()
    data_key = box.new_data_key(order)
    key = box.open_data_key(data_key.sealed, order)
    sealed = box.seal(key, order, "registration.kra_pin", b"P987654321K")
    assert b"P987654321K" not in sealed.ciphertext
    assert box.open(key, order, "registration.kra_pin", sealed) == b"P987654321K"
    with pytest.raises(Exception):  # noqa: B017 - AESGCM raises InvalidTag
        box.open(key, order, "registration.full_name", sealed)
    with pytest.raises(Exception):  # noqa: B017
        box.open(key, other, "registration.kra_pin", sealed)
    with pytest.raises(SealingError):
        box.open_data_key(data_key.sealed, other)
