from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Wallet")


@_attrs_define
class Wallet:
    """
    Attributes:
        available_minor (int): What new calls and charges can use: the balance minus the money reserved for calls in
            progress
        balance_minor (int): Balance in minor units (KES cents)
        currency (str):
        workspace_id (str):
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
    """

    available_minor: int
    balance_minor: int
    currency: str
    workspace_id: str
    livemode: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_minor = self.available_minor

        balance_minor = self.balance_minor

        currency = self.currency

        workspace_id = self.workspace_id

        livemode = self.livemode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available_minor": available_minor,
                "balance_minor": balance_minor,
                "currency": currency,
                "workspace_id": workspace_id,
            }
        )
        if livemode is not UNSET:
            field_dict["livemode"] = livemode

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        available_minor = d.pop("available_minor")

        balance_minor = d.pop("balance_minor")

        currency = d.pop("currency")

        workspace_id = d.pop("workspace_id")

        livemode = d.pop("livemode", UNSET)

        wallet = cls(
            available_minor=available_minor,
            balance_minor=balance_minor,
            currency=currency,
            workspace_id=workspace_id,
            livemode=livemode,
        )

        wallet.additional_properties = d
        return wallet

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
