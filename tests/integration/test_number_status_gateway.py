"""PATCH /v1/numbers/{id} `status` (seed 002): "disabled" / "active" through the real gateway,
inventory, wallet, credentials and routing; suspended, released or anything else is a 400
`status_not_settable` naming `status`, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.test_credentials_gateway import Api, api  # noqa: F401 (fixture)


async def _patch(api: Api, number_id: str, body: dict[str, Any]) -> Any:  # noqa: F811
    return await api.client.patch(f"/v1/numbers/{number_id}", json=body, headers=api.headers)


async def test_disable_and_re_enable_show_in_patch_and_get(api: Api) -> None:  # noqa: F811
    number = await api.claim()
    off = await _patch(api, number.id, {"status": "disabled"})
    assert off.status_code == 200, off.text
    assert (off.json()["status"], off.json()["disabled"]) == ("disabled", True)
    read = (await api.client.get(f"/v1/numbers/{number.id}", headers=api.headers)).json()
    assert (read["status"], read["disabled"]) == ("disabled", True)
    listed = (await api.client.get("/v1/numbers", headers=api.headers)).json()["data"]
    assert [(n["status"], n["disabled"]) for n in listed] == [("disabled", True)]

    on = await _patch(api, number.number_id, {"status": "active", "allow_outbound": False})
    assert on.status_code == 200, on.text
    assert (on.json()["status"], on.json()["disabled"], on.json()["allow_outbound"]) == (
        "active",
        False,
        False,
    )


@pytest.mark.parametrize("status", ["suspended", "released", "paused", "DISABLED", ""])
async def test_other_statuses_are_refused_and_change_nothing(
    api: Api,  # noqa: F811
    status: str,
) -> None:
    number = await api.claim()
    refused = await _patch(api, number.id, {"status": status, "allow_inbound": False})
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["code"] == "status_not_settable"
    assert [e["field"] for e in body["errors"]] == ["status"]
    read = (await api.client.get(f"/v1/numbers/{number.id}", headers=api.headers)).json()
    assert (read["status"], read["disabled"], read["allow_inbound"]) == ("active", False, True)


async def test_another_workspaces_number_cannot_be_disabled(api: Api) -> None:  # noqa: F811
    number = await api.claim()
    reply = await api.client.patch(
        f"/v1/numbers/{number.id}", json={"status": "disabled"}, headers=api.stranger_headers
    )
    assert reply.status_code == 404
    read = (await api.client.get(f"/v1/numbers/{number.id}", headers=api.headers)).json()
    assert read["disabled"] is False


async def test_the_list_filters_by_the_status_each_number_shows(api: Api) -> None:  # noqa: F811
    on = await api.claim()
    off = await api.claim()
    assert (await _patch(api, off.id, {"status": "disabled"})).status_code == 200

    async def listed(status: str) -> list[tuple[str, str]]:
        reply = await api.client.get(f"/v1/numbers?status={status}", headers=api.headers)
        assert reply.status_code == 200, reply.text
        return [(n["id"], n["status"]) for n in reply.json()["data"]]

    assert await listed("disabled") == [(off.id, "disabled")]
    assert await listed("active") == [(on.id, "active")]
    assert await listed("suspended") == []
    assert await listed("released") == []
    everything = (await api.client.get("/v1/numbers", headers=api.headers)).json()["data"]
    assert sorted(n["id"] for n in everything) == sorted([on.id, off.id])

    for bad in ("DISABLED", "paused", ""):
        reply = await api.client.get(f"/v1/numbers?status={bad}", headers=api.headers)
        assert reply.status_code == 400, reply.text
        assert reply.json()["code"] == "validation_failed"
        assert [e["field"] for e in reply.json()["errors"]] == ["status"]
