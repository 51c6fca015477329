from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RoutingChange")


@_attrs_define
class RoutingChange:
    """Send either field or both; a field left out is unchanged, `null` clears it.

    Attributes:
        events_url (None | str | Unset): Sautikit POSTs call.started, call.answered, call.completed, call.failed and
            call.recording.ready here (signed, Standard Webhooks). https:// only (http:// too when the platform runs in
            development mode); no user or password; no #fragment; at most 2048 characters; a host that is or resolves to a
            loopback, private, link-local, CGNAT, multicast or cloud-metadata address is refused (unsafe_callback_url)
        voice_callback_url (None | str | Unset): Sautikit POSTs each call step here; your reply is a VoiceAction list.
            https:// only (http:// too when the platform runs in development mode); no user or password; no #fragment; at
            most 2048 characters; a host that is or resolves to a loopback, private, link-local, CGNAT, multicast or cloud-
            metadata address is refused (unsafe_callback_url)
    """

    events_url: None | str | Unset = UNSET
    voice_callback_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events_url: None | str | Unset
        if isinstance(self.events_url, Unset):
            events_url = UNSET
        else:
            events_url = self.events_url

        voice_callback_url: None | str | Unset
        if isinstance(self.voice_callback_url, Unset):
            voice_callback_url = UNSET
        else:
            voice_callback_url = self.voice_callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if events_url is not UNSET:
            field_dict["events_url"] = events_url
        if voice_callback_url is not UNSET:
            field_dict["voice_callback_url"] = voice_callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_events_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        events_url = _parse_events_url(d.pop("events_url", UNSET))

        def _parse_voice_callback_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voice_callback_url = _parse_voice_callback_url(
            d.pop("voice_callback_url", UNSET)
        )

        routing_change = cls(
            events_url=events_url,
            voice_callback_url=voice_callback_url,
        )

        routing_change.additional_properties = d
        return routing_change

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
