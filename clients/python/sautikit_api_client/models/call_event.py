from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_event_type import CallEventType

if TYPE_CHECKING:
    from ..models.call_event_data import CallEventData


T = TypeVar("T", bound="CallEvent")


@_attrs_define
class CallEvent:
    """
    Attributes:
        created_at (datetime.datetime):
        data (CallEventData):
        id (str): The event id
        type_ (CallEventType):
    """

    created_at: datetime.datetime
    data: CallEventData
    id: str
    type_: CallEventType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        data = self.data.to_dict()

        id = self.id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "data": data,
                "id": id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.call_event_data import CallEventData

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        data = CallEventData.from_dict(d.pop("data"))

        id = d.pop("id")

        type_ = CallEventType(d.pop("type"))

        call_event = cls(
            created_at=created_at,
            data=data,
            id=id,
            type_=type_,
        )

        call_event.additional_properties = d
        return call_event

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
