from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.test_call_outcome import TestCallOutcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="NewTestCall")


@_attrs_define
class NewTestCall:
    """
    Attributes:
        from_ (str): The caller, E.164
        to (str): One of the workspace's (test) numbers, E.164
        duration_seconds (int | Unset): Talk time of a completed call (rated like a real call) Default: 65.
        outcome (TestCallOutcome | Unset):
        recording (bool | Unset): A completed call also publishes call.recording.ready Default: False.
    """

    from_: str
    to: str
    duration_seconds: int | Unset = 65
    outcome: TestCallOutcome | Unset = UNSET
    recording: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        to = self.to

        duration_seconds = self.duration_seconds

        outcome: str | Unset = UNSET
        if not isinstance(self.outcome, Unset):
            outcome = self.outcome.value

        recording = self.recording

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
            }
        )
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if recording is not UNSET:
            field_dict["recording"] = recording

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        from_ = d.pop("from")

        to = d.pop("to")

        duration_seconds = d.pop("duration_seconds", UNSET)

        _outcome = d.pop("outcome", UNSET)
        outcome: TestCallOutcome | Unset
        if isinstance(_outcome, Unset):
            outcome = UNSET
        else:
            outcome = TestCallOutcome(_outcome)

        recording = d.pop("recording", UNSET)

        new_test_call = cls(
            from_=from_,
            to=to,
            duration_seconds=duration_seconds,
            outcome=outcome,
            recording=recording,
        )

        new_test_call.additional_properties = d
        return new_test_call

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
