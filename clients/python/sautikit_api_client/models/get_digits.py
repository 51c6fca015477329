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

from ..types import UNSET, Unset

T = TypeVar("T", bound="GetDigits")


@_attrs_define
class GetDigits:
    """
    Attributes:
        action (Literal['get_digits']):
        finish_on_key (str | Unset):  Default: '#'.
        max_digits (int | Unset):  Default: 1.
        timeout_seconds (int | Unset):  Default: 5.
    """

    action: Literal["get_digits"]
    finish_on_key: str | Unset = "#"
    max_digits: int | Unset = 1
    timeout_seconds: int | Unset = 5
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        finish_on_key = self.finish_on_key

        max_digits = self.max_digits

        timeout_seconds = self.timeout_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
            }
        )
        if finish_on_key is not UNSET:
            field_dict["finish_on_key"] = finish_on_key
        if max_digits is not UNSET:
            field_dict["max_digits"] = max_digits
        if timeout_seconds is not UNSET:
            field_dict["timeout_seconds"] = timeout_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = cast(Literal["get_digits"], d.pop("action"))
        if action != "get_digits":
            raise ValueError(f"action must match const 'get_digits', got '{action}'")

        finish_on_key = d.pop("finish_on_key", UNSET)

        max_digits = d.pop("max_digits", UNSET)

        timeout_seconds = d.pop("timeout_seconds", UNSET)

        get_digits = cls(
            action=action,
            finish_on_key=finish_on_key,
            max_digits=max_digits,
            timeout_seconds=timeout_seconds,
        )

        get_digits.additional_properties = d
        return get_digits

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
