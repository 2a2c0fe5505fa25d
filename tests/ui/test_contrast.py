"""Colour contrast of every style in ui/style.py, computed (WCAG 2.2: text 4.5:1, large text
and the parts that identify a control or its focus 3:1)."""

from __future__ import annotations

import re

import pytest

from ui.style import CONTRAST, LEVEL_COLOURS, MINIMUM, QSS, contrast_ratio

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_the_formula_matches_known_ratios() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize(("where", "fore", "back", "kind"), CONTRAST, ids=[c[0] for c in CONTRAST])
def test_every_pair_meets_its_minimum(where: str, fore: str, back: str, kind: str) -> None:
    ratio = contrast_ratio(fore, back)
    assert ratio >= MINIMUM[kind], f"{where}: {fore} on {back} is {ratio:.2f}:1"


def test_every_colour_in_the_style_sheet_was_checked() -> None:
    checked = {c.casefold() for _, fore, back, _ in CONTRAST for c in (fore, back)}
    used = {c.casefold() for c in _HEX.findall(QSS)}
    assert used - checked == set()


@pytest.mark.parametrize("level", sorted(LEVEL_COLOURS))
def test_outcome_levels_keep_dark_text_and_a_visible_edge(level: str) -> None:
    background, border = LEVEL_COLOURS[level]
    assert contrast_ratio("#1f2933", background) >= 4.5
    assert contrast_ratio(border, background) >= 3.0
