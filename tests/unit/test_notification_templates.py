"""The template table and the renderer: which events make an email, and what it says."""

from __future__ import annotations

from datetime import UTC, datetime

from platform_common.timestamps import to_timestamp
from sautikit.events.v1 import events_pb2
from services.notifications.domain import RetrySchedule
from services.notifications.templates import TEMPLATES, Renderer, eat_time, money

BY_NAME = {t.name: t for t in TEMPLATES}


def test_money_and_eat_time_read_as_a_kenyan_customer_expects() -> None:
    assert money(123_450, "KES") == "KES 1,234.50"
    assert money(5, "KES") == "KES 0.05"
    assert eat_time(datetime(2026, 12, 24, 15, 0, tzinfo=UTC)) == "Thu 24 Dec 2026, 18:00 EAT"


def test_only_unpaid_rental_suspensions_and_topup_credits_make_emails() -> None:
    suspended = BY_NAME["number_suspended_unpaid"].variables
    assert suspended(events_pb2.NumberSuspended(reason="suspended by operator")) is None
    assert suspended(
        events_pb2.NumberSuspended(
            e164="+254712345678", reason="unpaid_rental", amount_due_minor=50_000, currency="KES"
        )
    ) == {"e164": "+254712345678", "amount_due": "KES 500.00"}
    receipt = BY_NAME["topup_receipt"].variables
    assert receipt(events_pb2.WalletCredited(entry_type="adjustment", amount_minor=1)) is None
    assert receipt(events_pb2.WalletCredited(entry_type="topup", amount_minor=1)) is not None


def test_html_escapes_what_an_event_carries_and_text_keeps_it_readable() -> None:
    event = events_pb2.NumberTrialExpiring(
        e164="+254712345678",
        number_id="<script>",
        trial_until=to_timestamp(datetime(2026, 12, 24, 15, 0, tzinfo=UTC)),
        monthly_price_minor=50_000,
        currency="KES",
    )
    variables = BY_NAME["trial_expiring"].variables(event)
    assert variables is not None
    rendered = Renderer(base_url="https://api.example.test").render("trial_expiring", variables)
    assert rendered.subject == "Your trial number +254712345678 ends Thu 24 Dec 2026, 18:00 EAT"
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert "/v1/numbers/<script>/claim" in rendered.text


def test_every_template_of_the_table_renders_its_three_blocks() -> None:
    samples = {
        "trial_expiring": events_pb2.NumberTrialExpiring(e164="+254712345678"),
        "number_suspended_unpaid": events_pb2.NumberSuspended(reason="unpaid_rental"),
        "topup_receipt": events_pb2.WalletCredited(entry_type="topup"),
        "low_balance": events_pb2.WalletLowBalance(),
    }
    renderer = Renderer(base_url="https://api.example.test")
    assert set(samples) == set(BY_NAME)
    for name, event in samples.items():
        variables = BY_NAME[name].variables(event)
        assert variables is not None
        rendered = renderer.render(name, variables)
        assert rendered.subject and rendered.text.strip() and rendered.html.strip()


def test_the_low_balance_email_says_what_is_available_and_how_to_top_up() -> None:
    event = events_pb2.WalletLowBalance(
        workspace_id="00000000-0000-0000-0000-000000000001",
        balance_minor=150_000,
        available_minor=9_950,
        threshold_minor=10_000,
        currency="KES",
        crossed_at=to_timestamp(datetime(2026, 12, 24, 15, 0, tzinfo=UTC)),
    )
    variables = BY_NAME["low_balance"].variables(event)
    assert variables is not None
    rendered = Renderer(base_url="https://api.example.test").render("low_balance", variables)
    assert rendered.subject == "Your Sautikit wallet is low: KES 99.50 available"
    for body in (rendered.text, rendered.html):
        assert "KES 99.50" in body and "KES 1,500.00" in body and "KES 100.00" in body
        assert "Thu 24 Dec 2026, 18:00 EAT" in body
        assert "https://api.example.test/v1/wallet/topups" in body


def test_the_retry_wait_doubles_up_to_its_cap() -> None:
    schedule = RetrySchedule(first_delay_seconds=30, max_delay_seconds=3600)
    waits = [schedule.delay(n).total_seconds() for n in range(1, 10)]
    assert waits[:4] == [30, 60, 120, 240]
    assert waits[-1] == 3600
