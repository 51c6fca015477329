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

T = TypeVar("T", bound="Say")


@_attrs_define
class Say:
    """
    Attributes:
        action (Literal['say']):
        text (str):
        language (str | Unset): e.g. en-KE, sw-KE Default: ''.
        loop (int | Unset):  Default: 1.
        voice (str | Unset):  Default: ''.
    """

    action: Literal["say"]
    text: str
    language: str | Unset = ""
    loop: int | Unset = 1
    voice: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        text = self.text

        language = self.language

        loop = self.loop

        voice = self.voice

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "text": text,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if loop is not UNSET:
            field_dict["loop"] = loop
        if voice is not UNSET:
            field_dict["voice"] = voice

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = cast(Literal["say"], d.pop("action"))
        if action != "say":
            raise ValueError(f"action must match const 'say', got '{action}'")

        text = d.pop("text")

        language = d.pop("language", UNSET)

        loop = d.pop("loop", UNSET)

        voice = d.pop("voice", UNSET)

        say = cls(
            action=action,
            text=text,
            language=language,
            loop=loop,
            voice=voice,
        )

        say.additional_properties = d
        return say

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
