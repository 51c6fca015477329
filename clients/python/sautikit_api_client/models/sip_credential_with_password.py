from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sip_credential_status import SipCredentialStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SipCredentialWithPassword")


@_attrs_define
class SipCredentialWithPassword:
    """
    Attributes:
        created_at (datetime.datetime):
        id (str):
        label (str):
        status (SipCredentialStatus):
        username (str): SIP username (lowercase letters and digits)
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        password (str | Unset): Only in the response that created or rotated the credential; store it now, it is never
            shown again (an idempotent replay omits it)
        previous_password_valid_until (datetime.datetime | Unset): After a rotation with grace_seconds: until when the
            previous password still works
        revoked_at (datetime.datetime | Unset):
        rotated_at (datetime.datetime | Unset):
    """

    created_at: datetime.datetime
    id: str
    label: str
    status: SipCredentialStatus
    username: str
    livemode: bool | Unset = UNSET
    password: str | Unset = UNSET
    previous_password_valid_until: datetime.datetime | Unset = UNSET
    revoked_at: datetime.datetime | Unset = UNSET
    rotated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        label = self.label

        status = self.status.value

        username = self.username

        livemode = self.livemode

        password = self.password

        previous_password_valid_until: str | Unset = UNSET
        if not isinstance(self.previous_password_valid_until, Unset):
            previous_password_valid_until = (
                self.previous_password_valid_until.isoformat()
            )

        revoked_at: str | Unset = UNSET
        if not isinstance(self.revoked_at, Unset):
            revoked_at = self.revoked_at.isoformat()

        rotated_at: str | Unset = UNSET
        if not isinstance(self.rotated_at, Unset):
            rotated_at = self.rotated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "label": label,
                "status": status,
                "username": username,
            }
        )
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if password is not UNSET:
            field_dict["password"] = password
        if previous_password_valid_until is not UNSET:
            field_dict["previous_password_valid_until"] = previous_password_valid_until
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if rotated_at is not UNSET:
            field_dict["rotated_at"] = rotated_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        label = d.pop("label")

        status = SipCredentialStatus(d.pop("status"))

        username = d.pop("username")

        livemode = d.pop("livemode", UNSET)

        password = d.pop("password", UNSET)

        _previous_password_valid_until = d.pop("previous_password_valid_until", UNSET)
        previous_password_valid_until: datetime.datetime | Unset
        if isinstance(_previous_password_valid_until, Unset):
            previous_password_valid_until = UNSET
        else:
            previous_password_valid_until = datetime.datetime.fromisoformat(
                _previous_password_valid_until
            )

        _revoked_at = d.pop("revoked_at", UNSET)
        revoked_at: datetime.datetime | Unset
        if isinstance(_revoked_at, Unset):
            revoked_at = UNSET
        else:
            revoked_at = datetime.datetime.fromisoformat(_revoked_at)

        _rotated_at = d.pop("rotated_at", UNSET)
        rotated_at: datetime.datetime | Unset
        if isinstance(_rotated_at, Unset):
            rotated_at = UNSET
        else:
            rotated_at = datetime.datetime.fromisoformat(_rotated_at)

        sip_credential_with_password = cls(
            created_at=created_at,
            id=id,
            label=label,
            status=status,
            username=username,
            livemode=livemode,
            password=password,
            previous_password_valid_until=previous_password_valid_until,
            revoked_at=revoked_at,
            rotated_at=rotated_at,
        )

        sip_credential_with_password.additional_properties = d
        return sip_credential_with_password

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
