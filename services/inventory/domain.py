"""Inventory domain: number and tenant-number states, their allowed transitions, and the rules a
number must satisfy to enter the pool. Pure: no I/O, importable by the operator CLI."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict, TypeVar

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from platform_common.errors import Conflict, FieldViolation, InvalidArgument
from services.inventory.sandbox import TEST_POOL_PREFIX, in_test_pool

COUNTRY = "KE"
CURRENCY = "KES"
# Every number in the inventory is Kenyan: its e164 is "+254" and then the national number.
CALLING_CODE_PREFIX = "+254"
# Amounts are bigint minor units; this bound keeps sums of many of them far from overflow.
MAX_AMOUNT_MINOR = 10**12
MAX_IMPORT_BATCH = 5000
# BadRequest travels in gRPC trailing metadata (about 8 KiB by default); listing every bad
# row of a 5,000-row batch would overflow it and the caller would get no usable error at all.
MAX_REPORTED_VIOLATIONS = 50


class NumberType(StrEnum):
    MOBILE = "mobile"
    FIXED_LINE = "fixed_line"
    TOLL_FREE = "toll_free"


class Capability(StrEnum):
    VOICE = "voice"
    SMS = "sms"


class NumberState(StrEnum):
    AVAILABLE = "available"
    RESERVED = "reserved"
    ASSIGNED = "assigned"
    RELEASED = "released"


class TenantNumberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RELEASED = "released"


NUMBER_TRANSITIONS: Mapping[NumberState, frozenset[NumberState]] = {
    NumberState.AVAILABLE: frozenset({NumberState.RESERVED}),
    # reserved -> available: the debit was refused or the reservation expired unpaid.
    NumberState.RESERVED: frozenset({NumberState.ASSIGNED, NumberState.AVAILABLE}),
    NumberState.ASSIGNED: frozenset({NumberState.RELEASED}),
    # released -> available: the number goes back on sale.
    NumberState.RELEASED: frozenset({NumberState.AVAILABLE}),
}

TENANT_NUMBER_TRANSITIONS: Mapping[TenantNumberStatus, frozenset[TenantNumberStatus]] = {
    TenantNumberStatus.ACTIVE: frozenset(
        {TenantNumberStatus.SUSPENDED, TenantNumberStatus.RELEASED}
    ),
    TenantNumberStatus.SUSPENDED: frozenset(
        {TenantNumberStatus.ACTIVE, TenantNumberStatus.RELEASED}
    ),
    TenantNumberStatus.RELEASED: frozenset(),
}

# phonenumbers' classification -> the number types we accept for it.
_ACCEPTED_TYPES: Mapping[int, frozenset[NumberType]] = {
    PhoneNumberType.MOBILE: frozenset({NumberType.MOBILE}),
    PhoneNumberType.FIXED_LINE: frozenset({NumberType.FIXED_LINE}),
    PhoneNumberType.FIXED_LINE_OR_MOBILE: frozenset({NumberType.MOBILE, NumberType.FIXED_LINE}),
    PhoneNumberType.TOLL_FREE: frozenset({NumberType.TOLL_FREE}),
}
_E164_SHAPE = re.compile(r"\+[1-9]\d{1,14}")
_INTEGER = re.compile(r"-?\d{1,20}")
_CAPABILITY_SEPARATORS = re.compile(r"[\s,;|]+")


_State = TypeVar("_State", NumberState, TenantNumberStatus)


class IllegalTransition(Conflict):
    """A state change the transition table does not allow (HTTP 409 / FAILED_PRECONDITION)."""

    default_code = "illegal_state_transition"


def _ensure(
    table: Mapping[_State, frozenset[_State]], kind: str, from_: _State, to: _State
) -> None:
    if to not in table[from_]:
        raise IllegalTransition(
            f"{kind} cannot go from {from_.value} to {to.value}",
            metadata={"from": from_.value, "to": to.value},
        )


def ensure_number_transition(from_: NumberState, to: NumberState) -> None:
    """Raises IllegalTransition unless NUMBER_TRANSITIONS allows from_ -> to."""
    _ensure(NUMBER_TRANSITIONS, "number", from_, to)


def ensure_tenant_transition(from_: TenantNumberStatus, to: TenantNumberStatus) -> None:
    """Raises IllegalTransition unless TENANT_NUMBER_TRANSITIONS allows from_ -> to."""
    _ensure(TENANT_NUMBER_TRANSITIONS, "tenant number", from_, to)


@dataclass(frozen=True, slots=True)
class NumberSpec:
    """A validated number ready to enter the pool; capabilities in canonical order."""

    e164: str
    number_type: NumberType
    capabilities: tuple[Capability, ...]
    monthly_price_minor: int
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    currency: str = CURRENCY
    # A fixed inventory id chosen by the importer; None lets the pool assign one.
    id: uuid.UUID | None = None


class RawNumberSpec(TypedDict):
    """The unvalidated fields of one number as an edge (gRPC, CSV) received them."""

    e164: str
    number_type: str
    capabilities: Iterable[str] | str
    monthly_price_minor: int | str
    inbound_per_min_minor: int | str
    outbound_per_min_minor: int | str
    currency: str


def _field(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _check_e164(raw: object) -> tuple[str | None, int | None, str | None]:
    """(canonical e164, phonenumbers type, problem): exactly one of e164 / problem is set."""
    if not isinstance(raw, str) or raw == "":
        return None, None, "is required"
    if not _E164_SHAPE.fullmatch(raw):
        return None, None, _not_e164_problem(raw)
    try:
        parsed = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None, None, "is not a phone number"
    if not phonenumbers.is_valid_number_for_region(parsed, COUNTRY):
        return None, None, "must be a valid Kenyan (+254) number"
    canonical = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    if canonical != raw:
        return None, None, f"must be in canonical E.164 form ({canonical})"
    return canonical, int(phonenumbers.number_type(parsed)), None


def canonical_e164(raw: str, field: str = "e164") -> str:
    """A Kenyan number in canonical E.164; InvalidArgument naming `field` otherwise."""
    canonical, _, problem = _check_e164(raw)
    if canonical is None:
        raise InvalidArgument(
            f"{field} {problem}", violations=[FieldViolation(field, problem or "is invalid")]
        )
    return canonical


def _not_e164_problem(raw: str) -> str:
    # A local or spaced form of a good number ("0712 345678") is a common CSV slip: name the fix.
    if len(raw) <= 32:
        try:
            parsed = phonenumbers.parse(raw, COUNTRY)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is not None and phonenumbers.is_valid_number_for_region(parsed, COUNTRY):
            canonical = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
            return f"must be in canonical E.164 form ({canonical})"
    return "must be an E.164 number: + and country code, digits only (+2547XXXXXXXX)"


def _check_amount(raw: object, *, minimum: int) -> tuple[int | None, str | None]:
    # CSV rows arrive as text; accept decimal integer strings but never floats or booleans.
    if isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int):
        return None, "must be an integer amount in minor units"
    if raw < minimum:
        return None, "must be greater than 0" if minimum == 1 else f"must be at least {minimum}"
    if raw >= MAX_AMOUNT_MINOR:
        return None, f"must be below {MAX_AMOUNT_MINOR}"
    return raw, None


def _check_capabilities(raw: object) -> tuple[tuple[Capability, ...] | None, str | None]:
    if isinstance(raw, str):
        items: list[object] = [part for part in _CAPABILITY_SEPARATORS.split(raw.strip()) if part]
    elif isinstance(raw, Iterable):
        items = list(raw)
    else:
        return None, "must be a list of capabilities"
    if not items:
        return None, "must name at least one of voice, sms"
    allowed = {c.value for c in Capability}
    unknown = [str(item) for item in items if not isinstance(item, str) or item not in allowed]
    if unknown:
        return None, f"unknown capability {unknown[0]!r}; allowed: voice, sms"
    if len(set(items)) != len(items):
        return None, "must not repeat a capability"
    return tuple(c for c in Capability if c.value in items), None


def validate_number_spec(
    *,
    e164: object,
    number_type: object,
    capabilities: object,
    monthly_price_minor: object,
    inbound_per_min_minor: object,
    outbound_per_min_minor: object,
    currency: object = "",
    field_prefix: str = "",
) -> tuple[NumberSpec | None, list[FieldViolation]]:
    """Validates one number's raw fields; violations name fields as `<field_prefix>.<field>`."""
    violations: list[FieldViolation] = []

    def violation(name: str, description: str) -> None:
        violations.append(FieldViolation(_field(field_prefix, name), description))

    canonical, parsed_type, problem = _check_e164(e164)
    if problem:
        violation("e164", problem)
    elif canonical is not None and in_test_pool(canonical):
        violation("e164", f"is in the test-mode block ({TEST_POOL_PREFIX}xxxx), never sold live")

    kind: NumberType | None = None
    if isinstance(number_type, str) and number_type in {t.value for t in NumberType}:
        kind = NumberType(str(number_type))
    elif number_type in ("", None):
        violation("number_type", "is required")
    else:
        violation("number_type", "must be one of mobile, fixed_line, toll_free")
    if kind is not None and parsed_type is not None:
        accepted = _ACCEPTED_TYPES.get(parsed_type, frozenset[NumberType]())
        if not accepted:
            violation("number_type", "this number is of a kind the platform does not sell")
        elif kind not in accepted:
            expected = " or ".join(sorted(t.value for t in accepted))
            violation("number_type", f"is {kind.value} but the number is {expected}")

    caps, problem = _check_capabilities(capabilities)
    if problem:
        violation("capabilities", problem)

    monthly, problem = _check_amount(monthly_price_minor, minimum=1)
    if problem:
        violation("monthly_price_minor", problem)
    inbound, problem = _check_amount(inbound_per_min_minor, minimum=0)
    if problem:
        violation("inbound_per_min_minor", problem)
    outbound, problem = _check_amount(outbound_per_min_minor, minimum=0)
    if problem:
        violation("outbound_per_min_minor", problem)

    currency_value = CURRENCY if currency in ("", None) else currency
    if currency_value != CURRENCY:
        violation("currency", f"must be {CURRENCY}")

    if violations:
        return None, violations
    assert canonical is not None and kind is not None and caps is not None
    assert monthly is not None and inbound is not None and outbound is not None
    return (
        NumberSpec(
            e164=canonical,
            number_type=kind,
            capabilities=caps,
            monthly_price_minor=monthly,
            inbound_per_min_minor=inbound,
            outbound_per_min_minor=outbound,
            currency=CURRENCY,
        ),
        [],
    )


