from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ledger_entry_type import LedgerEntryType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LedgerEntry")


@_attrs_define
class LedgerEntry:
    """
    Attributes:
        amount_minor (int): Positive for credits, negative for debits
        balance_after_minor (int):
        created_at (datetime.datetime):
        currency (str):
        entry_type (LedgerEntryType):
        id (str):
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        reason (str | Unset):
        reference (str | Unset):
    """

    amount_minor: int
    balance_after_minor: int
    created_at: datetime.datetime
    currency: str
    entry_type: LedgerEntryType
    id: str
    livemode: bool | Unset = UNSET
    reason: str | Unset = UNSET
    reference: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        balance_after_minor = self.balance_after_minor

        created_at = self.created_at.isoformat()

        currency = self.currency

        entry_type = self.entry_type.value

        id = self.id

        livemode = self.livemode

        reason = self.reason

        reference = self.reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "balance_after_minor": balance_after_minor,
                "created_at": created_at,
                "currency": currency,
                "entry_type": entry_type,
                "id": id,
            }
        )
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if reason is not UNSET:
            field_dict["reason"] = reason
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        balance_after_minor = d.pop("balance_after_minor")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        entry_type = LedgerEntryType(d.pop("entry_type"))

        id = d.pop("id")

        livemode = d.pop("livemode", UNSET)

        reason = d.pop("reason", UNSET)

        reference = d.pop("reference", UNSET)

        ledger_entry = cls(
            amount_minor=amount_minor,
            balance_after_minor=balance_after_minor,
            created_at=created_at,
            currency=currency,
            entry_type=entry_type,
            id=id,
            livemode=livemode,
            reason=reason,
            reference=reference,
        )

        ledger_entry.additional_properties = d
        return ledger_entry

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
