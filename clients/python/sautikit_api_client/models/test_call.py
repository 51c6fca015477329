from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_event_type import CallEventType
from ..models.call_refusal_reason import CallRefusalReason
from ..models.test_call_outcome import TestCallOutcome
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.voice_callback_result import VoiceCallbackResult


T = TypeVar("T", bound="TestCall")


@_attrs_define
class TestCall:
    """
    Attributes:
        authorized (bool): Whether the (test) wallet authorized it; a refused call fails with the reason and invokes no
            voice callback
        call_id (str): As on the call.* events and in GET /v1/calls
        events (list[CallEventType]): Event types published, in order
        number_id (str): The tenant number the call came in on
        outcome (TestCallOutcome):
        refusal_reason (CallRefusalReason | Unset):
        voice_callback (VoiceCallbackResult | Unset):
    """

    authorized: bool
    call_id: str
    events: list[CallEventType]
    number_id: str
    outcome: TestCallOutcome
    refusal_reason: CallRefusalReason | Unset = UNSET
    voice_callback: VoiceCallbackResult | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorized = self.authorized

        call_id = self.call_id

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.value
            events.append(events_item)

        number_id = self.number_id

        outcome = self.outcome.value

        refusal_reason: str | Unset = UNSET
        if not isinstance(self.refusal_reason, Unset):
            refusal_reason = self.refusal_reason.value

        voice_callback: dict[str, Any] | Unset = UNSET
        if not isinstance(self.voice_callback, Unset):
            voice_callback = self.voice_callback.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorized": authorized,
                "call_id": call_id,
                "events": events,
                "number_id": number_id,
                "outcome": outcome,
            }
        )
        if refusal_reason is not UNSET:
            field_dict["refusal_reason"] = refusal_reason
        if voice_callback is not UNSET:
            field_dict["voice_callback"] = voice_callback

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.voice_callback_result import VoiceCallbackResult

        d = dict(src_dict)
        authorized = d.pop("authorized")

        call_id = d.pop("call_id")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = CallEventType(events_item_data)

            events.append(events_item)

        number_id = d.pop("number_id")

        outcome = TestCallOutcome(d.pop("outcome"))

        _refusal_reason = d.pop("refusal_reason", UNSET)
        refusal_reason: CallRefusalReason | Unset
        if isinstance(_refusal_reason, Unset):
            refusal_reason = UNSET
        else:
            refusal_reason = CallRefusalReason(_refusal_reason)

        _voice_callback = d.pop("voice_callback", UNSET)
        voice_callback: VoiceCallbackResult | Unset
        if isinstance(_voice_callback, Unset):
            voice_callback = UNSET
        else:
            voice_callback = VoiceCallbackResult.from_dict(_voice_callback)

        test_call = cls(
            authorized=authorized,
            call_id=call_id,
            events=events,
            number_id=number_id,
            outcome=outcome,
            refusal_reason=refusal_reason,
            voice_callback=voice_callback,
        )

        test_call.additional_properties = d
        return test_call

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
