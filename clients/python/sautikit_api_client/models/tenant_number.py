from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capability import Capability
from ..models.number_status import NumberStatus
from ..models.number_type import NumberType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sip_credential import SipCredential


T = TypeVar("T", bound="TenantNumber")


@_attrs_define
class TenantNumber:
    """
    Attributes:
        allow_inbound (bool):
        allow_outbound (bool):
        capabilities (list[Capability]):
        claimed_at (datetime.datetime):
        country (str):
        currency (str):
        e164 (str):
        id (str): The tenant number id (this workspace's holding of the number)
        monthly_price_minor (int):
        number_id (str): The inventory id of the number
        number_type (NumberType):
        status (NumberStatus): A tenant number's status. disabled: turned off by the workspace (still billed); a number
            both suspended and disabled reads suspended.
        disabled (bool | Unset): True while the workspace has turned the number off (PATCH status "disabled");
            independent of suspension Default: False.
        events_url (str | Unset): In GET /v1/numbers/{id} only: where call events are POSTed, as GET
            /v1/numbers/{id}/routing shows it; absent when not set
        livemode (bool | Unset): true: a live object (sk_live_ keys); false: a test-mode object (sk_test_ keys, the
            workspace's sandbox)
        next_renewal_at (datetime.datetime | Unset): When the next month's rental is charged; absent once released
        released_at (datetime.datetime | Unset):
        sip_credentials (list[SipCredential] | Unset): In GET /v1/numbers/{id} only: the number's SIP credentials (never
            a password), as GET /v1/numbers/{id}/sip-credentials lists them
        suspended_at (datetime.datetime | Unset):
        suspended_reason (str | Unset):
        trial_until (datetime.datetime | Unset): Set while the number is on trial: when it is released unless you claim
            it (POST /v1/numbers/{id}/claim charges the first month and ends the trial)
        voice_callback_url (str | Unset): In GET /v1/numbers/{id} only: where call steps are POSTed, as GET
            /v1/numbers/{id}/routing shows it; absent when not set
    """

    allow_inbound: bool
    allow_outbound: bool
    capabilities: list[Capability]
    claimed_at: datetime.datetime
    country: str
    currency: str
    e164: str
    id: str
    monthly_price_minor: int
    number_id: str
    number_type: NumberType
    status: NumberStatus
    disabled: bool | Unset = False
    events_url: str | Unset = UNSET
    livemode: bool | Unset = UNSET
    next_renewal_at: datetime.datetime | Unset = UNSET
    released_at: datetime.datetime | Unset = UNSET
    sip_credentials: list[SipCredential] | Unset = UNSET
    suspended_at: datetime.datetime | Unset = UNSET
    suspended_reason: str | Unset = UNSET
    trial_until: datetime.datetime | Unset = UNSET
    voice_callback_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allow_inbound = self.allow_inbound

        allow_outbound = self.allow_outbound

        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.value
            capabilities.append(capabilities_item)

        claimed_at = self.claimed_at.isoformat()

        country = self.country

        currency = self.currency

        e164 = self.e164

        id = self.id

        monthly_price_minor = self.monthly_price_minor

        number_id = self.number_id

        number_type = self.number_type.value

        status = self.status.value

        disabled = self.disabled

        events_url = self.events_url

        livemode = self.livemode

        next_renewal_at: str | Unset = UNSET
        if not isinstance(self.next_renewal_at, Unset):
            next_renewal_at = self.next_renewal_at.isoformat()

        released_at: str | Unset = UNSET
        if not isinstance(self.released_at, Unset):
            released_at = self.released_at.isoformat()

        sip_credentials: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sip_credentials, Unset):
            sip_credentials = []
            for sip_credentials_item_data in self.sip_credentials:
                sip_credentials_item = sip_credentials_item_data.to_dict()
                sip_credentials.append(sip_credentials_item)

        suspended_at: str | Unset = UNSET
        if not isinstance(self.suspended_at, Unset):
            suspended_at = self.suspended_at.isoformat()

        suspended_reason = self.suspended_reason

        trial_until: str | Unset = UNSET
        if not isinstance(self.trial_until, Unset):
            trial_until = self.trial_until.isoformat()

        voice_callback_url = self.voice_callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allow_inbound": allow_inbound,
                "allow_outbound": allow_outbound,
                "capabilities": capabilities,
                "claimed_at": claimed_at,
                "country": country,
                "currency": currency,
                "e164": e164,
                "id": id,
                "monthly_price_minor": monthly_price_minor,
                "number_id": number_id,
                "number_type": number_type,
                "status": status,
            }
        )
        if disabled is not UNSET:
            field_dict["disabled"] = disabled
        if events_url is not UNSET:
            field_dict["events_url"] = events_url
        if livemode is not UNSET:
            field_dict["livemode"] = livemode
        if next_renewal_at is not UNSET:
            field_dict["next_renewal_at"] = next_renewal_at
        if released_at is not UNSET:
            field_dict["released_at"] = released_at
        if sip_credentials is not UNSET:
            field_dict["sip_credentials"] = sip_credentials
        if suspended_at is not UNSET:
            field_dict["suspended_at"] = suspended_at
        if suspended_reason is not UNSET:
            field_dict["suspended_reason"] = suspended_reason
        if trial_until is not UNSET:
            field_dict["trial_until"] = trial_until
        if voice_callback_url is not UNSET:
            field_dict["voice_callback_url"] = voice_callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.sip_credential import SipCredential

        d = dict(src_dict)
        allow_inbound = d.pop("allow_inbound")

        allow_outbound = d.pop("allow_outbound")

        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in _capabilities:
            capabilities_item = Capability(capabilities_item_data)

            capabilities.append(capabilities_item)

        claimed_at = datetime.datetime.fromisoformat(d.pop("claimed_at"))

        country = d.pop("country")

        currency = d.pop("currency")

        e164 = d.pop("e164")

        id = d.pop("id")

        monthly_price_minor = d.pop("monthly_price_minor")

        number_id = d.pop("number_id")

        number_type = NumberType(d.pop("number_type"))

        status = NumberStatus(d.pop("status"))

        disabled = d.pop("disabled", UNSET)

        events_url = d.pop("events_url", UNSET)

        livemode = d.pop("livemode", UNSET)

        _next_renewal_at = d.pop("next_renewal_at", UNSET)
        next_renewal_at: datetime.datetime | Unset
        if isinstance(_next_renewal_at, Unset):
            next_renewal_at = UNSET
        else:
            next_renewal_at = datetime.datetime.fromisoformat(_next_renewal_at)

        _released_at = d.pop("released_at", UNSET)
        released_at: datetime.datetime | Unset
        if isinstance(_released_at, Unset):
            released_at = UNSET
        else:
            released_at = datetime.datetime.fromisoformat(_released_at)

        _sip_credentials = d.pop("sip_credentials", UNSET)
        sip_credentials: list[SipCredential] | Unset = UNSET
        if _sip_credentials is not UNSET:
            sip_credentials = []
            for sip_credentials_item_data in _sip_credentials:
                sip_credentials_item = SipCredential.from_dict(
                    sip_credentials_item_data
                )

                sip_credentials.append(sip_credentials_item)

        _suspended_at = d.pop("suspended_at", UNSET)
        suspended_at: datetime.datetime | Unset
        if isinstance(_suspended_at, Unset):
            suspended_at = UNSET
        else:
            suspended_at = datetime.datetime.fromisoformat(_suspended_at)

        suspended_reason = d.pop("suspended_reason", UNSET)

        _trial_until = d.pop("trial_until", UNSET)
        trial_until: datetime.datetime | Unset
        if isinstance(_trial_until, Unset):
            trial_until = UNSET
        else:
            trial_until = datetime.datetime.fromisoformat(_trial_until)

        voice_callback_url = d.pop("voice_callback_url", UNSET)

        tenant_number = cls(
            allow_inbound=allow_inbound,
            allow_outbound=allow_outbound,
            capabilities=capabilities,
            claimed_at=claimed_at,
            country=country,
            currency=currency,
            e164=e164,
            id=id,
            monthly_price_minor=monthly_price_minor,
            number_id=number_id,
            number_type=number_type,
            status=status,
            disabled=disabled,
            events_url=events_url,
            livemode=livemode,
            next_renewal_at=next_renewal_at,
            released_at=released_at,
            sip_credentials=sip_credentials,
            suspended_at=suspended_at,
            suspended_reason=suspended_reason,
            trial_until=trial_until,
            voice_callback_url=voice_callback_url,
        )

        tenant_number.additional_properties = d
        return tenant_number

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
