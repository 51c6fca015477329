"""Top-up rules without I/O: phone normalisation, reading a callback by item Name, the STK
Password and its EAT timestamp, the back-off."""

from __future__ import annotations

import base64
import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from platform_common.errors import InvalidArgument
from services.wallet.topups.callback import parse_callback
from services.wallet.topups.daraja import DarajaConfig, eat_timestamp, stk_password
from services.wallet.topups.domain import (
    Topup,
    TopupLimits,
    TopupRequest,
    TopupStatus,
    normalise_phone,
    phone_digest,
)
from services.wallet.topups.settings import TopupSettings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("254708374149", "254708374149"),
        ("+254708374149", "254708374149"),
        ("0708374149", "254708374149"),
        ("0110123456", "254110123456"),
        ("+254 110 123-456", "254110123456"),
        ("2541101234567", None),
        ("0208374149", None),
        ("+255708374149", None),
        ("708374149", None),
        ("", None),
        ("07083741\uff149", None),  # a full-width digit
        ("0" * 100, None),
    ],
)
def test_phone_normalisation(raw: str, expected: str | None) -> None:
    assert normalise_phone(raw) == expected


def test_a_request_names_every_bad_field() -> None:
    with pytest.raises(InvalidArgument) as caught:
        TopupRequest.parse(
            workspace_id=str(uuid.uuid4()), amount_minor=150, phone="12", limits=TopupLimits()
        )
    assert [v.field for v in caught.value.violations] == ["amount_minor", "phone"]


def test_limits_are_configurable() -> None:
    limits = TopupLimits(min_minor=1_000, max_minor=5_000)
    ok = TopupRequest.parse(
        workspace_id=str(uuid.uuid4()), amount_minor=5_000, phone="0708374149", limits=limits
    )
    assert ok.amount_shillings == 50
    for amount in (900, 5_100):
        with pytest.raises(InvalidArgument):
            TopupRequest.parse(
                workspace_id=str(uuid.uuid4()),
                amount_minor=amount,
                phone="0708374149",
                limits=limits,
            )


def _callback(items: list[dict[str, object]], code: object = 0) -> bytes:
    return json.dumps(
        {
            "Body": {
                "stkCallback": {
                    "MerchantRequestID": "677-6442255-1",
                    "CheckoutRequestID": "ws_CO_1",
                    "ResultCode": code,
                    "ResultDesc": "The service request is processed successfully.",
                    "CallbackMetadata": {"Item": items},
                }
            }
        }
    ).encode()


ITEMS: list[dict[str, object]] = [
    {"Name": "Amount", "Value": 500.0},
    {"Name": "MpesaReceiptNumber", "Value": "OEB44R5U3U"},
    {"Name": "Balance"},
    {"Name": "TransactionDate", "Value": 20200511201419},
    {"Name": "PhoneNumber", "Value": 254708374149},
]


@pytest.mark.parametrize("seed", range(5))
def test_callback_items_are_read_by_name_in_any_order(seed: int) -> None:
    items = list(ITEMS)
    random.Random(seed).shuffle(items)
    claim = parse_callback(_callback(items))
    assert claim is not None
    assert (claim.amount_minor, claim.receipt, claim.phone) == (
        50_000,
        "OEB44R5U3U",
        "254708374149",
    )
    assert claim.claims_success


def test_a_failure_callback_has_no_metadata_and_a_string_code_is_read() -> None:
    body = json.dumps(
        {"Body": {"stkCallback": {"CheckoutRequestID": "x", "ResultCode": "1032"}}}
    ).encode()
    claim = parse_callback(body)
    assert claim is not None and claim.result_code == 1032 and claim.amount_minor is None


@pytest.mark.parametrize("body", [b"", b"nope", b"[]", b'{"Body": []}', b'{"Body": {}}'])
def test_anything_else_is_not_a_callback(body: bytes) -> None:
    assert parse_callback(body) is None


def _topup(amount_minor: int = 50_000, phone: str = "254708374149") -> Topup:
    return Topup(
        id=uuid.uuid4(),
        workspace_id=uuid.uuid4(),
        status=TopupStatus.PENDING,
        amount_minor=amount_minor,
        currency="KES",
        phone_masked="2547****149",
        phone_digest=phone_digest(phone),
        checkout_request_id="ws_CO_1",
        result_code=None,
        result_description=None,
        mpesa_receipt_number=None,
        created_at=datetime.now(UTC),
        completed_at=None,
    )


def test_a_success_claim_matches_only_its_amount_phone_and_checkout() -> None:
    claim = parse_callback(_callback(ITEMS))
    assert claim is not None
    assert claim.matches(_topup())
    assert not claim.matches(_topup(amount_minor=60_000))
    assert not claim.matches(_topup(phone="254700000001"))


def test_password_is_base64_of_shortcode_passkey_and_eat_timestamp() -> None:
    at = datetime(2026, 1, 31, 22, 30, 5, tzinfo=UTC)  # already 1 February in Nairobi
    timestamp = eat_timestamp(at)
    assert timestamp == "20260201013005"
    password = stk_password("174379", "passkey", timestamp)
    assert base64.b64decode(password).decode() == "174379passkey20260201013005"


def test_the_config_repr_hides_secrets() -> None:
    config = DarajaConfig("http://x", "key", "the-secret", "174379", "the-passkey")
    assert "the-secret" not in repr(config) and "the-passkey" not in repr(config)


def test_back_off_doubles_up_to_the_maximum() -> None:
    settings = TopupSettings(
        daraja=DarajaConfig("http://x", "k", "s", "174379", "p"),
        public_base_url="http://gateway",
        backoff_initial=timedelta(seconds=15),
        backoff_max=timedelta(seconds=100),
    )
    assert [settings.backoff(n).total_seconds() for n in (1, 2, 3, 4, 50)] == [
        15,
        30,
        60,
        100,
        100,
    ]
    assert settings.callback_url("tok") == "http://gateway/v1/mpesa/callbacks/tok"
