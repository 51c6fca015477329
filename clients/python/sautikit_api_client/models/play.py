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

T = TypeVar("T", bound="Play")


@_attrs_define
class Play:
    """
    Attributes:
        action (Literal['play']):
        url (str): https (http only in development)
        loop (int | Unset):  Default: 1.
    """

    action: Literal["play"]
    url: str
    loop: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        url = self.url

        loop = self.loop

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "url": url,
            }
        )
        if loop is not UNSET:
            field_dict["loop"] = loop

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = cast(Literal["play"], d.pop("action"))
        if action != "play":
            raise ValueError(f"action must match const 'play', got '{action}'")

        url = d.pop("url")

        loop = d.pop("loop", UNSET)

        play = cls(
            action=action,
            url=url,
            loop=loop,
        )

        play.additional_properties = d
        return play

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
