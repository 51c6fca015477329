from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.registration_update_fields import RegistrationUpdateFields


T = TypeVar("T", bound="RegistrationUpdate")


@_attrs_define
class RegistrationUpdate:
    """
    Attributes:
        fields (RegistrationUpdateFields | Unset): Values to set (merged with earlier ones); null removes a value
        registration_type (None | str | Unset): person, business ... (GET /v1/numbers/requirements)
    """

    fields: RegistrationUpdateFields | Unset = UNSET
    registration_type: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        registration_type: None | str | Unset
        if isinstance(self.registration_type, Unset):
            registration_type = UNSET
        else:
            registration_type = self.registration_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fields is not UNSET:
            field_dict["fields"] = fields
        if registration_type is not UNSET:
            field_dict["registration_type"] = registration_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.registration_update_fields import RegistrationUpdateFields

        d = dict(src_dict)
        _fields = d.pop("fields", UNSET)
        fields: RegistrationUpdateFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = RegistrationUpdateFields.from_dict(_fields)

        def _parse_registration_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration_type = _parse_registration_type(d.pop("registration_type", UNSET))

        registration_update = cls(
            fields=fields,
            registration_type=registration_type,
        )

        registration_update.additional_properties = d
        return registration_update

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
