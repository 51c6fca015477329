from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.renewal_outcome import RenewalOutcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="RenewalItem")


@_attrs_define
class RenewalItem:
    """
    Attributes:
        amount_minor (int):
        currency (str):
        e164 (str):
        number_id (str):
        outcome (RenewalOutcome):
        period (str):
        reason (str | Unset): Why not charged: wallet_insufficient_funds, earlier_month_unpaid, already_charged,
            wallet_unavailable
    """

    amount_minor: int
    currency: str
    e164: str
    number_id: str
    outcome: RenewalOutcome
    period: str
    reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency

        e164 = self.e164

        number_id = self.number_id

        outcome = self.outcome.value

        period = self.period

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
                "e164": e164,
                "number_id": number_id,
                "outcome": outcome,
                "period": period,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        e164 = d.pop("e164")

        number_id = d.pop("number_id")

        outcome = RenewalOutcome(d.pop("outcome"))

        period = d.pop("period")

        reason = d.pop("reason", UNSET)

        renewal_item = cls(
            amount_minor=amount_minor,
            currency=currency,
            e164=e164,
            number_id=number_id,
            outcome=outcome,
            period=period,
            reason=reason,
        )

        renewal_item.additional_properties = d
        return renewal_item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
