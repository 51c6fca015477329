"""GET /v1/calls, /v1/calls/{id} (JSON and CSV) and the available balance in GET /v1/wallet,
through the real gateway, wallet and inventory services."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import create_workspace, serving_http
from tests.integration.usage_harness import (
    INBOUND,
    UsageStack,
    running_usage_stack,
    usage_settings,
)

NOWHERE = "127.0.0.1:1"


@dataclass
class Api:
    stack: UsageStack
    http: httpx.AsyncClient
    mine: dict[str, str]
    theirs: dict[str, str]
    workspace_id: str
    other_workspace_id: str


@pytest.fixture
async def api(database_url: str, nats_url: str) -> AsyncIterator[Api]:
    async with running_usage_stack(
        database_url, nats_url, settings=usage_settings(slice_seconds=180)
    ) as stack:
        settings = GatewaySettings(
            database_url=database_url,
            nats_url=nats_url,
            inventory_addr=stack.inventory_address,
            wallet_addr=stack.wallet_address,
            credentials_addr=NOWHERE,
            routing_addr=NOWHERE,
        )
        mine = await create_workspace(database_url, name="Calls")
        theirs = await create_workspace(database_url, name="Someone else")
        async with (
            serving_http(create_app(settings)) as url,
            httpx.AsyncClient(base_url=url, timeout=30) as http,
        ):
            yield Api(
                stack=stack,
                http=http,
                mine={"Authorization": f"Bearer {mine.api_key.key}"},
                theirs={"Authorization": f"Bearer {theirs.api_key.key}"},
                workspace_id=str(mine.workspace.id),
                other_workspace_id=str(theirs.workspace.id),
            )


async def _calls(api: Api, **params: Any) -> dict[str, Any]:
    response = await api.http.get("/v1/calls", params=params, headers=api.mine)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_call_records_list_filter_page_and_export(api: Api) -> None:
    stack = api.stack
    number = await stack.claim(api.workspace_id, call_money=2_000)
    out = await stack.authorize(number)
    await stack.publish_call_event(
        "sautikit.calls.completed", stack.completed(number, out.call.call_id, 61), out.call.call_id
    )
    await stack.wait_call(out.call.call_id, status="completed")
    stack.clock.advance(timedelta(seconds=5))
    inbound = await stack.authorize(number, direction=INBOUND)
    stack.clock.advance(timedelta(seconds=5))
    last = await stack.authorize(number)

    page = await _calls(api)
    assert [c["call_id"] for c in page["data"]] == [
        last.call.call_id,
        inbound.call.call_id,
        out.call.call_id,
    ]
    completed = page["data"][2]
    assert completed["status"] == "completed"
    assert (completed["billable_seconds"], completed["rate_per_min_minor"]) == (61, 200)
    assert (completed["cost_minor"], completed["charged_minor"]) == (204, 204)
    assert completed["number"] == number.e164 and completed["direction"] == "outbound"
    assert completed["ended_at"] and completed["answered_at"] and completed["started_at"]
    assert "cost_minor" not in page["data"][0]  # not rated yet

    assert [c["call_id"] for c in (await _calls(api, direction="inbound"))["data"]] == [
        inbound.call.call_id
    ]
    assert [c["call_id"] for c in (await _calls(api, status="completed"))["data"]] == [
        out.call.call_id
    ]
    assert (await _calls(api, number="+254799999999"))["data"] == []
    assert len((await _calls(api, number=number.e164))["data"]) == 3
    cut = (datetime.fromisoformat(page["data"][1]["authorized_at"])).astimezone(UTC)
    since = (await _calls(api, since=cut.isoformat()))["data"]
    until = (await _calls(api, until=cut.isoformat()))["data"]
    assert [c["call_id"] for c in since] == [last.call.call_id, inbound.call.call_id]
    assert [c["call_id"] for c in until] == [out.call.call_id]

    first = await _calls(api, limit=2)
    assert len(first["data"]) == 2 and first["next_cursor"]
    second = await _calls(api, limit=2, cursor=first["next_cursor"])
    assert [c["call_id"] for c in second["data"]] == [out.call.call_id]
    assert "next_cursor" not in second

    exported = await api.http.get("/v1/calls", headers={**api.mine, "Accept": "text/csv"})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["call_id"] for r in rows] == [c["call_id"] for c in page["data"]]
    assert rows[2]["cost_minor"] == "204" and rows[0]["cost_minor"] == ""

    one = await api.http.get(f"/v1/calls/{completed['id']}", headers=api.mine)
    assert one.status_code == 200 and one.json() == completed

    wallet = (await api.http.get("/v1/wallet", headers=api.mine)).json()
    assert wallet["balance_minor"] == 2_000 - 204
    assert wallet["available_minor"] == 2_000 - 204 - 2 * 600


async def test_another_workspaces_calls_are_not_found(api: Api) -> None:
    number = await api.stack.claim(api.workspace_id, call_money=1_000)
    answer = await api.stack.authorize(number)
    theirs = await api.http.get(f"/v1/calls/{answer.call.id}", headers=api.theirs)
    assert theirs.status_code == 404 and theirs.json()["code"] == "call_not_found"
    listed = await api.http.get("/v1/calls", headers=api.theirs)
    assert listed.json()["data"] == []
    exported = await api.http.get("/v1/calls", headers={**api.theirs, "Accept": "text/csv"})
    assert exported.text.strip().count("\n") == 0  # the header row only
    for missing in ("not-a-uuid", "01a227dc-2a8f-70a1-b9a7-b63bcd04a270"):
        response = await api.http.get(f"/v1/calls/{missing}", headers=api.mine)
        assert response.status_code == 404 and response.json()["code"] == "call_not_found"


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/v1/calls", {"number": "0712345678"}, 400, "validation_failed"),
        ("/v1/calls", {"number": "+2547" + "1" * 200}, 400, "validation_failed"),
        ("/v1/calls", {"direction": "sideways"}, 400, "validation_failed"),
        ("/v1/calls", {"status": "ringing"}, 400, "validation_failed"),
        ("/v1/calls", {"limit": "0"}, 400, "validation_failed"),
        ("/v1/calls", {"limit": "101"}, 400, "validation_failed"),
        ("/v1/calls", {"limit": "ten"}, 400, "validation_failed"),
        ("/v1/calls", {"since": "yesterday"}, 400, "validation_failed"),
        ("/v1/calls", {"since": "2026-11-29T10:00:00"}, 400, "validation_failed"),  # no zone
        (
            "/v1/calls",
            {"since": "2026-11-29T10:00:00Z", "until": "2026-11-29T09:00:00Z"},
            400,
            "validation_failed",
        ),
        ("/v1/calls", {"cursor": "x" * 300}, 400, "validation_failed"),
        ("/v1/calls", {"cursor": "not-a-cursor-we-issued"}, 400, "validation_failed"),
        ("/v1/calls/" + "a" * 65, {}, 400, "validation_failed"),
    ],
)
async def test_bad_call_queries_are_precise_problems(
    api: Api, path: str, params: dict[str, str], status: int, code: str
) -> None:
    response = await api.http.get(path, params=params, headers=api.mine)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


async def test_calls_need_an_api_key(api: Api) -> None:
    response = await api.http.get("/v1/calls")
    assert response.status_code == 401
