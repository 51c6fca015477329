from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Routing")


@_attrs_define
class Routing:
    """
    Attributes:
        e164 (str):
        tenant_number_id (str):
        updated_at (datetime.datetime):
        events_url (str | Unset): Where call lifecycle events are POSTed; absent when not set
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        voice_callback_url (str | Unset): Where call steps are POSTed; absent when not set
    """

    e164: str
    tenant_number_id: str
    updated_at: datetime.datetime
    events_url: str | Unset = UNSET
    livemode: bool | Unset = UNSET
    voice_callback_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        e164 = self.e164

        tenant_number_id = self.tenant_number_id

        updated_at = self.updated_at.isoformat()

        events_url = self.events_url

        livemode = self.livemode

        voice_callback_url = self.voice_callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "e164": e164,
                "tenant_number_id": tenant_number_id,
                "updated_at": updated_at,
            }
        )
        if events_url is not UNSET:
            field_dict["events_url"] = events_url
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if voice_callback_url is not UNSET:
            field_dict["voice_callback_url"] = voice_callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        e164 = d.pop("e164")

        tenant_number_id = d.pop("tenant_number_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        events_url = d.pop("events_url", UNSET)

        livemode = d.pop("livemode", UNSET)

        voice_callback_url = d.pop("voice_callback_url", UNSET)

        routing = cls(
            e164=e164,
            tenant_number_id=tenant_number_id,
            updated_at=updated_at,
            events_url=events_url,
            livemode=livemode,
            voice_callback_url=voice_callback_url,
        )

        routing.additional_properties = d
        return routing

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
