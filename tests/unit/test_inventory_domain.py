"""Inventory domain rules without I/O: transition tables, number validation, demo inventory."""

from __future__ import annotations

import itertools

import grpc
import phonenumbers
import pytest

from platform_common.errors import Conflict, InvalidArgument
from services.inventory.domain import (
    MAX_IMPORT_BATCH,
    MAX_REPORTED_VIOLATIONS,
    NUMBER_TRANSITIONS,
    TENANT_NUMBER_TRANSITIONS,
    Capability,
    IllegalTransition,
    NumberSpec,
    NumberState,
    NumberType,
    RawNumberSpec,
    TenantNumberStatus,
    demo_numbers,
    ensure_number_transition,
    ensure_tenant_transition,
    validate_import_batch,
    validate_number_spec,
)

# Written out independently of the code, from DESIGN.md §2 and §4.
EXPECTED_NUMBER_MOVES = {
    ("available", "reserved"),
    ("reserved", "assigned"),
    ("reserved", "available"),
    ("assigned", "released"),
    ("released", "available"),
}
EXPECTED_TENANT_MOVES = {
    ("active", "suspended"),
    ("active", "released"),
    ("suspended", "active"),
    ("suspended", "released"),
}


@pytest.mark.parametrize(
    ("from_", "to"), sorted(itertools.product(list(NumberState), list(NumberState)))
)
def test_number_transitions_allow_exactly_the_designed_moves(from_, to):  # type: ignore[no-untyped-def]
    if (from_.value, to.value) in EXPECTED_NUMBER_MOVES:
        ensure_number_transition(from_, to)
        assert to in NUMBER_TRANSITIONS[from_]
        return
    with pytest.raises(IllegalTransition) as caught:
        ensure_number_transition(from_, to)
    assert caught.value.code == "illegal_state_transition"
    assert caught.value.metadata == {"from": from_.value, "to": to.value}


@pytest.mark.parametrize(
    ("from_", "to"),
    sorted(itertools.product(list(TenantNumberStatus), list(TenantNumberStatus))),
)
def test_tenant_number_transitions_allow_exactly_the_designed_moves(from_, to):  # type: ignore[no-untyped-def]
    if (from_.value, to.value) in EXPECTED_TENANT_MOVES:
        ensure_tenant_transition(from_, to)
        assert to in TENANT_NUMBER_TRANSITIONS[from_]
        return
    with pytest.raises(IllegalTransition) as caught:
        ensure_tenant_transition(from_, to)
    assert caught.value.code == "illegal_state_transition"


def test_illegal_transition_is_a_conflict_mapped_to_failed_precondition():
    with pytest.raises(Conflict) as caught:
        ensure_number_transition(NumberState.AVAILABLE, NumberState.ASSIGNED)
    assert caught.value.status == grpc.StatusCode.FAILED_PRECONDITION
    assert "available" in caught.value.message and "assigned" in caught.value.message


def test_released_tenant_number_is_final():
    assert TENANT_NUMBER_TRANSITIONS[TenantNumberStatus.RELEASED] == frozenset()


def raw(**overrides: object) -> RawNumberSpec:
    fields: dict[str, object] = {
        "e164": "+254712345678",
        "number_type": "mobile",
        "capabilities": ["voice", "sms"],
        "monthly_price_minor": 50_000,
        "inbound_per_min_minor": 0,
        "outbound_per_min_minor": 450,
        "currency": "KES",
    }
    fields.update(overrides)
    return fields  # type: ignore[return-value]


def test_valid_mobile_number_becomes_a_spec():
    spec, violations = validate_number_spec(**raw())
    assert violations == []
    assert spec == NumberSpec(
        e164="+254712345678",
        number_type=NumberType.MOBILE,
        capabilities=(Capability.VOICE, Capability.SMS),
        monthly_price_minor=50_000,
        inbound_per_min_minor=0,
        outbound_per_min_minor=450,
        currency="KES",
    )


@pytest.mark.parametrize(
    ("e164", "number_type"),
    [
        ("+254202345678", "fixed_line"),  # Nairobi
        ("+254800212345", "toll_free"),
        ("+254110123456", "mobile"),
    ],
)
def test_valid_numbers_of_each_type(e164, number_type):  # type: ignore[no-untyped-def]
    spec, violations = validate_number_spec(**raw(e164=e164, number_type=number_type))
    assert violations == []
    assert spec is not None and spec.number_type == NumberType(number_type)


