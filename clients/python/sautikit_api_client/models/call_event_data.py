from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_event_direction import CallEventDirection
from ..types import UNSET, Unset

T = TypeVar("T", bound="CallEventData")


@_attrs_define
class CallEventData:
    """
    Attributes:
        call_id (str):
        direction (CallEventDirection): unknown: the voice platform did not say.
        from_ (str):
        number (str): Your number, E.164
        to (str):
        answered_at (datetime.datetime | None | Unset):
        duration_seconds (int | None | Unset):
        ended_at (datetime.datetime | None | Unset):
        failed_at (datetime.datetime | None | Unset):
        failure_reason (None | str | Unset): busy, no_answer, ...
        hangup_by (None | str | Unset): caller, callee or platform
        ready_at (datetime.datetime | None | Unset):
        recording_id (None | str | Unset):
        recording_url (None | str | Unset):
        sip_code (int | None | Unset):
        started_at (datetime.datetime | None | Unset):
    """

    call_id: str
    direction: CallEventDirection
    from_: str
    number: str
    to: str
    answered_at: datetime.datetime | None | Unset = UNSET
    duration_seconds: int | None | Unset = UNSET
    ended_at: datetime.datetime | None | Unset = UNSET
    failed_at: datetime.datetime | None | Unset = UNSET
    failure_reason: None | str | Unset = UNSET
    hangup_by: None | str | Unset = UNSET
    ready_at: datetime.datetime | None | Unset = UNSET
    recording_id: None | str | Unset = UNSET
    recording_url: None | str | Unset = UNSET
    sip_code: int | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        direction = self.direction.value

        from_ = self.from_

        number = self.number

        to = self.to

        answered_at: None | str | Unset
        if isinstance(self.answered_at, Unset):
            answered_at = UNSET
        elif isinstance(self.answered_at, datetime.datetime):
            answered_at = self.answered_at.isoformat()
        else:
            answered_at = self.answered_at

        duration_seconds: int | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        ended_at: None | str | Unset
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        elif isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        failed_at: None | str | Unset
        if isinstance(self.failed_at, Unset):
            failed_at = UNSET
        elif isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        hangup_by: None | str | Unset
        if isinstance(self.hangup_by, Unset):
            hangup_by = UNSET
        else:
            hangup_by = self.hangup_by

        ready_at: None | str | Unset
        if isinstance(self.ready_at, Unset):
            ready_at = UNSET
        elif isinstance(self.ready_at, datetime.datetime):
            ready_at = self.ready_at.isoformat()
        else:
            ready_at = self.ready_at

        recording_id: None | str | Unset
        if isinstance(self.recording_id, Unset):
            recording_id = UNSET
        else:
            recording_id = self.recording_id

        recording_url: None | str | Unset
        if isinstance(self.recording_url, Unset):
            recording_url = UNSET
        else:
            recording_url = self.recording_url

        sip_code: int | None | Unset
        if isinstance(self.sip_code, Unset):
            sip_code = UNSET
        else:
            sip_code = self.sip_code

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "call_id": call_id,
                "direction": direction,
                "from": from_,
                "number": number,
                "to": to,
            }
        )
        if answered_at is not UNSET:
            field_dict["answered_at"] = answered_at
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if failed_at is not UNSET:
            field_dict["failed_at"] = failed_at
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if hangup_by is not UNSET:
            field_dict["hangup_by"] = hangup_by
        if ready_at is not UNSET:
            field_dict["ready_at"] = ready_at
        if recording_id is not UNSET:
            field_dict["recording_id"] = recording_id
        if recording_url is not UNSET:
            field_dict["recording_url"] = recording_url
        if sip_code is not UNSET:
            field_dict["sip_code"] = sip_code
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        call_id = d.pop("call_id")

        direction = CallEventDirection(d.pop("direction"))

        from_ = d.pop("from")

        number = d.pop("number")

        to = d.pop("to")

        def _parse_answered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                answered_at_type_0 = datetime.datetime.fromisoformat(data)

                return answered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        answered_at = _parse_answered_at(d.pop("answered_at", UNSET))

        def _parse_duration_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))

        def _parse_ended_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ended_at = _parse_ended_at(d.pop("ended_at", UNSET))

        def _parse_failed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)

                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        failed_at = _parse_failed_at(d.pop("failed_at", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        def _parse_hangup_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hangup_by = _parse_hangup_by(d.pop("hangup_by", UNSET))

        def _parse_ready_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ready_at_type_0 = datetime.datetime.fromisoformat(data)

                return ready_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ready_at = _parse_ready_at(d.pop("ready_at", UNSET))

        def _parse_recording_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recording_id = _parse_recording_id(d.pop("recording_id", UNSET))

        def _parse_recording_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recording_url = _parse_recording_url(d.pop("recording_url", UNSET))

        def _parse_sip_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sip_code = _parse_sip_code(d.pop("sip_code", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        call_event_data = cls(
            call_id=call_id,
            direction=direction,
            from_=from_,
            number=number,
            to=to,
            answered_at=answered_at,
            duration_seconds=duration_seconds,
            ended_at=ended_at,
            failed_at=failed_at,
            failure_reason=failure_reason,
            hangup_by=hangup_by,
            ready_at=ready_at,
            recording_id=recording_id,
            recording_url=recording_url,
            sip_code=sip_code,
            started_at=started_at,
        )

        call_event_data.additional_properties = d
        return call_event_data

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
