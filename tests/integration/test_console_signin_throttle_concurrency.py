"""The console sign-in throttle under concurrency (the SIP analogue is
test_credentials_throttle_concurrency.py): each attempt is counted and decided by one
PostgreSQL statement before any hash is computed, so forty wrong guesses sent at once, through
two gateway replicas, get no more tries (and cost no more hashing) than the free failures and
the one that starts the block."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from platform_common.passwords import PasswordHashing, ThrottlePolicy
from tests.integration.console_harness import PASSWORD, ConsoleWorld, console_world
from tests.integration.test_gateway_auth import execute

# A block far longer than the burst takes to arrive, and a clock that does not move: every
# guess after the free ones meets it however slow the machine is.
LONG_BLOCK = ThrottlePolicy(
    free_failures=3, base_delay_seconds=600.0, max_delay_seconds=1200.0, forget_after_seconds=3600.0
)
ADMITTED = LONG_BLOCK.free_failures + 1
GUESSES = 40


@pytest.fixture
async def replicas(database_url: str) -> AsyncIterator[tuple[ConsoleWorld, ConsoleWorld]]:
    """Two gateways on one database, as production runs them."""
    async with (
        console_world(database_url, signin_throttle=LONG_BLOCK) as one,
        console_world(database_url, signin_throttle=LONG_BLOCK) as two,
    ):
        two.clock.now = one.clock.now
        yield one, two


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords Argon2 checked, against a real user's hash or the decoy."""
    seen: list[str] = []
    real_verify = PasswordHashing._verify_blocking

    def verify(self: PasswordHashing, stored_hash: str, password: str) -> bool:
        seen.append(password)
        return real_verify(self, stored_hash, password)

    monkeypatch.setattr(PasswordHashing, "_verify_blocking", verify)
    return seen


async def _sign_in(world: ConsoleWorld, address: str, email: str, password: str) -> int:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with world.client(transport=transport) as client:
        reply = await client.post("/v1/sessions", json={"email": email, "password": password})
        assert reply.status_code in (401, 429), reply.text
        return reply.status_code


async def _burst(
    replicas: tuple[ConsoleWorld, ConsoleWorld], attempts: list[tuple[str, str]]
) -> list[int]:
    """Every (address, email) wrong guess at once, alternating between the replicas."""
    return await asyncio.gather(
        *(
            _sign_in(replicas[i % 2], address, email, f"wrong guess {i:04d}")
            for i, (address, email) in enumerate(attempts)
        )
    )


async def test_concurrent_guesses_at_one_email_from_many_addresses(
    replicas: tuple[ConsoleWorld, ConsoleWorld], hashed: list[str]
) -> None:
    one, _ = replicas
    async with one.client() as browser:
        await one.sign_up(browser, "target@example.com")
    attempts = [(f"127.0.1.{n}", "target@example.com") for n in range(1, GUESSES + 1)]

    answers = await _burst(replicas, attempts)

    # The email's bucket holds exactly the admitted failures; each address's at most one.
    await _assert_only_the_admitted_were_hashed(one, answers, hashed)
    # While blocked, even the right password from a new address is refused unhashed.
    assert await _sign_in(one, "127.0.2.1", "target@example.com", PASSWORD) == 429
    assert len(hashed) == ADMITTED


async def test_concurrent_guesses_from_one_address_at_many_emails(
    replicas: tuple[ConsoleWorld, ConsoleWorld], hashed: list[str]
) -> None:
    one, _ = replicas
    attempts = [("127.0.3.1", f"nobody{n}@example.com") for n in range(GUESSES)]

    answers = await _burst(replicas, attempts)

    # The address's bucket holds exactly the admitted failures; each email's at most one.
    await _assert_only_the_admitted_were_hashed(one, answers, hashed)


async def _assert_only_the_admitted_were_hashed(
    one: ConsoleWorld, answers: list[int], hashed: list[str]
) -> None:
    """ADMITTED guesses were answered 401 and hashed, the rest 429 unhashed; the shared bucket
    holds exactly the admitted failures and every other bucket at most one."""
    assert answers.count(401) == ADMITTED, answers
    assert answers.count(429) == GUESSES - ADMITTED
    assert len(hashed) == ADMITTED, f"{len(hashed)} guesses were hashed"
    rows = await execute(
        one.app.state.settings.database_url,
        "SELECT failures FROM gateway.signin_failures ORDER BY failures DESC",
    )
    assert rows[0]["failures"] == ADMITTED
    assert all(r["failures"] == 1 for r in rows[1:])
