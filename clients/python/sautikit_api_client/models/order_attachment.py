from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderAttachment")


@_attrs_define
class OrderAttachment:
    """
    Attributes:
        content_type (str): The MIME type the content was verified to be
        created_at (datetime.datetime):
        document_type (str):
        id (str):
        size_bytes (int):
    """

    content_type: str
    created_at: datetime.datetime
    document_type: str
    id: str
    size_bytes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        created_at = self.created_at.isoformat()

        document_type = self.document_type

        id = self.id

        size_bytes = self.size_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_type": content_type,
                "created_at": created_at,
                "document_type": document_type,
                "id": id,
                "size_bytes": size_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        document_type = d.pop("document_type")

        id = d.pop("id")

        size_bytes = d.pop("size_bytes")

        order_attachment = cls(
            content_type=content_type,
            created_at=created_at,
            document_type=document_type,
            id=id,
            size_bytes=size_bytes,
        )

        order_attachment.additional_properties = d
        return order_attachment

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
