"""Errors of number orders; their codes are part of the public API."""

from __future__ import annotations

from platform_common.errors import Conflict, InvalidArgument, NotFound


class OrderNotFound(NotFound):
    """No such order, or another workspace's (never revealed)."""

    default_code = "order_not_found"


class IllegalOrderTransition(Conflict):
    default_code = "illegal_state_transition"


class OrderNotEditable(Conflict):
    """Registration and documents change only while the order is a draft."""

    default_code = "order_not_editable"


class OrderIncomplete(Conflict):
    """Submit refused: required fields or documents are missing (listed)."""

    default_code = "order_incomplete"


class RegistrationRequired(Conflict):
    """This number is sold only through a number order (KYC): POST /v1/number-orders."""

    default_code = "registration_required"


class RequirementsVersionNotNewer(Conflict):
    default_code = "requirements_version_not_newer"


class AttachmentRejected(InvalidArgument):
    """A document refused before anything was stored; `code` says why."""

    default_code = "attachment_rejected"
