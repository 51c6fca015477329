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

T = TypeVar("T", bound="Dial")


@_attrs_define
class Dial:
    """
    Attributes:
        action (Literal['dial']):
        number (str): E.164
        caller_id (str | Unset): E.164; empty: your number Default: ''.
        record (bool | Unset):  Default: False.
        timeout_seconds (int | Unset):  Default: 30.
    """

    action: Literal["dial"]
    number: str
    caller_id: str | Unset = ""
    record: bool | Unset = False
    timeout_seconds: int | Unset = 30
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        number = self.number

        caller_id = self.caller_id

        record = self.record

        timeout_seconds = self.timeout_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "number": number,
            }
        )
        if caller_id is not UNSET:
            field_dict["caller_id"] = caller_id
        if record is not UNSET:
            field_dict["record"] = record
        if timeout_seconds is not UNSET:
            field_dict["timeout_seconds"] = timeout_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = cast(Literal["dial"], d.pop("action"))
        if action != "dial":
            raise ValueError(f"action must match const 'dial', got '{action}'")

        number = d.pop("number")

        caller_id = d.pop("caller_id", UNSET)

        record = d.pop("record", UNSET)

        timeout_seconds = d.pop("timeout_seconds", UNSET)

        dial = cls(
            action=action,
            number=number,
            caller_id=caller_id,
            record=record,
            timeout_seconds=timeout_seconds,
        )

        dial.additional_properties = d
        return dial

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
