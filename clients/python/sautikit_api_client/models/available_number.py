from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capability import Capability
from ..models.number_type import NumberType
from ..types import UNSET, Unset

T = TypeVar("T", bound="AvailableNumber")


@_attrs_define
class AvailableNumber:
    """
    Attributes:
        capabilities (list[Capability]):
        country (str):
        currency (str):
        e164 (str):
        id (str): Inventory id: claim with POST /v1/numbers/{id}/claim
        inbound_per_min_minor (int):
        monthly_price_minor (int): Monthly rental in minor units (KES cents)
        number_type (NumberType):
        outbound_per_min_minor (int):
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        requires_registration (bool | Unset): True: sold only through a number order (POST /v1/number-orders); an
            instant claim answers 409 registration_required Default: False.
    """

    capabilities: list[Capability]
    country: str
    currency: str
    e164: str
    id: str
    inbound_per_min_minor: int
    monthly_price_minor: int
    number_type: NumberType
    outbound_per_min_minor: int
    livemode: bool | Unset = UNSET
    requires_registration: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.value
            capabilities.append(capabilities_item)

        country = self.country

        currency = self.currency

        e164 = self.e164

        id = self.id

        inbound_per_min_minor = self.inbound_per_min_minor

        monthly_price_minor = self.monthly_price_minor

        number_type = self.number_type.value

        outbound_per_min_minor = self.outbound_per_min_minor

        livemode = self.livemode

        requires_registration = self.requires_registration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "capabilities": capabilities,
                "country": country,
                "currency": currency,
                "e164": e164,
                "id": id,
                "inbound_per_min_minor": inbound_per_min_minor,
                "monthly_price_minor": monthly_price_minor,
                "number_type": number_type,
                "outbound_per_min_minor": outbound_per_min_minor,
            }
        )
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if requires_registration is not UNSET:
            field_dict["requires_registration"] = requires_registration

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in _capabilities:
            capabilities_item = Capability(capabilities_item_data)

            capabilities.append(capabilities_item)

        country = d.pop("country")

        currency = d.pop("currency")

        e164 = d.pop("e164")

        id = d.pop("id")

        inbound_per_min_minor = d.pop("inbound_per_min_minor")

        monthly_price_minor = d.pop("monthly_price_minor")

        number_type = NumberType(d.pop("number_type"))

        outbound_per_min_minor = d.pop("outbound_per_min_minor")

        livemode = d.pop("livemode", UNSET)

        requires_registration = d.pop("requires_registration", UNSET)

        available_number = cls(
            capabilities=capabilities,
            country=country,
            currency=currency,
            e164=e164,
            id=id,
            inbound_per_min_minor=inbound_per_min_minor,
            monthly_price_minor=monthly_price_minor,
            number_type=number_type,
            outbound_per_min_minor=outbound_per_min_minor,
            livemode=livemode,
            requires_registration=requires_registration,
        )

        available_number.additional_properties = d
        return available_number

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
