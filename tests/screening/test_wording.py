"""The prompts' wording: sourced, short, plain, ours (not a licensed checklist's)."""

from __future__ import annotations

import re

import pytest
from screening_files import BUNDLED

from spotter.screening import load_bundled

CONTENT = load_bundled()


def syllables(word: str) -> int:
    """A standard English syllable estimate (vowel groups, silent final e)."""
    w = word.lower().strip("'")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level."""
    sentences = max(1, len(re.findall(r"[.?!]", text)))
    words = re.findall(r"[A-Za-z']+", text)
    total = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59


def test_the_grade_measure_tells_plain_from_dense() -> None:
    assert reading_grade("Are they afraid to go home today?") < 4
    assert (
        reading_grade("Has the perpetrator demonstrated escalating obsessional intrusiveness?") > 12
    )


@pytest.mark.parametrize("prompt", CONTENT.prompts, ids=lambda p: p.id)
def test_one_short_plain_question_per_prompt(prompt: object) -> None:
    from spotter.screening import Prompt

    assert isinstance(prompt, Prompt)
    text = prompt.text
    assert len(text.split()) <= 20
    assert text.endswith("?") and text.count("?") == 1
    assert reading_grade(text) <= 8, f"{prompt.id}: grade {reading_grade(text):.1f}"
    assert " and/or " not in text


def test_the_whole_screen_reads_at_grade_8_or_below() -> None:
    assert reading_grade(" ".join(p.text for p in CONTENT.prompts)) <= 6


def test_every_prompt_rule_and_step_cites_a_source_in_the_file() -> None:
    ids = {s.id for s in CONTENT.sources}
    assert {p.source for p in CONTENT.prompts} <= ids
    assert {r.source for r in CONTENT.rules} <= ids
    steps = [s for level in CONTENT.next_steps.values() for s in level]
    assert {s.source for s in [*steps, *CONTENT.staff_steps]} <= ids


def test_the_primary_pathway_references_are_cited() -> None:
    citations = " ".join(s.citation for s in CONTENT.sources)
    for expected in ("Silent Solution", "SafeLives", "General Medical Council", "116 123"):
        assert expected in citations
    assert "to be added at the next content review" not in citations


def test_unwanted_does_not_put_the_burden_on_the_person() -> None:
    unwanted = CONTENT.prompt("four_unwanted")
    assert "do not need to have told" in unwanted.help
    assert "said, or clearly shown" not in unwanted.help


# Distinctive phrases of the licensed checklists (S-DASH, DASH RIC), kept here only so a test
# can refuse wording that comes too close to them. Spotter may share their topics (listed in
# the clinical-content brief) but not their words.
LICENSED_PHRASES = (
    "are you very frightened",
    "is there previous domestic abuse or harassment history",
    "has x destroyed or vandalised your property",
    "visited you at home workplace or other places more than three times a week",
    "has x loitered around your home workplace or other places",
    "made any threats of physical or sexual violence",
    "been harassing any third party since the harassment began",
    "acted violently to anyone else during the stalking incident",
    "has x engaged others to help",
    "had problems in the past year with drugs alcohol or mental health",
    "what are you afraid of is it further injury or violence",
    "has the current incident resulted in injury",
)
BRIEF_TOPICS = {
    "frightened": "risk_frightened",
    "threats": "risk_threats",
    "violence already used": "risk_violence",
    "several times a week": "risk_visits",
    "escalation": "risk_escalating",
    "history of stalking or violence": "risk_stalker_history",
    "substance misuse or mental-health crisis": "risk_stalker_crisis",
    "ex-intimate partner": "ex_partner",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _pairs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + 2]) for i in range(len(words) - 1)}


def overlap(prompt: str, phrase: str) -> float:
    """Share of the licensed phrase's word pairs that the prompt repeats."""
    theirs = _pairs(phrase)
    return len(theirs & _pairs(prompt)) / len(theirs) if theirs else 0.0


TOO_CLOSE = 0.3


def test_the_overlap_measure_catches_near_verbatim_wording() -> None:
    assert overlap("Are you very frightened?", "are you very frightened") == 1
    assert (
        overlap("Is the person very frightened of what might happen?", "are you very frightened")
        >= TOO_CLOSE
    )
    assert (
        overlap(
            "Are they afraid of what the other person might do next?", "are you very frightened"
        )
        == 0
    )


@pytest.mark.parametrize("prompt", CONTENT.prompts, ids=lambda p: p.id)
def test_no_prompt_repeats_a_licensed_checklist(prompt: object) -> None:
    from spotter.screening import Prompt

    assert isinstance(prompt, Prompt)
    for phrase in LICENSED_PHRASES:
        assert overlap(prompt.text, phrase) < TOO_CLOSE, (prompt.id, phrase)
        assert overlap(prompt.help, phrase) < TOO_CLOSE, (prompt.id, phrase)


def test_every_risk_topic_in_the_brief_has_its_prompt() -> None:
    for topic, prompt_id in BRIEF_TOPICS.items():
        assert CONTENT.prompt(prompt_id).role.value in {"risk", "ex_partner"}, topic


def test_no_licensed_instrument_is_named_or_scored() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    for word in ("DASH", "SASH", "Stalking Risk Profile", "score:"):
        assert word.lower() not in text.lower(), word


def test_no_retired_helpline_number_anywhere() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert "0300 636 0300" not in text and "03006360300" not in text.replace(" ", "")
    assert "0808 802 0300" in text
