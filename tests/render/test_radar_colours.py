"""Ring colours: Hold is not Adopt, and every text and mark meets WCAG AA in both themes; the
stylesheet uses the very values the renderer does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lodestar.render.radar_colours import (
    DARK,
    DARK_PAGE,
    LIGHT,
    LIGHT_PAGE,
    TONES,
    contrast,
    ring_tone,
)

CSS = Path(__file__).resolve().parents[2] / "src" / "lodestar" / "web" / "static" / "cockpit.css"


def test_contrast_matches_the_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#abcdef", "#abcdef") == pytest.approx(1.0)


@pytest.mark.parametrize(("theme", "page"), [(LIGHT, LIGHT_PAGE), (DARK, DARK_PAGE)])
def test_every_tone_meets_aa(theme: dict, page: str) -> None:  # type: ignore[type-arg]
    for tone in theme.values():
        assert contrast(tone.number, tone.blip) >= 4.5  # the number on its disc
        assert contrast(tone.blip, tone.band) >= 4.5  # the ring's name on its band
        assert contrast(tone.blip, page) >= 4.5  # legend numbers' discs, marks on the page
        assert contrast(tone.blip, "#ffffff" if theme is LIGHT else DARK_PAGE) >= 3.0


def test_rings_are_coloured_by_meaning() -> None:
    assert [ring_tone(k, 4) for k in range(4)] == ["adopt", "trial", "assess", "hold"]
    assert [ring_tone(k, 3) for k in range(3)] == ["adopt", "trial", "hold"]
    assert ring_tone(0, 1) == "adopt"
    assert [ring_tone(k, 5) for k in range(5)][-1] == "hold"
    hold, adopt = LIGHT["hold"].blip, LIGHT["adopt"].blip
    assert hold != adopt and contrast(hold, adopt) > 1.0


def _css_section(name: str) -> str:
    text = CSS.read_text("utf-8")
    return text[text.index(f"/* === {name} === */") :]


@pytest.mark.parametrize(("theme", "dark"), [(LIGHT, False), (DARK, True)])
def test_the_stylesheet_uses_the_same_colours(theme: dict, dark: bool) -> None:  # type: ignore[type-arg]
    section = _css_section("radar")
    blocks = re.findall(r"\{([^{}]*--rc-0:[^{}]*)\}", section)
    block = blocks[1] if dark else blocks[0]
    for i, name in enumerate(TONES):
        assert f"--rc-{i}: {theme[name].blip};" in block
        assert f"--rc-{i}-band: {theme[name].band};" in block
    assert f"--rc-number: {theme['adopt'].number};" in block
    if dark:
        assert blocks[1].split() == blocks[2].split()  # prefers-color-scheme and the toggle
