from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_direction import CallDirection
from ..models.call_refusal_reason import CallRefusalReason
from ..models.call_status import CallStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Call")


@_attrs_define
class Call:
    """
    Attributes:
        authorized_at (datetime.datetime): When the call was allowed or refused
        call_id (str): The voice platform's id of the call
        currency (str):
        direction (CallDirection):
        from_number (str): The calling party as signalled
        id (str):
        max_duration_seconds (int): Talk time the reservation paid for
        number (str): Your number the call was on (E.164)
        rate_per_min_minor (int): Per-minute rate applied, minor units
        reserved_minor (int): Money still held for the call
        status (CallStatus):
        tenant_number_id (str):
        to_number (str): The called party as signalled
        answered_at (datetime.datetime | Unset):
        billable_seconds (int | Unset): Talk time, whole seconds
        charged_minor (int | Unset): What the wallet was charged (less than cost_minor only when a call ran past its
            reservation and the wallet could not cover the rest)
        cost_minor (int | Unset): What the rating rule priced the call at, minor units
        ended_at (datetime.datetime | Unset):
        failure_reason (str | Unset): Why it failed (status failed)
        ledger_entry_id (str | Unset): The call_usage ledger entry
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        refusal_reason (CallRefusalReason | Unset):
        started_at (datetime.datetime | Unset):
    """

    authorized_at: datetime.datetime
    call_id: str
    currency: str
    direction: CallDirection
    from_number: str
    id: str
    max_duration_seconds: int
    number: str
    rate_per_min_minor: int
    reserved_minor: int
    status: CallStatus
    tenant_number_id: str
    to_number: str
    answered_at: datetime.datetime | Unset = UNSET
    billable_seconds: int | Unset = UNSET
    charged_minor: int | Unset = UNSET
    cost_minor: int | Unset = UNSET
    ended_at: datetime.datetime | Unset = UNSET
    failure_reason: str | Unset = UNSET
    ledger_entry_id: str | Unset = UNSET
    livemode: bool | Unset = UNSET
    refusal_reason: CallRefusalReason | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorized_at = self.authorized_at.isoformat()

        call_id = self.call_id

        currency = self.currency

        direction = self.direction.value

        from_number = self.from_number

        id = self.id

        max_duration_seconds = self.max_duration_seconds

        number = self.number

        rate_per_min_minor = self.rate_per_min_minor

        reserved_minor = self.reserved_minor

        status = self.status.value

        tenant_number_id = self.tenant_number_id

        to_number = self.to_number

        answered_at: str | Unset = UNSET
        if not isinstance(self.answered_at, Unset):
            answered_at = self.answered_at.isoformat()

        billable_seconds = self.billable_seconds

        charged_minor = self.charged_minor

        cost_minor = self.cost_minor

        ended_at: str | Unset = UNSET
        if not isinstance(self.ended_at, Unset):
            ended_at = self.ended_at.isoformat()

        failure_reason = self.failure_reason

        ledger_entry_id = self.ledger_entry_id

        livemode = self.livemode

        refusal_reason: str | Unset = UNSET
        if not isinstance(self.refusal_reason, Unset):
            refusal_reason = self.refusal_reason.value

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorized_at": authorized_at,
                "call_id": call_id,
                "currency": currency,
                "direction": direction,
                "from_number": from_number,
                "id": id,
                "max_duration_seconds": max_duration_seconds,
                "number": number,
                "rate_per_min_minor": rate_per_min_minor,
                "reserved_minor": reserved_minor,
                "status": status,
                "tenant_number_id": tenant_number_id,
                "to_number": to_number,
            }
        )
        if answered_at is not UNSET:
            field_dict["answered_at"] = answered_at
        if billable_seconds is not UNSET:
            field_dict["billable_seconds"] = billable_seconds
        if charged_minor is not UNSET:
            field_dict["charged_minor"] = charged_minor
        if cost_minor is not UNSET:
            field_dict["cost_minor"] = cost_minor
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if ledger_entry_id is not UNSET:
            field_dict["ledger_entry_id"] = ledger_entry_id
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if refusal_reason is not UNSET:
            field_dict["refusal_reason"] = refusal_reason
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        authorized_at = datetime.datetime.fromisoformat(d.pop("authorized_at"))

        call_id = d.pop("call_id")

        currency = d.pop("currency")

        direction = CallDirection(d.pop("direction"))

        from_number = d.pop("from_number")

        id = d.pop("id")

        max_duration_seconds = d.pop("max_duration_seconds")

        number = d.pop("number")

        rate_per_min_minor = d.pop("rate_per_min_minor")

        reserved_minor = d.pop("reserved_minor")

        status = CallStatus(d.pop("status"))

        tenant_number_id = d.pop("tenant_number_id")

        to_number = d.pop("to_number")

        _answered_at = d.pop("answered_at", UNSET)
        answered_at: datetime.datetime | Unset
        if isinstance(_answered_at, Unset):
            answered_at = UNSET
        else:
            answered_at = datetime.datetime.fromisoformat(_answered_at)

        billable_seconds = d.pop("billable_seconds", UNSET)

        charged_minor = d.pop("charged_minor", UNSET)

        cost_minor = d.pop("cost_minor", UNSET)

        _ended_at = d.pop("ended_at", UNSET)
        ended_at: datetime.datetime | Unset
        if isinstance(_ended_at, Unset):
            ended_at = UNSET
        else:
            ended_at = datetime.datetime.fromisoformat(_ended_at)

        failure_reason = d.pop("failure_reason", UNSET)

        ledger_entry_id = d.pop("ledger_entry_id", UNSET)

        livemode = d.pop("livemode", UNSET)

        _refusal_reason = d.pop("refusal_reason", UNSET)
        refusal_reason: CallRefusalReason | Unset
        if isinstance(_refusal_reason, Unset):
            refusal_reason = UNSET
        else:
            refusal_reason = CallRefusalReason(_refusal_reason)

        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        call = cls(
            authorized_at=authorized_at,
            call_id=call_id,
            currency=currency,
            direction=direction,
            from_number=from_number,
            id=id,
            max_duration_seconds=max_duration_seconds,
            number=number,
            rate_per_min_minor=rate_per_min_minor,
            reserved_minor=reserved_minor,
            status=status,
            tenant_number_id=tenant_number_id,
            to_number=to_number,
            answered_at=answered_at,
            billable_seconds=billable_seconds,
            charged_minor=charged_minor,
            cost_minor=cost_minor,
            ended_at=ended_at,
            failure_reason=failure_reason,
            ledger_entry_id=ledger_entry_id,
            livemode=livemode,
            refusal_reason=refusal_reason,
            started_at=started_at,
        )

        call.additional_properties = d
        return call

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
