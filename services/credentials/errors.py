"""Errors of the credentials context; their codes are part of the public API."""

from __future__ import annotations

from platform_common.errors import Conflict, NotFound, Unavailable


class CredentialNotFound(NotFound):
    """No such credential on this number in this workspace (another workspace's included)."""

    default_code = "credential_not_found"


class CredentialRevoked(Conflict):
    """Revoked is final: the credential cannot be rotated (HTTP 409)."""

    default_code = "credential_revoked"


class NumberReleased(Conflict):
    """The number was released; it cannot get new credentials (HTTP 409)."""

    default_code = "number_released"


class CredentialLimitReached(Conflict):
    """The number already has the maximum number of active credentials (HTTP 409)."""

    default_code = "credential_limit_reached"


class NumberStateUnavailable(Unavailable):
    """The number's state is unknown here and inventory did not answer (retry)."""

    default_code = "number_state_unavailable"


class NumberNotFound(NotFound):
    """The number is not this workspace's."""

    default_code = "number_not_found"