def test_csv_text_fields_are_accepted_and_normalised():
    spec, violations = validate_number_spec(
        **raw(
            capabilities="sms;voice",
            monthly_price_minor=" 50000",
            inbound_per_min_minor="0",
            outbound_per_min_minor="300",
            currency="",
        )
    )
    assert violations == []
    assert spec is not None
    assert spec.capabilities == (Capability.VOICE, Capability.SMS)
    assert (spec.monthly_price_minor, spec.outbound_per_min_minor, spec.currency) == (
        50_000,
        300,
        "KES",
    )


BAD_FIELDS = [
    ("not E.164", {"e164": "254712345678"}, "e164", "+254712345678"),
    ("US number", {"e164": "+14155552671"}, "e164", "Kenyan"),
    ("local form", {"e164": "0712345678"}, "e164", "canonical E.164 form (+254712345678)"),
    ("national zero kept", {"e164": "+2540712345678"}, "e164", "canonical"),
    ("spaces", {"e164": "+254 712 345 678"}, "e164", "canonical"),
    ("too short", {"e164": "+25471234"}, "e164", "Kenyan"),
    ("letters", {"e164": "+2547ABCDEFGH"}, "e164", "E.164"),
    ("empty e164", {"e164": ""}, "e164", "required"),
    ("huge e164", {"e164": "+254" + "7" * 10_000}, "e164", "E.164"),
    ("mobile typed fixed", {"number_type": "fixed_line"}, "number_type", "mobile"),
    (
        "fixed typed mobile",
        {"e164": "+254202345678", "number_type": "mobile"},
        "number_type",
        "fixed_line",
    ),
    ("toll-free typed mobile", {"e164": "+254800212345"}, "number_type", "toll_free"),
    ("premium rate", {"e164": "+254900212345"}, "number_type", "does not sell"),
    ("unknown type", {"number_type": "satellite"}, "number_type", "one of"),
    ("missing type", {"number_type": ""}, "number_type", "required"),
    ("unknown capability", {"capabilities": ["voice", "fax"]}, "capabilities", "'fax'"),
    ("empty capabilities", {"capabilities": []}, "capabilities", "at least one"),
    ("repeated capability", {"capabilities": ["sms", "sms"]}, "capabilities", "repeat"),
    ("negative inbound", {"inbound_per_min_minor": -1}, "inbound_per_min_minor", "at least 0"),
    ("negative outbound", {"outbound_per_min_minor": -5}, "outbound_per_min_minor", "at least 0"),
    ("zero monthly", {"monthly_price_minor": 0}, "monthly_price_minor", "greater than 0"),
    ("negative monthly", {"monthly_price_minor": -100}, "monthly_price_minor", "greater than 0"),
    ("huge monthly", {"monthly_price_minor": 10**12}, "monthly_price_minor", "below"),
    ("float price", {"monthly_price_minor": 500.5}, "monthly_price_minor", "integer"),
    ("decimal text price", {"monthly_price_minor": "500.00"}, "monthly_price_minor", "integer"),
    ("bool price", {"inbound_per_min_minor": True}, "inbound_per_min_minor", "integer"),
    ("other currency", {"currency": "USD"}, "currency", "KES"),
    ("lowercase currency", {"currency": "kes"}, "currency", "KES"),
]


@pytest.mark.parametrize(
    ("overrides", "field", "hint"),
    [case[1:] for case in BAD_FIELDS],
    ids=[case[0] for case in BAD_FIELDS],
)
def test_bad_field_is_named_with_the_prefix(overrides, field, hint):  # type: ignore[no-untyped-def]
    spec, violations = validate_number_spec(**raw(**overrides), field_prefix="numbers[3]")
    assert spec is None
    assert [v.field for v in violations] == [f"numbers[3].{field}"]
    assert hint in violations[0].description


@pytest.mark.parametrize("number_type", ["mobile", "fixed_line"])
def test_fixed_line_or_mobile_numbers_accept_either_type(monkeypatch, number_type):  # type: ignore[no-untyped-def]
    # No Kenyan range is ambiguous today; other regions' metadata has them, so fake the answer.
    monkeypatch.setattr(
        phonenumbers, "number_type", lambda _: phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE
    )
    spec, violations = validate_number_spec(**raw(number_type=number_type))
    assert violations == []
    assert spec is not None and spec.number_type == NumberType(number_type)
    _, violations = validate_number_spec(**raw(number_type="toll_free"))
    assert [v.field for v in violations] == ["number_type"]


