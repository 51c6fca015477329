"""The credentials service over gRPC, with the real inventory and wallet beside it: issuing,
rotating (with a grace window), revoking, verifying, throttling shared by replicas, hash
upgrades, and reactions to inventory's events, including events that arrive out of order."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, timedelta

import grpc
import pytest
from argon2 import PasswordHasher

from platform_common.errors import RemoteError
from platform_common.timestamps import utc_now
from sautikit.credentials.v1 import credentials_pb2
from sautikit.events.v1 import events_pb2
from sautikit.inventory.v1 import inventory_pb2
from services.credentials.domain import HashParameters
from tests.conftest import eventually
from tests.integration.test_credentials_harness import (
    Stack,
    credentials_settings,
    publish_event,
    running_stack,
    stream_messages,
)


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, nats_url) as running:
        yield running


async def rpc_error(call) -> RemoteError:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return RemoteError.from_rpc_error(raised.value)


def owned(number: inventory_pb2.TenantNumber, credential_id: str) -> dict[str, str]:
    return {
        "workspace_id": number.workspace_id,
        "tenant_number_id": number.id,
        "credential_id": credential_id,
    }


async def test_create_returns_the_password_once_and_stores_only_its_argon2id_hash(
    stack: Stack,
) -> None:
    number = await stack.claim()
    created = await stack.create(number, label="  main-ivr  ")
    credential, password = created.credential, created.password
    assert len(password) == 32 and all(ch.isalnum() or ch in "-_" for ch in password)
    assert len(credential.username) == 20 and credential.username.isalnum()
    assert credential.username.islower() and credential.username[0].isalpha()
    assert credential.label == "main-ivr"
    assert credential.status == credentials_pb2.CREDENTIAL_STATUS_ACTIVE
    assert credential.e164 == number.e164 and credential.tenant_number_id == number.id

    [row] = await stack.rows("SELECT * FROM credentials.sip_credentials")
    assert row["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert password not in str(row)

    listed = await stack.credentials.ListCredentials(
        credentials_pb2.ListCredentialsRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    assert [c.id for c in listed.credentials] == [credential.id]
    assert password.encode() not in listed.SerializeToString()
    again = await stack.create(number)
    assert again.password != password and again.credential.username != credential.username


async def test_verify_right_wrong_and_revoked(stack: Stack) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    username, password = created.credential.username, created.password

    verdict = await stack.verify(username, password)
    assert verdict.valid
    assert (verdict.credential_id, verdict.tenant_number_id, verdict.workspace_id) == (
        created.credential.id,
        number.id,
        number.workspace_id,
    )
    assert verdict.e164 == number.e164 and verdict.allow_inbound and verdict.allow_outbound
    assert not verdict.HasField("retry_after")

    wrong = await stack.verify(username, password[:-1] + ("a" if password[-1] != "a" else "b"))
    assert not wrong.valid and wrong.credential_id == "" and wrong.e164 == ""
    assert not (await stack.verify("nosuchusername0000", password)).valid
    assert not (await stack.verify(username, "")).valid
    assert not (await stack.verify(username, "x" * 10_000)).valid

    revoked = await stack.credentials.RevokeCredential(
        credentials_pb2.RevokeCredentialRequest(**owned(number, created.credential.id))
    )
    assert revoked.credential.status == credentials_pb2.CREDENTIAL_STATUS_REVOKED
    assert revoked.credential.HasField("revoked_at")
    assert not await stack.valid(username, password)
    [row] = await stack.rows("SELECT password_hash, status FROM credentials.sip_credentials")
    assert row == {"password_hash": None, "status": "revoked"}, "nothing of it is kept"

    twice = await stack.credentials.RevokeCredential(
        credentials_pb2.RevokeCredentialRequest(**owned(number, created.credential.id))
    )
    assert twice.credential.revoked_at == revoked.credential.revoked_at, "revoke is idempotent"
    refused = await rpc_error(
        stack.credentials.RotateCredential(
            credentials_pb2.RotateCredentialRequest(**owned(number, created.credential.id))
        )
    )
    assert (refused.status, refused.reason) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "credential_revoked",
    )


async def test_rotation_with_and_without_a_grace_window(stack: Stack) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    username, first = created.credential.username, created.password
    ids = owned(number, created.credential.id)

    rotated = await stack.credentials.RotateCredential(
        credentials_pb2.RotateCredentialRequest(**ids, grace_seconds=60)
    )
    second = rotated.password
    assert second != first and rotated.credential.username == username
    assert rotated.credential.HasField("rotated_at")
    assert rotated.credential.HasField("previous_password_valid_until")
    window = rotated.credential.previous_password_valid_until.ToDatetime(
        tzinfo=UTC
    ) - rotated.credential.rotated_at.ToDatetime(tzinfo=UTC)
    assert timedelta(seconds=59.9) < window <= timedelta(seconds=60.1)
    assert await stack.valid(username, second)
    assert await stack.valid(username, first), "inside the grace window"
    await stack.pass_grace_time(50)
    assert await stack.valid(username, first), "still inside it 50 s later"
    await stack.pass_grace_time(10.5)
    assert not await stack.valid(username, first), "after the grace window"
    assert await stack.valid(username, second)
    fetched = await stack.credentials.GetCredential(credentials_pb2.GetCredentialRequest(**ids))
    assert not fetched.credential.HasField("previous_password_valid_until")

    third = (
        await stack.credentials.RotateCredential(credentials_pb2.RotateCredentialRequest(**ids))
    ).password
    assert not await stack.valid(username, second), "no grace: the old password stops at once"
    assert await stack.valid(username, third)

    for grace in (-1, 3601):
        error = await rpc_error(
            stack.credentials.RotateCredential(
                credentials_pb2.RotateCredentialRequest(**ids, grace_seconds=grace)
            )
        )
        assert error.reason == "validation_failed"
        assert [v.field for v in error.violations] == ["grace_seconds"]
    assert await stack.valid(username, third), "a refused rotation changed nothing"


async def test_another_workspace_or_number_sees_no_credential(stack: Stack) -> None:
    number = await stack.claim()
    sibling = await stack.claim(number.workspace_id)
    stranger = await stack.claim()
    created = await stack.create(number)
    cred_id = created.credential.id
    for workspace_id, tenant_number_id in (
        (stranger.workspace_id, number.id),
        (stranger.workspace_id, stranger.id),
        (number.workspace_id, sibling.id),
    ):
        ids = {
            "workspace_id": workspace_id,
            "tenant_number_id": tenant_number_id,
            "credential_id": cred_id,
        }
        for call in (
            stack.credentials.GetCredential(credentials_pb2.GetCredentialRequest(**ids)),
            stack.credentials.RotateCredential(credentials_pb2.RotateCredentialRequest(**ids)),
            stack.credentials.RevokeCredential(credentials_pb2.RevokeCredentialRequest(**ids)),
        ):
            error = await rpc_error(call)
            assert (error.status, error.reason) == (
                grpc.StatusCode.NOT_FOUND,
                "credential_not_found",
            )
        listing = credentials_pb2.ListCredentialsRequest(
            workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )
        if tenant_number_id == number.id:
            # Another workspace's number is no number of this one: NOT_FOUND, as everywhere.
            error = await rpc_error(stack.credentials.ListCredentials(listing))
            assert (error.status, error.reason) == (grpc.StatusCode.NOT_FOUND, "number_not_found")
        else:
            listed = await stack.credentials.ListCredentials(listing)
            assert list(listed.credentials) == []
    for malformed in ("nope", "zzzzzzzz-0000-7000-8000-0000000000ff"):
        error = await rpc_error(
            stack.credentials.GetCredential(
                credentials_pb2.GetCredentialRequest(**owned(number, malformed))
            )
        )
        assert error.reason == "credential_not_found"
    assert await stack.valid(created.credential.username, created.password), "untouched"


async def test_bad_labels_are_refused(stack: Stack) -> None:
    number = await stack.claim()
    for label in ("x" * 101, "tab\tinside", "nul\x00"):
        error = await rpc_error(stack.create(number, label=label))
        assert (error.status, error.reason) == (
            grpc.StatusCode.INVALID_ARGUMENT,
            "validation_failed",
        )
        assert [v.field for v in error.violations] == ["label"]
    assert (await stack.create(number, label="x" * 100)).credential.label == "x" * 100


async def test_concurrent_creates_respect_the_per_number_limit(stack: Stack) -> None:
    number = await stack.claim()
    results = await asyncio.gather(
        *(stack.create(number, label=f"c{i}") for i in range(9)), return_exceptions=True
    )
    created = [r for r in results if isinstance(r, credentials_pb2.CreateCredentialResponse)]
    refused = [RemoteError.from_rpc_error(r) for r in results if isinstance(r, grpc.RpcError)]
    assert len(created) == 5, "max_active_per_number in the test settings"
    assert [e.reason for e in refused] == ["credential_limit_reached"] * 4
    [count] = await stack.rows(
        "SELECT count(*) AS n FROM credentials.sip_credentials WHERE status = 'active'"
    )
    assert count["n"] == 5


async def test_release_revokes_every_credential_of_the_number(stack: Stack) -> None:
    number = await stack.claim()
    other = await stack.claim()
    first, second = await stack.create(number), await stack.create(number)
    kept = await stack.create(other)
    await stack.wait_view(number.id, status="active")
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    await stack.wait_view(number.id, status="released")
    listed = await stack.credentials.ListCredentials(
        credentials_pb2.ListCredentialsRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    assert {c.status for c in listed.credentials} == {credentials_pb2.CREDENTIAL_STATUS_REVOKED}
    for created in (first, second):
        assert not await stack.valid(created.credential.username, created.password)
    assert await stack.valid(kept.credential.username, kept.password), "other numbers untouched"
    refused = await rpc_error(stack.create(number))
    assert refused.reason == "number_released"

    async def revoked_events() -> list[str]:
        messages = await stream_messages(stack.nats_url, "SAUTIKIT_CREDENTIALS")
        return [
            events_pb2.CredentialChanged.FromString(m.data).credential_id
            for m in messages
            if m.subject == "sautikit.credentials.revoked"
        ]

    revoked = await eventually(revoked_events)
    assert sorted(revoked) == sorted([first.credential.id, second.credential.id])


async def test_suspension_refuses_verification_until_resumed(stack: Stack) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    username, password = created.credential.username, created.password
    assert await stack.valid(username, password)
    await stack.inventory.SuspendNumber(
        inventory_pb2.SuspendNumberRequest(tenant_number_id=number.id, reason="unpaid")
    )
    await stack.wait_valid(username, password, False)
    assert (await stack.view(number.id))["status"] == "suspended"
    await stack.inventory.ResumeNumber(
        inventory_pb2.ResumeNumberRequest(tenant_number_id=number.id)
    )
    await stack.wait_valid(username, password, True)


async def test_allow_flags_follow_the_numbers_settings(stack: Stack) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    username, password = created.credential.username, created.password
    await stack.inventory.UpdateTenantNumber(
        inventory_pb2.UpdateTenantNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id, allow_inbound=False
        )
    )
    await stack.wait_view(number.id, allow_inbound=False, allow_outbound=True)
    verdict = await stack.verify(username, password)
    assert verdict.valid and not verdict.allow_inbound and verdict.allow_outbound
    await stack.inventory.UpdateTenantNumber(
        inventory_pb2.UpdateTenantNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id, allow_outbound=False
        )
    )
    await stack.wait_valid(username, password, False)


async def test_verification_reads_a_number_it_never_heard_of_from_inventory(
    stack: Stack,
) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    await stack.wait_view(number.id, status="active")
    await stack.rows("DELETE FROM credentials.tenant_numbers")
    assert await stack.valid(created.credential.username, created.password)
    view = await stack.view(number.id)
    assert view is not None and view["status"] == "active" and view["e164"] == number.e164

    # The same without an inventory to ask: the edge is told to retry, not "wrong password".
    await stack.rows("DELETE FROM credentials.tenant_numbers")
    lonely = await stack.replica(inventory_address="127.0.0.1:1")
    error = await rpc_error(stack.verify(created.credential.username, created.password, lonely))
    assert (error.status, error.reason) == (
        grpc.StatusCode.UNAVAILABLE,
        "number_state_unavailable",
    )


async def test_events_that_do_not_fit_make_the_consumer_re_read(stack: Stack) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    username, password = created.credential.username, created.password
    await stack.wait_view(number.id, status="active")
    before = utc_now()
    await stack.inventory.SuspendNumber(
        inventory_pb2.SuspendNumberRequest(tenant_number_id=number.id, reason="unpaid")
    )
    await stack.wait_view(number.id, status="suspended")
    await stack.inventory.ResumeNumber(
        inventory_pb2.ResumeNumberRequest(tenant_number_id=number.id)
    )
    await stack.wait_view(number.id, status="active")
    assert (await stack.view(number.id))["refreshed_at"] is None, "those fitted"

    # A stale suspension (older than the resume we applied): re-read, still active.
    stale = events_pb2.NumberSuspended(
        tenant_number_id=number.id, workspace_id=number.workspace_id, e164=number.e164
    )
    await publish_event(
        stack.nats_url,
        "sautikit.numbers.suspended",
        stale,
        f"tenant-numbers/{number.id}",
        before,
    )
    refreshed = await eventually(lambda: _refreshed(stack, number.id), timeout=10, interval=0.05)
    assert refreshed["status"] == "active"
    assert await stack.valid(username, password)

    # A resume for a number that is active here: does not fit either; the truth is "active".
    await stack.rows(
        "UPDATE credentials.tenant_numbers SET refreshed_at = NULL WHERE tenant_number_id = %s",
        number.id,
    )
    resumed = events_pb2.NumberResumed(
        tenant_number_id=number.id, workspace_id=number.workspace_id, e164=number.e164
    )
    await publish_event(
        stack.nats_url,
        "sautikit.numbers.resumed",
        resumed,
        f"tenant-numbers/{number.id}",
        utc_now(),
    )
    refreshed = await eventually(lambda: _refreshed(stack, number.id), timeout=10, interval=0.05)
    assert refreshed["status"] == "active"

    # Settings for a number never seen: the event's values are not trusted, inventory's are.
    unseen = await stack.claim()
    await stack.wait_view(unseen.id, status="active")
    await stack.rows(
        "DELETE FROM credentials.tenant_numbers WHERE tenant_number_id = %s", unseen.id
    )
    await publish_event(
        stack.nats_url,
        "sautikit.numbers.updated",
        events_pb2.NumberSettingsChanged(
            tenant_number_id=unseen.id,
            workspace_id=unseen.workspace_id,
            e164=unseen.e164,
            allow_inbound=False,
            allow_outbound=False,
        ),
        f"tenant-numbers/{unseen.id}",
        utc_now(),
    )
    refreshed = await eventually(lambda: _refreshed(stack, unseen.id), timeout=10, interval=0.05)
    assert (refreshed["allow_inbound"], refreshed["allow_outbound"]) == (True, True)

    # A claim arriving after the release it preceded changes nothing: released is final.
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    await stack.wait_view(number.id, status="released")
    stale_claim = await publish_event(
        stack.nats_url,
        "sautikit.numbers.claimed",
        events_pb2.NumberClaimed(
            tenant_number_id=number.id,
            workspace_id=number.workspace_id,
            e164=number.e164,
            allow_inbound=True,
            allow_outbound=True,
        ),
        f"tenant-numbers/{number.id}",
        before - timedelta(seconds=1),
    )
    await eventually(lambda: stack.processed(stale_claim), timeout=30)
    assert (await stack.view(number.id))["status"] == "released"
    assert not await stack.valid(username, password)


async def _refreshed(stack: Stack, tenant_number_id: str) -> dict[str, object] | None:
    view = await stack.view(tenant_number_id)
    return view if view is not None and view["refreshed_at"] is not None else None


async def test_repeated_failures_are_throttled_with_growing_delays(stack: Stack) -> None:
    """retry_after is the blocked username's hint only: every verdict says it exactly while
    the username is blocked, and never otherwise (a wrong password is not a block)."""
    number = await stack.claim()
    created = await stack.create(number)
    username, password = created.credential.username, created.password

    async def refused_without_hint(guess: str) -> None:
        verdict = await stack.verify(username, guess)
        assert not verdict.valid and not verdict.HasField("retry_after"), verdict

    async def blocked_for(guess: str) -> timedelta:
        verdict = await stack.verify(username, guess)
        assert not verdict.valid and verdict.HasField("retry_after"), verdict
        return verdict.retry_after.ToTimedelta()

    for _ in range(2):  # the free failures of the test policy
        await refused_without_hint("wrong-password")
    [row] = await stack.rows("SELECT * FROM credentials.verify_failures")
    assert row["failures"] == 2 and row["blocked_until"] is None

    await refused_without_hint("wrong-password")  # the third: refused, and blocked 30 s
    first_delay = await blocked_for(password)  # while blocked even the right one is refused
    assert timedelta(seconds=25) < first_delay <= timedelta(seconds=30)
    await stack.pass_throttle_time(20)
    later = await blocked_for(password)
    assert timedelta(seconds=5) < later <= timedelta(seconds=10), "the hint counts down"

    await stack.pass_throttle_time(10.5)
    await refused_without_hint("wrong-password")  # the fourth: blocked 60 s
    [row] = await stack.rows(
        "SELECT failures, blocked_until - last_failed_at AS delay FROM credentials.verify_failures"
    )
    assert row["failures"] == 4
    assert timedelta(seconds=59.99) < row["delay"] <= timedelta(seconds=60.01)
    assert timedelta(seconds=55) < await blocked_for(password) <= timedelta(seconds=60)

    await stack.pass_throttle_time(60.5)
    verdict = await stack.verify(username, password)
    assert verdict.valid and not verdict.HasField("retry_after")
    assert await stack.rows("SELECT * FROM credentials.verify_failures") == [], "reset"
    await refused_without_hint("wrong-password")  # counting starts again from nothing

    # Unknown usernames are counted the same way.
    for _ in range(3):
        assert not (await stack.verify("unknownusername000", "guess")).HasField("retry_after")
    assert (await stack.verify("unknownusername000", "guess")).HasField("retry_after")


async def test_replicas_share_one_throttle(stack: Stack) -> None:
    """Failures taken by either replica add up in one row, and the block one replica set is
    honoured by the other. No step depends on how long the machine takes between calls: the
    block lasts 30 s of the database's clock (it once lasted 0.4 s, and a loaded machine let
    it end before the next verification), and here, once a replica has set it, it is pushed an
    hour ahead before anything is asked of it."""
    number = await stack.claim()
    created = await stack.create(number)
    username, password = created.credential.username, created.password
    other = await stack.replica()
    assert not (await stack.verify(username, "nope", other)).valid
    assert not (await stack.verify(username, "nope")).valid
    [row] = await stack.rows("SELECT failures, blocked_until FROM credentials.verify_failures")
    assert row == {"failures": 2, "blocked_until": None}, "both replicas' failures, one row"
    assert not (await stack.verify(username, "nope", other)).valid  # the third: blocked
    [row] = await stack.rows("SELECT failures, blocked_until FROM credentials.verify_failures")
    assert row["failures"] == 3 and row["blocked_until"] is not None
    await stack.rows(
        "UPDATE credentials.verify_failures "
        "SET blocked_until = clock_timestamp() + interval '1 hour'"
    )
    for stub in (other, stack.credentials):
        verdict = await stack.verify(username, password, stub)
        assert not verdict.valid and verdict.HasField("retry_after")
        assert verdict.retry_after.ToTimedelta() > timedelta(minutes=30), "the pinned block"
    [row] = await stack.rows("SELECT failures FROM credentials.verify_failures")
    assert row["failures"] == 3, "attempts refused while blocked are not counted"


async def test_a_hash_with_weaker_parameters_is_upgraded_on_the_next_good_verify(
    stack: Stack,
) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    username, password = created.credential.username, created.password
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(password)
    await stack.rows("UPDATE credentials.sip_credentials SET password_hash = %s", weak)

    assert not await stack.valid(username, "wrong-password")
    [row] = await stack.rows("SELECT password_hash FROM credentials.sip_credentials")
    assert row["password_hash"] == weak, "a failed verification upgrades nothing"

    assert await stack.valid(username, password)
    [row] = await stack.rows("SELECT password_hash FROM credentials.sip_credentials")
    assert row["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await stack.valid(username, password)

    # Raising the configured cost upgrades existing hashes too.
    stronger = await stack.replica(
        credentials_settings(hash_parameters=HashParameters(time_cost=3))
    )
    assert (await stack.verify(username, password, stronger)).valid
    [row] = await stack.rows("SELECT password_hash FROM credentials.sip_credentials")
    assert row["password_hash"].startswith("$argon2id$v=19$m=19456,t=3,p=1$")


async def test_credential_events_carry_no_secret(stack: Stack) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    ids = owned(number, created.credential.id)
    rotated = await stack.credentials.RotateCredential(
        credentials_pb2.RotateCredentialRequest(**ids)
    )
    await stack.credentials.RevokeCredential(credentials_pb2.RevokeCredentialRequest(**ids))

    async def three() -> list[object] | None:
        messages = await stream_messages(stack.nats_url, "SAUTIKIT_CREDENTIALS")
        return messages if len(messages) == 3 else None

    messages = await eventually(three)
    assert [m.subject for m in messages] == [
        "sautikit.credentials.created",
        "sautikit.credentials.rotated",
        "sautikit.credentials.revoked",
    ]
    for message in messages:
        event = events_pb2.CredentialChanged.FromString(message.data)
        assert event.credential_id == created.credential.id
        assert event.username == created.credential.username
        assert event.workspace_id == number.workspace_id
        for password in (created.password, rotated.password):
            assert password.encode() not in message.data
            assert password not in str(message.headers)
    assert [events_pb2.CredentialChanged.FromString(m.data).status for m in messages] == [
        "active",
        "active",
        "revoked",
    ]
    assert uuid.UUID(messages[0].headers["ce-id"])
