"""The seed journey (shared/seeds/000) written as an SDK user writes it, importing only the
SDK: `sautikit_api_client` (generated) and `sautikit_sdk` (its hand-written layer). Run by
tests/e2e/test_python_sdk.py in its own process with PYTHONPATH naming a freshly generated
client; prints a JSON summary (never a password). Environment: SAUTIKIT_BASE_URL and
SAUTIKIT_API_KEY."""

from __future__ import annotations

import json
import os
import time

import sautikit_api_client
from sautikit_api_client.api.numbers import (
    claim_number,
    get_number,
    release_number,
    search_available_numbers,
)
from sautikit_api_client.api.routing import update_routing
from sautikit_api_client.api.sip_credentials import (
    create_sip_credential,
    list_sip_credentials,
    rotate_sip_credential,
)
from sautikit_api_client.api.topups import create_topup, get_topup
from sautikit_api_client.api.wallet import get_wallet, list_ledger_entries
from sautikit_api_client.models import Capability, NewTopup, NumberType, RoutingChange
from sautikit_sdk import ApiError, connect, iterate

SANDBOX_PHONE = "254708374149"  # Daraja's sandbox phone: the simulator pays it
SETTLE_SECONDS = 60


def main() -> None:
    summary: dict[str, object] = {"generated_from": sautikit_api_client.__file__}
    with connect(os.environ["SAUTIKIT_API_KEY"], os.environ["SAUTIKIT_BASE_URL"]) as client:
        page = search_available_numbers.sync(
            client=client,
            country="KE",
            currency="KES",
            capability=Capability.VOICE,
            number_type=NumberType.MOBILE,
            starts_with="2547",
        )
        available = next(n for n in page.data if not n.requires_registration)
        number = claim_number.sync(available.id, client=client)
        summary["claimed"] = {"id": number.id, "e164": number.e164, "status": str(number.status)}

        try:
            claim_number.sync(available.id, client=client)
        except ApiError as error:
            summary["second_claim"] = {"status": error.status, "code": error.code}
            summary["second_claim_has_request_id"] = bool(error.request_id)

        created = create_sip_credential.sync(number.id, client=client)  # no body
        rotated = rotate_sip_credential.sync(number.id, created.id, client=client)  # no body
        summary["credential"] = {
            "username": created.username,
            "created_password": bool(created.password),
            "rotated_password": bool(rotated.password),
            "passwords_differ": created.password != rotated.password,
            "listed": [c.id for c in list_sip_credentials.sync(number.id, client=client).data],
        }

        routing = update_routing.sync(
            number.id,
            client=client,
            body=RoutingChange(
                voice_callback_url="https://ivr.example.com/voice",
                events_url="https://ivr.example.com/events",
            ),
        )
        summary["routing"] = [routing.voice_callback_url, routing.events_url]

        topup = create_topup.sync(
            client=client, body=NewTopup(amount_minor=50_000, phone=SANDBOX_PHONE)
        )
        deadline = time.monotonic() + SETTLE_SECONDS
        while str(topup.status) == "pending" and time.monotonic() < deadline:
            time.sleep(0.2)  # the simulator's callback settles it; nothing here is timed
            topup = get_topup.sync(topup.id, client=client)
        summary["topup"] = {"status": str(topup.status), "amount_minor": topup.amount_minor}
        summary["balance_minor"] = get_wallet.sync(client=client).balance_minor
        summary["ledger"] = sorted(
            str(e.entry_type) for e in iterate(list_ledger_entries, client=client, limit=1)
        )

        released = release_number.sync(number.id, client=client)
        summary["released"] = str(released.status)
        summary["read_back"] = str(get_number.sync(number.id, client=client).status)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