def test_every_bad_field_is_reported_at_once():
    _, violations = validate_number_spec(
        e164="nope",
        number_type="",
        capabilities=[],
        monthly_price_minor=0,
        inbound_per_min_minor=-1,
        outbound_per_min_minor=-1,
        currency="EUR",
    )
    assert [v.field for v in violations] == [
        "e164",
        "number_type",
        "capabilities",
        "monthly_price_minor",
        "inbound_per_min_minor",
        "outbound_per_min_minor",
        "currency",
    ]


def test_batch_reports_duplicates_and_bad_rows_by_index():
    rows = [raw(), raw(e164="+254722000001"), raw(), raw(currency="USD")]
    with pytest.raises(InvalidArgument) as caught:
        validate_import_batch(rows)
    assert caught.value.code == "validation_failed"
    assert [(v.field, v.description) for v in caught.value.violations] == [
        ("numbers[2].e164", "must not repeat numbers[0].e164"),
        ("numbers[3].currency", "must be KES"),
    ]


@pytest.mark.parametrize("size", [0, MAX_IMPORT_BATCH + 1])
def test_batch_size_outside_limits_is_refused(size):  # type: ignore[no-untyped-def]
    rows = [
        raw(e164=s.e164, number_type=s.number_type.value, capabilities=list(s.capabilities))
        for s in demo_numbers(size)
    ]
    with pytest.raises(InvalidArgument) as caught:
        validate_import_batch(rows)
    assert [v.field for v in caught.value.violations] == ["numbers"]


def test_a_batch_of_bad_rows_lists_a_bounded_number_of_violations():
    rows = [raw(currency="USD", monthly_price_minor=0) for _ in range(1000)]
    with pytest.raises(InvalidArgument) as caught:
        validate_import_batch(rows)
    assert len(caught.value.violations) == MAX_REPORTED_VIOLATIONS
    assert caught.value.metadata["violations_total"] == "2000"
    assert "1950 more" in caught.value.message


def test_valid_batch_keeps_row_order():
    specs = validate_import_batch([raw(e164="+254722000002"), raw()])
    assert [s.e164 for s in specs] == ["+254722000002", "+254712345678"]


def test_demo_numbers_are_deterministic_and_extend_each_other():
    assert demo_numbers(300) == demo_numbers(300)
    assert demo_numbers(1000)[:300] == demo_numbers(300)
    assert demo_numbers(300, seed=1) != demo_numbers(300)
    assert demo_numbers(0) == []
    with pytest.raises(ValueError):
        demo_numbers(-1)


def test_demo_numbers_pass_validation_and_match_phonenumbers():
    sample = demo_numbers(2000) + demo_numbers(20_000, seed=7)[::37]
    for spec in sample:
        parsed = phonenumbers.parse(spec.e164, None)
        assert phonenumbers.is_valid_number_for_region(parsed, "KE"), spec.e164
        checked, violations = validate_number_spec(
            e164=spec.e164,
            number_type=spec.number_type.value,
            capabilities=[c.value for c in spec.capabilities],
            monthly_price_minor=spec.monthly_price_minor,
            inbound_per_min_minor=spec.inbound_per_min_minor,
            outbound_per_min_minor=spec.outbound_per_min_minor,
            currency=spec.currency,
        )
        assert violations == [], (spec, violations)
        assert checked == spec


def test_demo_numbers_mix_types_and_prices():
    numbers = demo_numbers(1000)
    by_type = {t: [n for n in numbers if n.number_type == t] for t in NumberType}
    assert len(by_type[NumberType.TOLL_FREE]) == 50
    assert len(by_type[NumberType.FIXED_LINE]) == 50
    assert len(by_type[NumberType.MOBILE]) == 900
    assert all(n.e164.startswith("+25420") for n in by_type[NumberType.FIXED_LINE])
    assert all(n.e164.startswith("+254800") for n in by_type[NumberType.TOLL_FREE])
    assert {n.monthly_price_minor for n in by_type[NumberType.MOBILE]} == {50_000}
    assert len({n.e164[:7] for n in by_type[NumberType.MOBILE]}) > 20  # several prefixes
    for n in numbers:
        assert 0 <= n.inbound_per_min_minor <= 200
        assert 300 <= n.outbound_per_min_minor <= 600
        assert n.currency == "KES"


def test_a_million_demo_numbers_are_unique():
    numbers = demo_numbers(1_000_000)
    assert len({n.e164 for n in numbers}) == 1_000_000
