from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RegistrationFieldRule")


@_attrs_define
class RegistrationFieldRule:
    """
    Attributes:
        max_length (int):
        name (str):
        required (bool):
        type_ (str): text, or choice (one of allowed_values)
        allowed_values (list[str] | Unset):
        description (str | Unset):
        pattern (str | Unset): Regular expression of a whole value
    """

    max_length: int
    name: str
    required: bool
    type_: str
    allowed_values: list[str] | Unset = UNSET
    description: str | Unset = UNSET
    pattern: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        max_length = self.max_length

        name = self.name

        required = self.required

        type_ = self.type_

        allowed_values: list[str] | Unset = UNSET
        if not isinstance(self.allowed_values, Unset):
            allowed_values = self.allowed_values

        description = self.description

        pattern = self.pattern

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "max_length": max_length,
                "name": name,
                "required": required,
                "type": type_,
            }
        )
        if allowed_values is not UNSET:
            field_dict["allowed_values"] = allowed_values
        if description is not UNSET:
            field_dict["description"] = description
        if pattern is not UNSET:
            field_dict["pattern"] = pattern

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        max_length = d.pop("max_length")

        name = d.pop("name")

        required = d.pop("required")

        type_ = d.pop("type")

        allowed_values = cast(list[str], d.pop("allowed_values", UNSET))

        description = d.pop("description", UNSET)

        pattern = d.pop("pattern", UNSET)

        registration_field_rule = cls(
            max_length=max_length,
            name=name,
            required=required,
            type_=type_,
            allowed_values=allowed_values,
            description=description,
            pattern=pattern,
        )

        registration_field_rule.additional_properties = d
        return registration_field_rule

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
