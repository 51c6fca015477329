from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.settable_number_status import SettableNumberStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="NumberSettings")


@_attrs_define
class NumberSettings:
    """
    Attributes:
        allow_inbound (bool | None | Unset):
        allow_outbound (bool | None | Unset):
        status (None | SettableNumberStatus | Unset): "disabled" turns the number off: it refuses calls and SIP
            registrations but stays yours, and its monthly rental is still charged. "active" turns it back on (a suspended
            number stays refused until its rental is paid). Anything else: 400 status_not_settable
    """

    allow_inbound: bool | None | Unset = UNSET
    allow_outbound: bool | None | Unset = UNSET
    status: None | SettableNumberStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allow_inbound: bool | None | Unset
        if isinstance(self.allow_inbound, Unset):
            allow_inbound = UNSET
        else:
            allow_inbound = self.allow_inbound

        allow_outbound: bool | None | Unset
        if isinstance(self.allow_outbound, Unset):
            allow_outbound = UNSET
        else:
            allow_outbound = self.allow_outbound

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, SettableNumberStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if allow_inbound is not UNSET:
            field_dict["allow_inbound"] = allow_inbound
        if allow_outbound is not UNSET:
            field_dict["allow_outbound"] = allow_outbound
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_allow_inbound(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        allow_inbound = _parse_allow_inbound(d.pop("allow_inbound", UNSET))

        def _parse_allow_outbound(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        allow_outbound = _parse_allow_outbound(d.pop("allow_outbound", UNSET))

        def _parse_status(data: object) -> None | SettableNumberStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = SettableNumberStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettableNumberStatus | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        number_settings = cls(
            allow_inbound=allow_inbound,
            allow_outbound=allow_outbound,
            status=status,
        )

        number_settings.additional_properties = d
        return number_settings

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
