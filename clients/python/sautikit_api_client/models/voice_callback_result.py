from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.voice_callback_error import VoiceCallbackError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.voice_callback_result_actions_item import (
        VoiceCallbackResultActionsItem,
    )


T = TypeVar("T", bound="VoiceCallbackResult")


@_attrs_define
class VoiceCallbackResult:
    """
    Attributes:
        actions (list[VoiceCallbackResultActionsItem] | Unset): The reply parsed into voice actions, in the voice
            callback format ([{"action": "say", "text": ...}, ...])
        error (VoiceCallbackError | Unset):
        message (str | Unset):
        status_code (int | Unset): The receiver's HTTP status
    """

    actions: list[VoiceCallbackResultActionsItem] | Unset = UNSET
    error: VoiceCallbackError | Unset = UNSET
    message: str | Unset = UNSET
    status_code: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.actions, Unset):
            actions = []
            for actions_item_data in self.actions:
                actions_item = actions_item_data.to_dict()
                actions.append(actions_item)

        error: str | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.value

        message = self.message

        status_code = self.status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if actions is not UNSET:
            field_dict["actions"] = actions
        if error is not UNSET:
            field_dict["error"] = error
        if message is not UNSET:
            field_dict["message"] = message
        if status_code is not UNSET:
            field_dict["status_code"] = status_code

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.voice_callback_result_actions_item import (
            VoiceCallbackResultActionsItem,
        )

        d = dict(src_dict)
        _actions = d.pop("actions", UNSET)
        actions: list[VoiceCallbackResultActionsItem] | Unset = UNSET
        if _actions is not UNSET:
            actions = []
            for actions_item_data in _actions:
                actions_item = VoiceCallbackResultActionsItem.from_dict(
                    actions_item_data
                )

                actions.append(actions_item)

        _error = d.pop("error", UNSET)
        error: VoiceCallbackError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = VoiceCallbackError(_error)

        message = d.pop("message", UNSET)

        status_code = d.pop("status_code", UNSET)

        voice_callback_result = cls(
            actions=actions,
            error=error,
            message=message,
            status_code=status_code,
        )

        voice_callback_result.additional_properties = d
        return voice_callback_result

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
