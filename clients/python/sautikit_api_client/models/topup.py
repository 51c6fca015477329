from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.topup_status import TopupStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Topup")


@_attrs_define
class Topup:
    """
    Attributes:
        amount_minor (int):
        created_at (datetime.datetime):
        currency (str):
        id (str):
        phone (str): The paying phone, masked
        status (TopupStatus):
        checkout_request_id (str | Unset): Daraja's CheckoutRequestID of the STK push
        completed_at (datetime.datetime | Unset):
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        mpesa_receipt_number (str | Unset):
        result_code (int | Unset): Daraja's ResultCode once settled: 0 success, 1 insufficient M-Pesa balance, 1032
            cancelled, 1037 phone unreachable, 2001 wrong PIN, ...
        result_description (str | Unset):
    """

    amount_minor: int
    created_at: datetime.datetime
    currency: str
    id: str
    phone: str
    status: TopupStatus
    checkout_request_id: str | Unset = UNSET
    completed_at: datetime.datetime | Unset = UNSET
    livemode: bool | Unset = UNSET
    mpesa_receipt_number: str | Unset = UNSET
    result_code: int | Unset = UNSET
    result_description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        created_at = self.created_at.isoformat()

        currency = self.currency

        id = self.id

        phone = self.phone

        status = self.status.value

        checkout_request_id = self.checkout_request_id

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        livemode = self.livemode

        mpesa_receipt_number = self.mpesa_receipt_number

        result_code = self.result_code

        result_description = self.result_description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "phone": phone,
                "status": status,
            }
        )
        if checkout_request_id is not UNSET:
            field_dict["checkout_request_id"] = checkout_request_id
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if mpesa_receipt_number is not UNSET:
            field_dict["mpesa_receipt_number"] = mpesa_receipt_number
        if result_code is not UNSET:
            field_dict["result_code"] = result_code
        if result_description is not UNSET:
            field_dict["result_description"] = result_description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = d.pop("id")

        phone = d.pop("phone")

        status = TopupStatus(d.pop("status"))

        checkout_request_id = d.pop("checkout_request_id", UNSET)

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        livemode = d.pop("livemode", UNSET)

        mpesa_receipt_number = d.pop("mpesa_receipt_number", UNSET)

        result_code = d.pop("result_code", UNSET)

        result_description = d.pop("result_description", UNSET)

        topup = cls(
            amount_minor=amount_minor,
            created_at=created_at,
            currency=currency,
            id=id,
            phone=phone,
            status=status,
            checkout_request_id=checkout_request_id,
            completed_at=completed_at,
            livemode=livemode,
            mpesa_receipt_number=mpesa_receipt_number,
            result_code=result_code,
            result_description=result_description,
        )

        topup.additional_properties = d
        return topup

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
