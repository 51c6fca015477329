"""Which Daraja answers a top-up: the live side's configured Daraja, or for a sandbox wallet's
top-up (test mode, DESIGN.md §11) always the Daraja simulator, whatever the live side uses.
Test money must never reach a real M-Pesa, so without a configured simulator a test top-up is
refused, never sent to the live Daraja."""

from __future__ import annotations

from services.wallet.topups.daraja import DarajaClient
from services.wallet.topups.domain import MpesaUnavailable


class DarajaByMode:
    def __init__(self, *, live: DarajaClient, test: DarajaClient | None) -> None:
        self.live = live
        self.test = test

    def for_mode(self, livemode: bool) -> DarajaClient:
        """The Daraja of a live or a test top-up."""
        if livemode:
            return self.live
        if self.test is None:
            raise MpesaUnavailable(
                "test-mode top-ups are not configured (DARAJA_TEST_BASE_URL, the simulator)"
            )
        return self.test

    async def close(self) -> None:
        await self.live.close()
        if self.test is not None:
            await self.test.close()
