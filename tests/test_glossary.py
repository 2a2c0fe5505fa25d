"""The glossary: every term sourced, found as a whole word, capitals where they matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spotter.glossary import bundled_glossary, glossary_page, load_glossary, terms_in
from spotter.guidance import GuidanceError


def test_every_term_has_a_meaning_and_a_source() -> None:
    terms = bundled_glossary()
    assert {"MARAC", "ISA (Independent Stalking Advocate)", "Safeguarding lead"} <= {
        t.term for t in terms
    }
    assert all(t.meaning and t.source for t in terms)
    page = glossary_page()
    assert len(page.sources) == len(terms)


def test_terms_are_found_as_words_and_capitals_matter() -> None:
    found = [t.term for t in terms_in("Tell the practice Safeguarding Lead; consider MARAC.")]
    assert found == ["MARAC", "Safeguarding lead"]
    assert terms_in("There are four children; a marac-like word; ISAAC") == []
    assert [t.term for t in terms_in("an ISA can help")] == ["ISA (Independent Stalking Advocate)"]


def test_a_term_without_a_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "guidance.json"
    glossary = [{"term": "X", "words": ["X"], "meaning": "m", "source": ""}]
    path.write_text(json.dumps({"format": "spotter-guidance/1", "glossary": glossary}))
    with pytest.raises(GuidanceError, match=r"glossary\[0\]\.source"):
        load_glossary(path)
