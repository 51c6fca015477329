from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AttachmentRule")


@_attrs_define
class AttachmentRule:
    """
    Attributes:
        allowed_content_types (list[str]):
        document_type (str):
        max_bytes (int):
        required (bool):
        description (str | Unset):
    """

    allowed_content_types: list[str]
    document_type: str
    max_bytes: int
    required: bool
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowed_content_types = self.allowed_content_types

        document_type = self.document_type

        max_bytes = self.max_bytes

        required = self.required

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowed_content_types": allowed_content_types,
                "document_type": document_type,
                "max_bytes": max_bytes,
                "required": required,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        allowed_content_types = cast(list[str], d.pop("allowed_content_types"))

        document_type = d.pop("document_type")

        max_bytes = d.pop("max_bytes")

        required = d.pop("required")

        description = d.pop("description", UNSET)

        attachment_rule = cls(
            allowed_content_types=allowed_content_types,
            document_type=document_type,
            max_bytes=max_bytes,
            required=required,
            description=description,
        )

        attachment_rule.additional_properties = d
        return attachment_rule

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