def validate_import_batch(rows: Sequence[RawNumberSpec]) -> list[NumberSpec]:
    """Validates a whole import batch or raises InvalidArgument (validation_failed) naming
    every bad field as numbers[i].<field>; a number listed twice is a violation too."""
    if not 1 <= len(rows) <= MAX_IMPORT_BATCH:
        raise InvalidArgument(
            f"an import batch holds 1 to {MAX_IMPORT_BATCH} numbers, got {len(rows)}",
            violations=[FieldViolation("numbers", f"must hold 1 to {MAX_IMPORT_BATCH} numbers")],
        )
    specs: list[NumberSpec] = []
    violations: list[FieldViolation] = []
    first_index: dict[str, int] = {}
    for index, row in enumerate(rows):
        prefix = f"numbers[{index}]"
        spec, problems = validate_number_spec(**row, field_prefix=prefix)
        violations.extend(problems)
        if spec is None:
            continue
        seen = first_index.setdefault(spec.e164, index)
        if seen != index:
            violations.append(
                FieldViolation(f"{prefix}.e164", f"must not repeat numbers[{seen}].e164")
            )
            continue
        specs.append(spec)
    if violations:
        reported = violations[:MAX_REPORTED_VIOLATIONS]
        more = len(violations) - len(reported)
        suffix = f" ({more} more not listed)" if more else ""
        raise InvalidArgument(
            f"{len(violations)} invalid field(s) in the batch; nothing was imported{suffix}",
            violations=reported,
            metadata={"violations_total": str(len(violations))},
        )
    return specs


