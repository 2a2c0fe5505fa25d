"""The sign-off table is generated from the content file and never out of date."""

from __future__ import annotations

from pathlib import Path

from spotter.screening import load_bundled
from spotter.screening.decision_doc import render
from spotter.screening.table import SAFETY_FLOORS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "clinical-safety" / "decision-table.md"


def test_the_committed_decision_table_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(load_bundled()), (
        "the screening content changed: run uv run python tools/decision_table.py"
    )


def test_it_lists_every_prompt_rule_floor_and_source() -> None:
    content = load_bundled()
    text = render(content)
    for prompt in content.prompts:
        assert f"`{prompt.id}`" in text and prompt.text in text
    for rule in content.rules:
        assert f"| `{rule.id}` |" in text
    for floor in SAFETY_FLOORS:
        assert floor.words in text
    for source in content.sources:
        assert f"`{source.id}`" in text
    assert "any danger question is answered yes" in text
    assert "Clinical safety officer" in text
