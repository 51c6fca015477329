"""What a Daraja STK callback claims, read from `Body.stkCallback`. Untrusted: callbacks are
unsigned, so a claim is only ever evidence that makes the wallet ask the STK query."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from services.wallet.topups.domain import MINOR_PER_SHILLING, Topup, normalise_phone, phone_digest


@dataclass(frozen=True)
class CallbackClaim:
    """What one Daraja callback claims. Untrusted: the query decides."""

    checkout_request_id: str | None
    result_code: int | None
    result_description: str | None
    amount_minor: int | None
    receipt: str | None
    phone: str | None

    @property
    def claims_success(self) -> bool:
        return self.result_code == 0

    def matches(self, topup: Topup) -> bool:
        """A success claim must name the top-up's checkout request, amount and phone."""
        return (
            self.checkout_request_id is not None
            and self.checkout_request_id == topup.checkout_request_id
            and self.amount_minor == topup.amount_minor
            and self.phone is not None
            and phone_digest(self.phone) == topup.phone_digest
        )


def _items_by_name(callback: dict[str, Any]) -> dict[str, Any]:
    """CallbackMetadata.Item by Name: Daraja's item order is not a contract."""
    metadata = callback.get("CallbackMetadata")
    items = metadata.get("Item") if isinstance(metadata, dict) else None
    found: dict[str, Any] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("Name"), str):
            found[item["Name"]] = item.get("Value")
    return found


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value.strip()):
        return int(value.strip())
    return None


def _amount_minor(value: Any) -> int | None:
    """Daraja sends Amount as a number of shillings, sometimes a float (1.0)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    minor = round(value * MINOR_PER_SHILLING)
    return minor if abs(value * MINOR_PER_SHILLING - minor) < 1e-6 else None


def parse_callback(body: bytes) -> CallbackClaim | None:
    """Body.stkCallback of a Daraja callback; None when the body is not one."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    body_part = document.get("Body") if isinstance(document, dict) else None
    callback = body_part.get("stkCallback") if isinstance(body_part, dict) else None
    if not isinstance(callback, dict):
        return None
    items = _items_by_name(callback)
    checkout = callback.get("CheckoutRequestID")
    description = callback.get("ResultDesc")
    receipt = items.get("MpesaReceiptNumber")
    phone = items.get("PhoneNumber")
    return CallbackClaim(
        checkout_request_id=checkout if isinstance(checkout, str) else None,
        result_code=_int_or_none(callback.get("ResultCode")),
        result_description=description[:500] if isinstance(description, str) else None,
        amount_minor=_amount_minor(items.get("Amount")),
        receipt=receipt[:64] if isinstance(receipt, str) else None,
        phone=normalise_phone(str(phone)) if isinstance(phone, int | str) else None,
    )