# Demo and benchmark inventory --------------------------------------------------------------

# National prefixes whose every 6-digit subscriber number is a valid Kenyan mobile number.
_DEMO_MOBILE_PREFIXES = (
    *(f"70{d}" for d in range(10)),
    *(f"71{d}" for d in range(10)),
    *(f"72{d}" for d in range(10)),
    *(f"79{d}" for d in range(10)),
    *(f"11{d}" for d in range(10)),
    *(f"10{d}" for d in range(9)),
)
_DEMO_TOLL_FREE_PREFIXES = tuple(f"800{d}" for d in (0, 2, 3, 4, 5, 6, 7, 8))
_DEMO_FIXED_PREFIXES = ("20",)  # Nairobi
# Multiplying by a unit modulo 10**k permutes the subscriber digits: unique, but less "000001".
_SPREAD = 7919
# Of every 20 demo numbers, one is toll-free and one is Nairobi fixed-line; the rest are mobile.
_CYCLE = 20
MAX_DEMO_NUMBERS = 10_000_000


def _demo_e164s(count: int, start: int, prefixes: Sequence[str], digits: int) -> list[str]:
    """`count` distinct numbers: position k -> prefix k mod n, subscriber (k div n) * _SPREAD."""
    blocks = len(prefixes)
    capacity = blocks * 10**digits
    modulus = 10**digits
    # k + start wraps within the capacity, and count <= capacity, so no two positions collide.
    return [
        f"+254{prefixes[k % blocks]}{(k // blocks * _SPREAD) % modulus:0{digits}d}"
        for k in ((start + i) % capacity for i in range(count))
    ]


