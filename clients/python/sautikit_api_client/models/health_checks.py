from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.check_state import CheckState

T = TypeVar("T", bound="HealthChecks")


@_attrs_define
class HealthChecks:
    """
    Attributes:
        credentials (CheckState):
        inventory (CheckState):
        nats (CheckState):
        postgres (CheckState):
        routing (CheckState):
        wallet (CheckState):
    """

    credentials: CheckState
    inventory: CheckState
    nats: CheckState
    postgres: CheckState
    routing: CheckState
    wallet: CheckState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credentials = self.credentials.value

        inventory = self.inventory.value

        nats = self.nats.value

        postgres = self.postgres.value

        routing = self.routing.value

        wallet = self.wallet.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credentials": credentials,
                "inventory": inventory,
                "nats": nats,
                "postgres": postgres,
                "routing": routing,
                "wallet": wallet,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        credentials = CheckState(d.pop("credentials"))

        inventory = CheckState(d.pop("inventory"))

        nats = CheckState(d.pop("nats"))

        postgres = CheckState(d.pop("postgres"))

        routing = CheckState(d.pop("routing"))

        wallet = CheckState(d.pop("wallet"))

        health_checks = cls(
            credentials=credentials,
            inventory=inventory,
            nats=nats,
            postgres=postgres,
            routing=routing,
            wallet=wallet,
        )

        health_checks.additional_properties = d
        return health_checks

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
