"""The console's colours meet WCAG 2.1 AA: 4.5:1 for text on its background, 3:1 for the parts
of controls and the focus ring (1.4.3, 1.4.11). The colours are read from app.css itself, so a
changed colour is checked as it ships."""

from __future__ import annotations

import re

import pytest

from gateway.console import STATIC_DIR

TEXT = 4.5
NON_TEXT = 3.0
# (foreground, background, minimum): every pairing app.css uses.
PAIRS = [
    ("ink", "paper", TEXT),
    ("ink", "panel", TEXT),
    ("muted", "paper", TEXT),
    ("muted", "panel", TEXT),
    ("accent", "paper", TEXT),  # links, secondary buttons
    ("accent", "panel", TEXT),  # navigation links in the header
    ("accent-ink", "accent", TEXT),  # primary buttons
    ("danger-ink", "danger", TEXT),
    ("danger", "paper", TEXT),  # field errors, debits
    ("danger", "warn-bg", TEXT),  # an error inside a confirmation panel
    ("ok", "paper", TEXT),
    ("paper", "ok", TEXT),  # the LIVE badge
    ("test-ink", "test-bg", TEXT),  # the TEST badge
    ("warn-ink", "warn-bg", TEXT),  # secrets shown once, confirmations
    ("accent", "warn-bg", TEXT),  # buttons inside a confirmation
    ("line", "paper", NON_TEXT),  # input borders
    ("focus", "paper", NON_TEXT),
    ("focus", "panel", NON_TEXT),
]


def palette() -> dict[str, str]:
    css = (STATIC_DIR / "app.css").read_text()
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # a classic fail


@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_palette_pair_meets_wcag_aa(foreground: str, background: str, minimum: float) -> None:
    colours = palette()
    ratio = contrast(colours[foreground], colours[background])
    assert ratio >= minimum, f"{foreground} on {background}: {ratio:.2f} < {minimum}"


def test_every_colour_in_the_stylesheet_is_a_palette_variable() -> None:
    """A literal colour outside :root would escape the checks above."""
    css = (STATIC_DIR / "app.css").read_text()
    body = css.split("}", 1)[1]  # everything after the :root block
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", body) == []
