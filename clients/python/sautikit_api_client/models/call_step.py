from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallStep")


@_attrs_define
class CallStep:
    """
    Attributes:
        call_id (str):
        number (str): Your number, E.164
        step (str): incoming, digits, recording, dial_ended or redirect
        dial_status (None | str | Unset): answered, busy, no_answer, ...
        digits (None | str | Unset):
        direction (None | str | Unset): inbound or outbound
        from_ (None | str | Unset):
        recording_url (None | str | Unset):
        to (None | str | Unset):
    """

    call_id: str
    number: str
    step: str
    dial_status: None | str | Unset = UNSET
    digits: None | str | Unset = UNSET
    direction: None | str | Unset = UNSET
    from_: None | str | Unset = UNSET
    recording_url: None | str | Unset = UNSET
    to: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        number = self.number

        step = self.step

        dial_status: None | str | Unset
        if isinstance(self.dial_status, Unset):
            dial_status = UNSET
        else:
            dial_status = self.dial_status

        digits: None | str | Unset
        if isinstance(self.digits, Unset):
            digits = UNSET
        else:
            digits = self.digits

        direction: None | str | Unset
        if isinstance(self.direction, Unset):
            direction = UNSET
        else:
            direction = self.direction

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        recording_url: None | str | Unset
        if isinstance(self.recording_url, Unset):
            recording_url = UNSET
        else:
            recording_url = self.recording_url

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "call_id": call_id,
                "number": number,
                "step": step,
            }
        )
        if dial_status is not UNSET:
            field_dict["dial_status"] = dial_status
        if digits is not UNSET:
            field_dict["digits"] = digits
        if direction is not UNSET:
            field_dict["direction"] = direction
        if from_ is not UNSET:
            field_dict["from"] = from_
        if recording_url is not UNSET:
            field_dict["recording_url"] = recording_url
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        call_id = d.pop("call_id")

        number = d.pop("number")

        step = d.pop("step")

        def _parse_dial_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dial_status = _parse_dial_status(d.pop("dial_status", UNSET))

        def _parse_digits(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        digits = _parse_digits(d.pop("digits", UNSET))

        def _parse_direction(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        direction = _parse_direction(d.pop("direction", UNSET))

        def _parse_from_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_recording_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recording_url = _parse_recording_url(d.pop("recording_url", UNSET))

        def _parse_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        call_step = cls(
            call_id=call_id,
            number=number,
            step=step,
            dial_status=dial_status,
            digits=digits,
            direction=direction,
            from_=from_,
            recording_url=recording_url,
            to=to,
        )

        call_step.additional_properties = d
        return call_step

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