def demo_numbers(count: int, seed: int = 0) -> list[NumberSpec]:
    """`count` distinct, valid Kenyan numbers with demo prices; the same (count, seed) always
    gives the same list, and a larger count extends a smaller one."""
    if not 0 <= count <= MAX_DEMO_NUMBERS:
        raise ValueError(f"count must be between 0 and {MAX_DEMO_NUMBERS}")
    toll_free_count = (count + _CYCLE - 1) // _CYCLE  # positions 0, 20, 40, ...
    fixed_count = (count + _CYCLE - 2) // _CYCLE  # positions 1, 21, 41, ...
    toll_free = iter(_demo_e164s(toll_free_count, seed * 1_009, _DEMO_TOLL_FREE_PREFIXES, digits=5))
    fixed = iter(_demo_e164s(fixed_count, seed * 7_927, _DEMO_FIXED_PREFIXES, digits=7))
    mobile = iter(
        _demo_e164s(
            count - toll_free_count - fixed_count, seed * 104_729, _DEMO_MOBILE_PREFIXES, digits=6
        )
    )
    voice_sms = (Capability.VOICE, Capability.SMS)
    voice = (Capability.VOICE,)
    numbers: list[NumberSpec] = []
    append = numbers.append
    for position in range(count):
        slot = position % _CYCLE
        if slot == 0:
            append(NumberSpec(next(toll_free), NumberType.TOLL_FREE, voice, 150_000, 200, 600))
        elif slot == 1:
            append(NumberSpec(next(fixed), NumberType.FIXED_LINE, voice, 40_000, 0, 350))
        else:
            append(NumberSpec(next(mobile), NumberType.MOBILE, voice_sms, 50_000, 0, 450))
    return numbers
