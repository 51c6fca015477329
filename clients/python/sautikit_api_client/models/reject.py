from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reject_reason import RejectReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="Reject")


@_attrs_define
class Reject:
    """
    Attributes:
        action (Literal['reject']):
        reason (RejectReason | Unset):
    """

    action: Literal["reject"]
    reason: RejectReason | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = cast(Literal["reject"], d.pop("action"))
        if action != "reject":
            raise ValueError(f"action must match const 'reject', got '{action}'")

        _reason = d.pop("reason", UNSET)
        reason: RejectReason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = RejectReason(_reason)

        reject = cls(
            action=action,
            reason=reason,
        )

        reject.additional_properties = d
        return reject

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
