"""Errors of the numbers journey; their codes are part of the public API."""

from __future__ import annotations

from platform_common.errors import Conflict, NotFound, Unavailable


class NumberNotFound(NotFound):
    """No such number in the pool, or (for tenant numbers) none this workspace holds."""

    default_code = "number_not_found"


class NumberUnavailable(Conflict):
    """The number exists but is reserved or held by someone (it may be claimable later)."""

    default_code = "number_unavailable"


class NumberReleased(Conflict):
    """The workspace released this number; it cannot be changed any more."""

    default_code = "number_released"


class WalletInsufficientFunds(Conflict):
    """The wallet cannot pay the first month; nothing was changed (HTTP 402)."""

    default_code = "wallet_insufficient_funds"


class ClaimPending(Unavailable):
    """The wallet did not answer; the claim will be settled by the sweeper (charged and
    assigned, or released and not charged) once its reservation expires."""

    default_code = "claim_pending"
