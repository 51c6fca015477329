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

T = TypeVar("T", bound="Record")


@_attrs_define
class Record:
    """
    Attributes:
        action (Literal['record']):
        finish_on_key (str | Unset):  Default: '#'.
        max_length_seconds (int | Unset):  Default: 60.
        play_beep (bool | Unset):  Default: True.
    """

    action: Literal["record"]
    finish_on_key: str | Unset = "#"
    max_length_seconds: int | Unset = 60
    play_beep: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        finish_on_key = self.finish_on_key

        max_length_seconds = self.max_length_seconds

        play_beep = self.play_beep

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
            }
        )
        if finish_on_key is not UNSET:
            field_dict["finish_on_key"] = finish_on_key
        if max_length_seconds is not UNSET:
            field_dict["max_length_seconds"] = max_length_seconds
        if play_beep is not UNSET:
            field_dict["play_beep"] = play_beep

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = cast(Literal["record"], d.pop("action"))
        if action != "record":
            raise ValueError(f"action must match const 'record', got '{action}'")

        finish_on_key = d.pop("finish_on_key", UNSET)

        max_length_seconds = d.pop("max_length_seconds", UNSET)

        play_beep = d.pop("play_beep", UNSET)

        record = cls(
            action=action,
            finish_on_key=finish_on_key,
            max_length_seconds=max_length_seconds,
            play_beep=play_beep,
        )

        record.additional_properties = d
        return record

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
