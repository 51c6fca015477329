from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_number_type import OrderNumberType

if TYPE_CHECKING:
    from ..models.registration_set_rule import RegistrationSetRule


T = TypeVar("T", bound="NumberRequirements")


@_attrs_define
class NumberRequirements:
    """
    Attributes:
        action (str):
        country (str):
        max_attachments (int):
        number_type (OrderNumberType):
        order_required (bool): True: these numbers are sold only through POST /v1/number-orders
        registration_sets (list[RegistrationSetRule]):
        version (int): Version of the requirements document
    """

    action: str
    country: str
    max_attachments: int
    number_type: OrderNumberType
    order_required: bool
    registration_sets: list[RegistrationSetRule]
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        country = self.country

        max_attachments = self.max_attachments

        number_type = self.number_type.value

        order_required = self.order_required

        registration_sets = []
        for registration_sets_item_data in self.registration_sets:
            registration_sets_item = registration_sets_item_data.to_dict()
            registration_sets.append(registration_sets_item)

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "country": country,
                "max_attachments": max_attachments,
                "number_type": number_type,
                "order_required": order_required,
                "registration_sets": registration_sets,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.registration_set_rule import RegistrationSetRule

        d = dict(src_dict)
        action = d.pop("action")

        country = d.pop("country")

        max_attachments = d.pop("max_attachments")

        number_type = OrderNumberType(d.pop("number_type"))

        order_required = d.pop("order_required")

        registration_sets = []
        _registration_sets = d.pop("registration_sets")
        for registration_sets_item_data in _registration_sets:
            registration_sets_item = RegistrationSetRule.from_dict(
                registration_sets_item_data
            )

            registration_sets.append(registration_sets_item)

        version = d.pop("version")

        number_requirements = cls(
            action=action,
            country=country,
            max_attachments=max_attachments,
            number_type=number_type,
            order_required=order_required,
            registration_sets=registration_sets,
            version=version,
        )

        number_requirements.additional_properties = d
        return number_requirements

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
