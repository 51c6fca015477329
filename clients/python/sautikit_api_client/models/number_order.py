from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.number_order_registration import NumberOrderRegistration
    from ..models.order_attachment import OrderAttachment


T = TypeVar("T", bound="NumberOrder")


@_attrs_define
class NumberOrder:
    """
    Attributes:
        attachments (list[OrderAttachment]):
        created_at (datetime.datetime):
        currency (str):
        e164 (str):
        expires_at (datetime.datetime): Until when the number is held for this order
        id (str):
        missing (list[str]): What submit still needs: registration_type, registration.<field>,
            attachments.<document_type>
        monthly_price_minor (int):
        number_id (str):
        number_type (str):
        registration_fields (list[str]): Names of the fields that have a value
        status (OrderStatus):
        status_reason (str): Reason code of the last transition
        updated_at (datetime.datetime):
        version (int): Grows with every change; callbacks carry it
        ended_at (datetime.datetime | Unset):
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        personal_data_erased (bool | Unset):
        registration (NumberOrderRegistration | Unset): The registration values (personal data): in GET /v1/number-
            orders/{id} only
        registration_type (str | Unset):
        reviewer_note (str | Unset):
        submitted_at (datetime.datetime | Unset):
        tenant_number_id (str | Unset): Once completed: GET /v1/numbers/{tenant_number_id}
    """

    attachments: list[OrderAttachment]
    created_at: datetime.datetime
    currency: str
    e164: str
    expires_at: datetime.datetime
    id: str
    missing: list[str]
    monthly_price_minor: int
    number_id: str
    number_type: str
    registration_fields: list[str]
    status: OrderStatus
    status_reason: str
    updated_at: datetime.datetime
    version: int
    ended_at: datetime.datetime | Unset = UNSET
    livemode: bool | Unset = UNSET
    personal_data_erased: bool | Unset = UNSET
    registration: NumberOrderRegistration | Unset = UNSET
    registration_type: str | Unset = UNSET
    reviewer_note: str | Unset = UNSET
    submitted_at: datetime.datetime | Unset = UNSET
    tenant_number_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item = attachments_item_data.to_dict()
            attachments.append(attachments_item)

        created_at = self.created_at.isoformat()

        currency = self.currency

        e164 = self.e164

        expires_at = self.expires_at.isoformat()

        id = self.id

        missing = self.missing

        monthly_price_minor = self.monthly_price_minor

        number_id = self.number_id

        number_type = self.number_type

        registration_fields = self.registration_fields

        status = self.status.value

        status_reason = self.status_reason

        updated_at = self.updated_at.isoformat()

        version = self.version

        ended_at: str | Unset = UNSET
        if not isinstance(self.ended_at, Unset):
            ended_at = self.ended_at.isoformat()

        livemode = self.livemode

        personal_data_erased = self.personal_data_erased

        registration: dict[str, Any] | Unset = UNSET
        if not isinstance(self.registration, Unset):
            registration = self.registration.to_dict()

        registration_type = self.registration_type

        reviewer_note = self.reviewer_note

        submitted_at: str | Unset = UNSET
        if not isinstance(self.submitted_at, Unset):
            submitted_at = self.submitted_at.isoformat()

        tenant_number_id = self.tenant_number_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attachments": attachments,
                "created_at": created_at,
                "currency": currency,
                "e164": e164,
                "expires_at": expires_at,
                "id": id,
                "missing": missing,
                "monthly_price_minor": monthly_price_minor,
                "number_id": number_id,
                "number_type": number_type,
                "registration_fields": registration_fields,
                "status": status,
                "status_reason": status_reason,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if personal_data_erased is not UNSET:
            field_dict["personal_data_erased"] = personal_data_erased
        if registration is not UNSET:
            field_dict["registration"] = registration
        if registration_type is not UNSET:
            field_dict["registration_type"] = registration_type
        if reviewer_note is not UNSET:
            field_dict["reviewer_note"] = reviewer_note
        if submitted_at is not UNSET:
            field_dict["submitted_at"] = submitted_at
        if tenant_number_id is not UNSET:
            field_dict["tenant_number_id"] = tenant_number_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.number_order_registration import NumberOrderRegistration
        from ..models.order_attachment import OrderAttachment

        d = dict(src_dict)
        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in _attachments:
            attachments_item = OrderAttachment.from_dict(attachments_item_data)

            attachments.append(attachments_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        e164 = d.pop("e164")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        missing = cast(list[str], d.pop("missing"))

        monthly_price_minor = d.pop("monthly_price_minor")

        number_id = d.pop("number_id")

        number_type = d.pop("number_type")

        registration_fields = cast(list[str], d.pop("registration_fields"))

        status = OrderStatus(d.pop("status"))

        status_reason = d.pop("status_reason")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        _ended_at = d.pop("ended_at", UNSET)
        ended_at: datetime.datetime | Unset
        if isinstance(_ended_at, Unset):
            ended_at = UNSET
        else:
            ended_at = datetime.datetime.fromisoformat(_ended_at)

        livemode = d.pop("livemode", UNSET)

        personal_data_erased = d.pop("personal_data_erased", UNSET)

        _registration = d.pop("registration", UNSET)
        registration: NumberOrderRegistration | Unset
        if isinstance(_registration, Unset):
            registration = UNSET
        else:
            registration = NumberOrderRegistration.from_dict(_registration)

        registration_type = d.pop("registration_type", UNSET)

        reviewer_note = d.pop("reviewer_note", UNSET)

        _submitted_at = d.pop("submitted_at", UNSET)
        submitted_at: datetime.datetime | Unset
        if isinstance(_submitted_at, Unset):
            submitted_at = UNSET
        else:
            submitted_at = datetime.datetime.fromisoformat(_submitted_at)

        tenant_number_id = d.pop("tenant_number_id", UNSET)

        number_order = cls(
            attachments=attachments,
            created_at=created_at,
            currency=currency,
            e164=e164,
            expires_at=expires_at,
            id=id,
            missing=missing,
            monthly_price_minor=monthly_price_minor,
            number_id=number_id,
            number_type=number_type,
            registration_fields=registration_fields,
            status=status,
            status_reason=status_reason,
            updated_at=updated_at,
            version=version,
            ended_at=ended_at,
            livemode=livemode,
            personal_data_erased=personal_data_erased,
            registration=registration,
            registration_type=registration_type,
            reviewer_note=reviewer_note,
            submitted_at=submitted_at,
            tenant_number_id=tenant_number_id,
        )

        number_order.additional_properties = d
        return number_order

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
