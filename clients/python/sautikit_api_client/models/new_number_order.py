from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_number_type import OrderNumberType
from ..types import UNSET, Unset

T = TypeVar("T", bound="NewNumberOrder")


@_attrs_define
class NewNumberOrder:
    """
    Attributes:
        contains (None | str | Unset): With number_type: digits
        number_id (None | str | Unset): The number to order (from search)
        number_type (None | OrderNumberType | Unset): Or criteria: the first available number of this type
    """

    contains: None | str | Unset = UNSET
    number_id: None | str | Unset = UNSET
    number_type: None | OrderNumberType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contains: None | str | Unset
        if isinstance(self.contains, Unset):
            contains = UNSET
        else:
            contains = self.contains

        number_id: None | str | Unset
        if isinstance(self.number_id, Unset):
            number_id = UNSET
        else:
            number_id = self.number_id

        number_type: None | str | Unset
        if isinstance(self.number_type, Unset):
            number_type = UNSET
        elif isinstance(self.number_type, OrderNumberType):
            number_type = self.number_type.value
        else:
            number_type = self.number_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contains is not UNSET:
            field_dict["contains"] = contains
        if number_id is not UNSET:
            field_dict["number_id"] = number_id
        if number_type is not UNSET:
            field_dict["number_type"] = number_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_contains(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contains = _parse_contains(d.pop("contains", UNSET))

        def _parse_number_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number_id = _parse_number_id(d.pop("number_id", UNSET))

        def _parse_number_type(data: object) -> None | OrderNumberType | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                number_type_type_0 = OrderNumberType(data)

                return number_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderNumberType | Unset, data)

        number_type = _parse_number_type(d.pop("number_type", UNSET))

        new_number_order = cls(
            contains=contains,
            number_id=number_id,
            number_type=number_type,
        )

        new_number_order.additional_properties = d
        return new_number_order

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
