"""The template table: which event makes which email, with which variables.

Adding an email is one row here plus one file `templates/<name>.jinja` holding three blocks:
`subject`, `text` and `html`. A row names the event subject it reacts to, the payload type,
and a function that gives the template's variables for one event (None: this event sends no
such email). The consumers subscribe to every subject in the table.

Variables are taken from the event only, and never hold a secret (no keys, passwords or
webhook secrets travel in events)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jinja2
from google.protobuf.message import Message

from sautikit.events.v1 import events_pb2

EAT = timezone(timedelta(hours=3), "EAT")
TEMPLATE_DIR = Path(__file__).parent / "templates"


def money(amount_minor: int, currency: str) -> str:
    """KES 1,234.50 from 123450 minor units."""
    return f"{currency or 'KES'} {amount_minor // 100:,}.{amount_minor % 100:02d}"


def eat_time(moment: datetime) -> str:
    """`Thu 24 Dec 2026, 18:00 EAT`: customers read times in Kenyan time."""
    return moment.astimezone(EAT).strftime("%a %d %b %Y, %H:%M EAT")


def _trial_expiring(event: Any) -> dict[str, Any] | None:
    return {
        "e164": event.e164,
        "number_id": event.number_id,
        "trial_until": eat_time(event.trial_until.ToDatetime(tzinfo=UTC)),
        "monthly_price": money(event.monthly_price_minor, event.currency),
    }


def _number_suspended(event: Any) -> dict[str, Any] | None:
    if event.reason != "unpaid_rental":
        return None  # an operator's suspension is explained by the operator
    return {
        "e164": event.e164,
        "amount_due": money(event.amount_due_minor, event.currency),
    }


def _topup_receipt(event: Any) -> dict[str, Any] | None:
    if event.entry_type != "topup":
        return None  # operator adjustments are not receipts
    return {
        "amount": money(event.amount_minor, event.currency),
        "mpesa_receipt": event.mpesa_receipt_number or "(not given by M-Pesa)",
        "balance": money(event.balance_after_minor, event.currency),
        "credited_at": eat_time(event.credited_at.ToDatetime(tzinfo=UTC)),
    }


def _low_balance(event: Any) -> dict[str, Any] | None:
    # A sandbox wallet's event never gets here as an email: the use case records every test-mode
    # event `skipped` (reason test_mode) before a template is asked for its variables.
    return {
        "available": money(event.available_minor, event.currency),
        "balance": money(event.balance_minor, event.currency),
        "threshold": money(event.threshold_minor, event.currency),
        "crossed_at": eat_time(event.crossed_at.ToDatetime(tzinfo=UTC)),
    }


@dataclass(frozen=True)
class EmailTemplate:
    name: str  # templates/<name>.jinja; also what emails.template records
    event_subject: str
    payload: type[Message]
    variables: Callable[[Any], dict[str, Any] | None]


TEMPLATES: tuple[EmailTemplate, ...] = (
    EmailTemplate(
        "trial_expiring",
        "sautikit.numbers.trial_expiring",
        events_pb2.NumberTrialExpiring,
        _trial_expiring,
    ),
    EmailTemplate(
        "number_suspended_unpaid",
        "sautikit.numbers.suspended",
        events_pb2.NumberSuspended,
        _number_suspended,
    ),
    EmailTemplate(
        "topup_receipt", "sautikit.wallet.credited", events_pb2.WalletCredited, _topup_receipt
    ),
    EmailTemplate(
        "low_balance", "sautikit.wallet.low_balance", events_pb2.WalletLowBalance, _low_balance
    ),
)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


class Renderer:
    """Renders a template's three blocks; HTML escapes every variable, text does not."""

    def __init__(self, directory: Path = TEMPLATE_DIR, *, base_url: str) -> None:
        loader = jinja2.FileSystemLoader(directory)
        # The plain-text part is not HTML: escaping would print "&amp;" to the reader.
        self._text = jinja2.Environment(
            loader=loader,
            autoescape=False,  # noqa: S701
            undefined=jinja2.StrictUndefined,
        )
        self._html = jinja2.Environment(
            loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
        )
        self.base_url = base_url

    def render(self, name: str, variables: dict[str, Any]) -> RenderedEmail:
        values = {**variables, "base_url": self.base_url}
        text_template = self._text.get_template(f"{name}.jinja")
        html_template = self._html.get_template(f"{name}.jinja")
        return RenderedEmail(
            subject=_block(text_template, "subject", values).strip(),
            text=_block(text_template, "text", values).strip() + "\n",
            html=_block(html_template, "html", values).strip() + "\n",
        )


def _block(template: jinja2.Template, block: str, values: dict[str, Any]) -> str:
    return "".join(template.blocks[block](template.new_context(values)))
