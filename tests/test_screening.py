"""Screening content validation and the pure evaluation rules."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spotter.resources import resource_path
from spotter.screening import (
    FORMAT,
    Answer,
    ContentError,
    Level,
    Outcome,
    Role,
    Route,
    ScreeningContent,
    evaluate,
    load_bundled,
    load_content,
    summary_text,
)

Y, N, U = Answer.YES, Answer.NO, Answer.UNSURE
BUNDLED = resource_path("screening", "spotter-core.json")


@pytest.fixture(scope="module")
def content() -> ScreeningContent:
    return load_bundled()


@pytest.fixture()
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return data


def all_no(content: ScreeningContent, **overrides: Answer) -> dict[str, Answer]:
    answers = {p.id: N for p in content.prompts}
    answers.update(overrides)
    return answers


def pattern(content: ScreeningContent, **overrides: Answer) -> dict[str, Answer]:
    """Course of conduct plus one behaviour: the minimum for stalking indicated."""
    return all_no(content, **{"course_of_conduct": Y, "behaviour_contact": Y, **overrides})


def codes(outcome: Outcome) -> set[str]:
    return {f.code for f in outcome.flags}


def steps(outcome: Outcome) -> str:
    return "\n".join(outcome.next_steps)


# --------------------------------------------------------------------------- bundled content


def test_bundled_loads_with_expected_shape(content: ScreeningContent) -> None:
    assert content.id == "spotter-core"
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", content.version)
    assert 12 <= len(content.prompts) <= 17
    assert "not a risk assessment" in content.notice
    roles = {p.role for p in content.prompts}
    assert roles == set(Role)
    assert [p.id for p in content.prompts_for_role("four")] == [
        "four_fixated",
        "four_obsessive",
        "four_unwanted",
        "four_repeated",
    ]
    assert content.prompt("danger_now").role is Role.DANGER
    with pytest.raises(KeyError):
        content.prompt("nope")


def test_every_prompt_is_complete_and_cites_a_known_source(content: ScreeningContent) -> None:
    source_ids = {s.id for s in content.sources}
    for prompt in content.prompts:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", prompt.id)
        assert prompt.text.strip().endswith("?"), prompt.id
        assert len(prompt.help.strip()) > 20, prompt.id
        assert prompt.source in source_ids, prompt.id
    for source in content.sources:
        assert source.citation.strip()
    citations = " ".join(s.citation for s in content.sources)
    for expected in (
        "FOUR",
        "Protection from Harassment Act 1997",
        "HMICFRS 2017",
        "Suzy Lamplugh",
    ):
        assert expected in citations


def test_bundled_thresholds_come_from_the_file(content: ScreeningContent) -> None:
    rules = content.rules
    assert (rules.behaviour_yes_threshold, rules.four_yes_threshold) == (1, 2)
    assert (rules.risk_yes_threshold, rules.unsure_risk_threshold) == (1, 2)
    assert rules.high_concern_requires_pattern is True
    assert rules.description


def test_no_retired_helpline_number_anywhere() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    module = Path(__file__).resolve().parent.parent / "spotter" / "screening.py"
    docs = Path(__file__).resolve().parent.parent / "docs" / "screening-format.md"
    for body in (text, module.read_text(encoding="utf-8"), docs.read_text(encoding="utf-8")):
        assert "0300 636 0300" not in body
        assert "03006360300" not in body.replace(" ", "")


def test_no_licensed_instrument_presented(content: ScreeningContent) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    for word in ("DASH", "SASH", "Stalking Risk Profile", "score:"):
        assert word.lower() not in text.lower(), word
    outcome = evaluate(content, pattern(content, risk_threats=Y))
    rendered = summary_text(content, pattern(content, risk_threats=Y), outcome)
    assert "DASH" not in rendered
    assert not re.search(r"(?<!no )score", rendered.lower())


# --------------------------------------------------------------------------- levels


def test_all_no_is_no_indication(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content))
    assert outcome.level is Level.NO_INDICATION
    assert outcome.flags == ()
    assert outcome.unanswered == ()
    assert "professional judgement overrides" in steps(outcome)
    assert "0808 802 0300" in steps(outcome)
    assert outcome.next_steps[-1] == (
        "This screen is a prompt for professional judgement, not a risk assessment."
    )
    assert (outcome.content_id, outcome.content_version) == (content.id, content.version)


def test_course_of_conduct_and_one_behaviour_is_stalking_indicated(
    content: ScreeningContent,
) -> None:
    outcome = evaluate(content, pattern(content))
    assert outcome.level is Level.STALKING_INDICATED
    text = steps(outcome)
    assert "Independent Stalking Advocate" in text
    assert "National Stalking Helpline: 0808 802 0300" in text
    assert "diary" in text
    assert "999" not in outcome.next_steps[0]
    assert {r.prompt_id for r in outcome.reasons} == {"course_of_conduct", "behaviour_contact"}


def test_behaviour_without_course_of_conduct_is_not_stalking(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content, behaviour_contact=Y, behaviour_presence=Y))
    assert outcome.level is Level.NO_INDICATION
    assert any(
        r.prompt_id == "course_of_conduct" and "no pattern yet" in r.effect for r in outcome.reasons
    )


def test_course_of_conduct_alone_is_not_enough(content: ScreeningContent) -> None:
    assert evaluate(content, all_no(content, course_of_conduct=Y)).level is Level.NO_INDICATION


def test_four_threshold_exactly_met_and_one_short(content: ScreeningContent) -> None:
    met = all_no(content, course_of_conduct=Y, four_unwanted=Y, four_repeated=Y)
    assert evaluate(content, met).level is Level.STALKING_INDICATED
    short = all_no(content, course_of_conduct=Y, four_unwanted=Y)
    assert evaluate(content, short).level is Level.NO_INDICATION
    unsure_does_not_count = all_no(content, course_of_conduct=Y, four_unwanted=Y, four_repeated=U)
    assert evaluate(content, unsure_does_not_count).level is Level.NO_INDICATION


def test_high_concern_one_risk_yes(content: ScreeningContent) -> None:
    outcome = evaluate(content, pattern(content, risk_violence=Y))
    assert outcome.level is Level.HIGH_CONCERN
    text = steps(outcome)
    assert "999 if the person is in danger, 101 otherwise" in text
    assert "0808 802 0300" in text
    assert "safeguarding lead" in text


def test_risk_without_pattern_does_not_raise_level(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content, risk_violence=Y, risk_threats=Y))
    assert outcome.level is Level.NO_INDICATION


def test_unsure_risk_threshold_exactly_met_and_one_short(content: ScreeningContent) -> None:
    met = pattern(content, risk_threats=U, risk_escalating=U)
    assert evaluate(content, met).level is Level.HIGH_CONCERN
    short = pattern(content, risk_threats=U)
    assert evaluate(content, short).level is Level.STALKING_INDICATED


def test_danger_yes_is_immediate_danger_whatever_else(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content, danger_now=Y))
    assert outcome.level is Level.IMMEDIATE_DANGER
    assert outcome.next_steps[0] == "Call 999 now."
    assert "dial 999" in steps(outcome) and "press 55" in steps(outcome)
    assert evaluate(content, {"danger_now": Y}).level is Level.IMMEDIATE_DANGER


def test_danger_unsure_is_at_least_high_concern_never_no(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content, danger_now=U))
    assert outcome.level is Level.HIGH_CONCERN
    assert "ask_again" in codes(outcome)
    reason = next(r for r in outcome.reasons if r.prompt_id == "danger_now")
    assert reason.answer is U
    assert "possible danger" in reason.effect


def test_danger_unanswered_is_flagged_to_ask(content: ScreeningContent) -> None:
    answers = all_no(content)
    del answers["danger_now"]
    outcome = evaluate(content, answers)
    assert outcome.level is Level.NO_INDICATION
    assert outcome.unanswered == ("danger_now",)
    flag = outcome.flag("ask_again")
    assert flag is not None and "immediate danger" in flag.text


def test_course_of_conduct_unsure_is_possible_and_said_so(content: ScreeningContent) -> None:
    outcome = evaluate(content, pattern(content, course_of_conduct=U))
    assert outcome.level is Level.STALKING_INDICATED
    assert {"possible_pattern", "ask_again"} <= codes(outcome)
    reason = next(r for r in outcome.reasons if r.prompt_id == "course_of_conduct")
    assert "possible course of conduct" in reason.effect
    # A confirmed pattern carries no "possible" flag.
    assert "possible_pattern" not in codes(evaluate(content, pattern(content)))


def test_course_of_conduct_unanswered_is_possible_not_no(content: ScreeningContent) -> None:
    answers = pattern(content)
    del answers["course_of_conduct"]
    outcome = evaluate(content, answers)
    assert outcome.level is Level.STALKING_INDICATED
    assert "possible_pattern" in codes(outcome)


def test_levels_are_ordered_with_plain_titles() -> None:
    ordered = sorted(Level, key=lambda level: level.rank)
    assert ordered == [
        Level.NO_INDICATION,
        Level.STALKING_INDICATED,
        Level.HIGH_CONCERN,
        Level.IMMEDIATE_DANGER,
    ]
    assert Level.NO_INDICATION.summary == "No indication of stalking from these answers."
    assert Level.IMMEDIATE_DANGER.title == "Immediate danger"
    assert Level("high_concern") is Level.HIGH_CONCERN


# --------------------------------------------------------------------------- flags


@pytest.mark.parametrize("answer", [Y, U])
def test_children_yes_or_unsure_flags_safeguarding(
    content: ScreeningContent, answer: Answer
) -> None:
    outcome = evaluate(content, all_no(content, children=answer))
    flag = outcome.flag("safeguarding_children")
    assert flag is not None
    assert "safeguarding lead" in flag.text and "children's services" in flag.text
    assert outcome.level is Level.NO_INDICATION


def test_children_no_gives_no_flag(content: ScreeningContent) -> None:
    assert outcome_codes(content, pattern(content)) == set()


def outcome_codes(content: ScreeningContent, answers: dict[str, Answer]) -> set[str]:
    return codes(evaluate(content, answers))


def test_marac_route_needs_ex_partner_and_high_concern(content: ScreeningContent) -> None:
    high = evaluate(content, pattern(content, ex_partner=Y, risk_threats=Y))
    assert high.level is Level.HIGH_CONCERN
    flag = high.flag("marac_route")
    assert flag is not None and "MARAC" in flag.text and "safeguarding lead" in flag.text
    danger = evaluate(content, pattern(content, ex_partner=Y, danger_now=Y))
    assert "marac_route" in codes(danger)
    # One level short: stalking indicated with an ex-partner is not a MARAC route by itself.
    assert "marac_route" not in outcome_codes(content, pattern(content, ex_partner=Y))
    assert "marac_route" not in outcome_codes(content, pattern(content, risk_threats=Y))
    assert "marac_route" not in outcome_codes(
        content, pattern(content, ex_partner=U, risk_threats=Y)
    )


# --------------------------------------------------------------------------- unanswered


def test_nothing_answered_lists_every_prompt(content: ScreeningContent) -> None:
    outcome = evaluate(content, {})
    assert outcome.unanswered == tuple(p.id for p in content.prompts)
    assert f"{len(content.prompts)} questions were not answered" in steps(outcome)
    assert outcome.level is Level.NO_INDICATION


def test_one_unanswered_is_singular(content: ScreeningContent) -> None:
    answers = all_no(content)
    del answers["children"]
    outcome = evaluate(content, answers)
    assert outcome.unanswered == ("children",)
    assert "1 question was not answered" in steps(outcome)
    assert "safeguarding_children" not in codes(outcome)


def test_unknown_prompt_id_is_rejected(content: ScreeningContent) -> None:
    with pytest.raises(ValueError, match="danger2"):
        evaluate(content, {"danger2": Y})


# --------------------------------------------------------------------------- staff route


def test_staff_route_with_contact(content: ScreeningContent) -> None:
    outcome = evaluate(
        content, pattern(content), route=Route.STAFF, staff_support_contact="Jo Bloggs, ext 204"
    )
    text = steps(outcome)
    assert "Contact the practice's staff support: Jo Bloggs, ext 204." in text
    assert "stalked more often than the general public" in text
    assert outcome.level is Level.STALKING_INDICATED
    assert outcome.next_steps[-1].startswith("This screen is a prompt")


@pytest.mark.parametrize("contact", [None, "", "   "])
def test_staff_route_without_contact(content: ScreeningContent, contact: str | None) -> None:
    outcome = evaluate(content, pattern(content), route=Route.STAFF, staff_support_contact=contact)
    text = steps(outcome)
    assert "Ask your practice manager who the staff-support contact is." in text
    assert "staff support:" not in text


def test_patient_route_has_no_staff_lines(content: ScreeningContent) -> None:
    text = steps(evaluate(content, pattern(content), staff_support_contact="Jo"))
    assert "staff" not in text.lower()


# --------------------------------------------------------------------------- summary


def test_summary_text_for_the_record(content: ScreeningContent) -> None:
    answers = pattern(content, risk_threats=Y, ex_partner=Y, children=U)
    outcome = evaluate(content, answers)
    text = summary_text(content, answers, outcome, on=date(2026, 11, 3))
    assert "2026-11-03" in text
    assert "Outcome: High concern." in text
    assert "Refer to MARAC" in text and "Children may be at risk" in text
    assert f"spotter-core version {content.version}" in text
    assert content.prompt("risk_threats").text + " Yes." in text
    assert "not a risk assessment" in text
    assert "SNOMED" not in text and "Read code" not in text


def test_summary_marks_unanswered(content: ScreeningContent) -> None:
    outcome = evaluate(content, {"danger_now": N})
    text = summary_text(content, {"danger_now": N}, outcome, on=date(2026, 1, 1))
    assert text.count("Not answered") == len(content.prompts) - 1


# --------------------------------------------------------------------------- validation


def write(tmp_path: Path, data: Any, name: str = "practice.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def load_error(tmp_path: Path, data: Any) -> str:
    with pytest.raises(ContentError) as info:
        load_content(write(tmp_path, data))
    message = str(info.value)
    assert message.startswith("practice.json: "), message
    return message


def test_valid_copy_loads(tmp_path: Path, raw: dict[str, Any]) -> None:
    loaded = load_content(write(tmp_path, raw))
    assert loaded == load_bundled()


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "spotter-screening/1",\n  "id": }\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"^broken\.json: not valid JSON at line 3, column 9"):
        load_content(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^absent\.json: cannot read"):
        load_content(tmp_path / "absent.json")


def test_top_level_must_be_object(tmp_path: Path) -> None:
    assert "expected an object" in load_error(tmp_path, [1, 2])


def test_wrong_format_tag(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["format"] = "spotter-screening/2"
    message = load_error(tmp_path, raw)
    assert "format: 'spotter-screening/2' is not supported" in message
    assert FORMAT in message


@pytest.mark.parametrize("field", ["id", "version", "title", "licence", "notice", "format"])
def test_missing_top_level_field(tmp_path: Path, raw: dict[str, Any], field: str) -> None:
    del raw[field]
    assert f"practice.json: {field}: missing" == load_error(tmp_path, raw)


def test_empty_top_level_field(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["title"] = "  "
    assert "title: is empty" in load_error(tmp_path, raw)


def test_empty_prompts(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"] = []
    assert "prompts: is empty" in load_error(tmp_path, raw)


@pytest.mark.parametrize("field", ["id", "section", "role", "text", "help", "source"])
def test_missing_prompt_field(tmp_path: Path, raw: dict[str, Any], field: str) -> None:
    del raw["prompts"][3][field]
    assert f"prompts[3].{field}: missing" in load_error(tmp_path, raw)


def test_empty_prompt_text(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"][2]["help"] = ""
    assert "prompts[2].help: is empty" in load_error(tmp_path, raw)


def test_unknown_role(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"][3]["role"] = "danger2"
    message = load_error(tmp_path, raw)
    assert "prompts[3].role: 'danger2' is not one of" in message
    assert "course_of_conduct" in message and "ex_partner" in message


def test_duplicate_prompt_id(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"][4]["id"] = raw["prompts"][1]["id"]
    assert "prompts[4].id: duplicate prompt id 'four_fixated'" in load_error(tmp_path, raw)


def test_prompt_id_must_be_snake_case(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"][0]["id"] = "Danger Now"
    assert "prompts[0].id: 'Danger Now' is not a snake_case id" in load_error(tmp_path, raw)


def test_duplicate_source_id(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["sources"].append(copy.deepcopy(raw["sources"][0]))
    assert f"sources[{len(raw['sources']) - 1}].id: duplicate source id" in load_error(
        tmp_path, raw
    )


def test_unknown_source_id(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"][5]["source"] = "sdash"
    assert "prompts[5].source: 'sdash' is not a source id" in load_error(tmp_path, raw)


def test_missing_danger_role(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"] = [p for p in raw["prompts"] if p["role"] != "danger"]
    assert "prompts: needs at least one prompt with role 'danger'" in load_error(tmp_path, raw)


def test_unknown_field_is_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["prompts"][1]["hlep"] = "typo"
    assert "prompts[1].hlep: unknown field" in load_error(tmp_path, raw)
    del raw["prompts"][1]["hlep"]
    raw["rules"]["risk_threshold"] = 3
    assert "rules.risk_threshold: unknown field" in load_error(tmp_path, raw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "must be 1 or more, got 0"),
        ("2", "expected a whole number"),
        (True, "expected a whole number"),
        (6, "6 can never be met: there are only 5 risk prompts"),
    ],
)
def test_bad_threshold(tmp_path: Path, raw: dict[str, Any], value: object, expected: str) -> None:
    raw["rules"]["risk_yes_threshold"] = value
    assert f"rules.risk_yes_threshold: {expected}" in load_error(tmp_path, raw)


def test_missing_rules(tmp_path: Path, raw: dict[str, Any]) -> None:
    del raw["rules"]
    assert load_error(tmp_path, raw) == "practice.json: rules: missing"


# --------------------------------------------------------------------------- another instrument


def licensed_instrument() -> dict[str, Any]:
    """A practice's own file: danger plus risk items only, scored as a count of yes answers."""
    prompts = [
        {
            "id": "now",
            "section": "safety",
            "role": "danger",
            "text": "Danger now?",
            "help": "Help text.",
            "source": "own",
        }
    ] + [
        {
            "id": f"item_{n}",
            "section": "items",
            "role": "risk",
            "text": f"Item {n}?",
            "help": "Help text.",
            "source": "own",
        }
        for n in range(1, 6)
    ]
    return {
        "format": FORMAT,
        "id": "practice-own",
        "version": "1",
        "title": "Practice instrument",
        "licence": "Used with permission",
        "notice": "Practice's licensed copy",
        "sources": [{"id": "own", "citation": "Practice licence"}],
        "rules": {"risk_yes_threshold": 3, "high_concern_requires_pattern": False},
        "prompts": prompts,
    }


def test_other_instrument_rules_are_tunable(tmp_path: Path) -> None:
    other = load_content(write(tmp_path, licensed_instrument()))
    assert other.rules.unsure_risk_threshold == 2  # default
    base = {"now": N, "item_1": Y, "item_2": Y}
    assert evaluate(other, base).level is Level.NO_INDICATION
    assert evaluate(other, {**base, "item_3": Y}).level is Level.HIGH_CONCERN
    assert evaluate(other, {**base, "now": Y}).level is Level.IMMEDIATE_DANGER
