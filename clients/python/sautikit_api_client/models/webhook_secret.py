from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookSecret")


@_attrs_define
class WebhookSecret:
    """
    Attributes:
        created_at (datetime.datetime):
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        previous_valid_until (datetime.datetime | Unset): Until when the previous secret also signs every request
        secret (str | Unset): whsec_ + base64 of 32 random bytes: the HMAC key of webhook-signature. Only in the
            response that created it (an idempotent replay omits it)
    """

    created_at: datetime.datetime
    livemode: bool | Unset = UNSET
    previous_valid_until: datetime.datetime | Unset = UNSET
    secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        livemode = self.livemode

        previous_valid_until: str | Unset = UNSET
        if not isinstance(self.previous_valid_until, Unset):
            previous_valid_until = self.previous_valid_until.isoformat()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
            }
        )
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if previous_valid_until is not UNSET:
            field_dict["previous_valid_until"] = previous_valid_until
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        livemode = d.pop("livemode", UNSET)

        _previous_valid_until = d.pop("previous_valid_until", UNSET)
        previous_valid_until: datetime.datetime | Unset
        if isinstance(_previous_valid_until, Unset):
            previous_valid_until = UNSET
        else:
            previous_valid_until = datetime.datetime.fromisoformat(
                _previous_valid_until
            )

        secret = d.pop("secret", UNSET)

        webhook_secret = cls(
            created_at=created_at,
            livemode=livemode,
            previous_valid_until=previous_valid_until,
            secret=secret,
        )

        webhook_secret.additional_properties = d
        return webhook_secret

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
