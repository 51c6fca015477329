"""The test pool: the numbers sandbox workspaces (sk_test_ keys) search and claim.

Test numbers live in one block, +254 18000 xxxx (national 018000xxxx): a block of the 01x mobile
range that no Kenyan operator had been allocated when test mode was built (the allocated 01x
blocks are 010x and 011x). A database constraint ties the block to `livemode = false`, and the
live import refuses it, so a test number can never be sold, routed or billed as a live one.

Magic numbers make a claim fail each documented way, so customers can test their handling:
  +254180000402  402 wallet_insufficient_funds: its rent exceeds any sandbox balance (the real
                 wallet refuses the debit).
  +254180000409  409 number_unavailable: always taken, though search lists it.
  +254180000503  503 claim_pending: the first month is paid but the claim answers pending until
                 PENDING_SETTLES_AFTER has passed on the inventory's clock; a retry with the same
                 Idempotency-Key then answers 201 (and the sweeper settles it after the hold).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

TEST_POOL_PREFIX = "+25418000"
# The ordinary test numbers +254180000000 ... +254180000099 (magic ones included).
TEST_POOL_SIZE = 100
TEST_MONTHLY_PRICE_MINOR = 50_000  # KES 500, as the demo mobile numbers
TEST_INBOUND_PER_MIN_MINOR = 200
TEST_OUTBOUND_PER_MIN_MINOR = 400
UNPAYABLE_PRICE_MINOR = 10**14  # KES 1,000,000,000,000: no sandbox wallet ever holds it
PENDING_SETTLES_AFTER = timedelta(seconds=3)


class MagicClaim(StrEnum):
    INSUFFICIENT_FUNDS = "+254180000402"
    UNAVAILABLE = "+254180000409"
    PENDING = "+254180000503"


def in_test_pool(e164: str) -> bool:
    return e164.startswith(TEST_POOL_PREFIX)


def test_pool_e164s() -> list[str]:
    return [f"{TEST_POOL_PREFIX}{i:04d}" for i in range(TEST_POOL_SIZE)] + [
        m.value for m in MagicClaim if not m.value.startswith(TEST_POOL_PREFIX + "00")
    ]


def monthly_price_minor(e164: str) -> int:
    return (
        UNPAYABLE_PRICE_MINOR
        if e164 == MagicClaim.INSUFFICIENT_FUNDS
        else (TEST_MONTHLY_PRICE_MINOR)
    )


def claim_still_pending(e164: str, *, reserved_at: datetime, now: datetime) -> bool:
    """True while the magic pending number's claim must answer 503 claim_pending."""
    return e164 == MagicClaim.PENDING and now < reserved_at + PENDING_SETTLES_AFTER
