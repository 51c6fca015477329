from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.attachment_rule import AttachmentRule
    from ..models.registration_field_rule import RegistrationFieldRule


T = TypeVar("T", bound="RegistrationSetRule")


@_attrs_define
class RegistrationSetRule:
    """
    Attributes:
        attachments (list[AttachmentRule]):
        fields (list[RegistrationFieldRule]):
        name (str): The registration_type to send: person, business ...
    """

    attachments: list[AttachmentRule]
    fields: list[RegistrationFieldRule]
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item = attachments_item_data.to_dict()
            attachments.append(attachments_item)

        fields = []
        for fields_item_data in self.fields:
            fields_item = fields_item_data.to_dict()
            fields.append(fields_item)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attachments": attachments,
                "fields": fields,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attachment_rule import AttachmentRule
        from ..models.registration_field_rule import RegistrationFieldRule

        d = dict(src_dict)
        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in _attachments:
            attachments_item = AttachmentRule.from_dict(attachments_item_data)

            attachments.append(attachments_item)

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = RegistrationFieldRule.from_dict(fields_item_data)

            fields.append(fields_item)

        name = d.pop("name")

        registration_set_rule = cls(
            attachments=attachments,
            fields=fields,
            name=name,
        )

        registration_set_rule.additional_properties = d
        return registration_set_rule

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
