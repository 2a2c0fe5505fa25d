"""Content validation: every wrong type or value is refused with its place, nothing crashes.

Written against a practice's minimal file (``screening_files.minimal_raw``), whose rules are,
in order: 0 ``danger`` (yes), 1 ``danger_unsure``, 2 ``danger_open``, 3 ``risk``,
4 ``risk_open``, 5 ``marac``, 6 ``child_harm``, 7 ``children``.

Equivalent mutants of the loading (``tools/mutation.py screening-content``; listed in pyproject):

* ``content.x_load_content__mutmut_6``, ``_9``: the file read with the platform's encoding, or
  with ``"UTF-8"`` in capitals. The second is the same codec; the first is the same on the
  UTF-8 machines the tool runs on (on Windows it would not be: keep ``encoding="utf-8"``).
* ``content.x_load_content__mutmut_10``, ``_17``, ``_22``, and in ``parse_content`` the
  top-level places (``_7``, ``_14``, ``_46``, ``_177``, ``_249``, ``_258``, ``_267``,
  ``_276``, ``_285``): a place given as ``None`` instead of ``""``; both mean "the top of the
  file", and the message is the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from screening_files import load
from screening_files import minimal_raw as shared_raw

from spotter.screening import ContentError, Level, evaluate, load_content
from spotter.screening.table import Answered, TableError

Raw = dict[str, Any]


def minimal_raw() -> Raw:
    """The minimal file with no list shared between its fields (its steps are one list)."""
    raw: Raw = json.loads(json.dumps(shared_raw()))
    return raw


def refused(raw: Raw) -> str:
    with pytest.raises(ContentError) as info:
        load(raw)
    message = str(info.value)
    assert message.startswith("practice.json: "), message
    return message.removeprefix("practice.json: ")


def when(index: int, condition: Any) -> Callable[[Raw], None]:
    return lambda raw: raw["rules"][index].update(when=condition)


def risk_when(**fields: Any) -> Callable[[Raw], None]:
    return when(3, {"prompts": ["risk_threats", "risk_violence"], "answers": ["yes"], **fields})


CASES: list[tuple[str, Callable[[Raw], None], str]] = [
    # at_least: a whole number, 1 or more, counted against the prompts the condition names
    ("at_least text", risk_when(at_least="2"), "rules[3].when.at_least: expected a whole number"),
    ("at_least true", risk_when(at_least=True), "rules[3].when.at_least: expected a whole number"),
    ("at_least 1.5", risk_when(at_least=1.5), "rules[3].when.at_least: expected a whole number"),
    ("at_least 0", risk_when(at_least=0), "rules[3].when.at_least: expected a whole number"),
    (
        "at_least over the prompts listed",
        risk_when(at_least=3),
        "rules[3].when.at_least: 3 can never be met: only 2 prompt(s) match",
    ),
    (
        "at_least over the role",
        when(0, {"role": "danger", "answers": ["yes"], "at_least": 2}),
        "rules[0].when.at_least: 2 can never be met: only 1 prompt(s) match",
    ),
    # answers and prompts
    ("answers text", risk_when(answers="yes"), "rules[3].when.answers: expected a list of"),
    ("answers empty", risk_when(answers=[]), "rules[3].when.answers: expected a list of"),
    (
        "answers unknown",
        risk_when(answers=["yes", "maybe"]),
        "rules[3].when.answers: expected a list of no, unsure, yes, unanswered",
    ),
    (
        "prompts text",
        risk_when(prompts="risk_threats"),
        "rules[3].when.prompts: expected a non-empty list of prompt ids",
    ),
    ("prompts empty", risk_when(prompts=[]), "rules[3].when.prompts: expected a non-empty list"),
    (
        "prompts nested",
        risk_when(prompts=["risk_threats", ["risk_violence"]]),
        "rules[3].when.prompts: ['risk_violence'] is not a prompt id",
    ),
    (
        "prompts unknown",
        risk_when(prompts=["risk_threats", "risk_fear"]),
        "rules[3].when.prompts: 'risk_fear' is not a prompt id",
    ),
    (
        "role and prompts",
        risk_when(role="risk"),
        "rules[3].when: give either 'role' or 'prompts'",
    ),
    ("neither", when(3, {"answers": ["yes"]}), "rules[3].when: give either 'role' or 'prompts'"),
    (
        "role with no prompt",
        when(3, {"role": "wellbeing", "answers": ["yes"]}),
        "rules[3].when.role: no prompt has the role 'wellbeing'",
    ),
    ("role not text", when(3, {"role": 4, "answers": ["yes"]}), "rules[3].when.role: expected"),
    (
        "unknown key",
        risk_when(colour="red"),
        "rules[3].when.colour: unknown field (a condition is all, any, level_at_least, or "
        "role/prompts with answers and at_least)",
    ),
    # combinators
    ("when not an object", when(3, ["risk"]), "rules[3].when: expected an object"),
    (
        "all with more",
        when(5, {"all": [{"level_at_least": "high_concern"}], "role": "ex_partner"}),
        "rules[5].when: 'all' stands alone in its object",
    ),
    (
        "any with more",
        when(3, {"any": [{"role": "risk", "answers": ["yes"]}], "at_least": 1}),
        "rules[3].when: 'any' stands alone in its object",
    ),
    ("all empty", when(5, {"all": []}), "rules[5].when.all: expected a non-empty list"),
    ("any text", when(5, {"any": "ex_partner"}), "rules[5].when.any: expected a non-empty list"),
    (
        "a part wrong",
        when(5, {"all": [{"role": "ex_partner", "answers": ["yes"]}, {"role": "nobody"}]}),
        "rules[5].when.all[1].role: 'nobody' is not one of",
    ),
    (
        "level_at_least with more",
        when(5, {"level_at_least": "high_concern", "role": "ex_partner"}),
        "rules[5].when: 'level_at_least' stands alone in its object",
    ),
    (
        "level_at_least unknown",
        when(5, {"level_at_least": "urgent"}),
        "rules[5].when.level_at_least: 'urgent' is not one of no_indication, not_completed",
    ),
    # the rule's own fields
    ("rules not a list", lambda r: r.update(rules={}), "rules: expected a non-empty list"),
    ("rules empty", lambda r: r.update(rules=[]), "rules: expected a non-empty list of rules"),
    ("rule not an object", lambda r: r["rules"].append("x"), "rules[8]: expected an object"),
    ("rule id", lambda r: r["rules"][3].update(id="Risk"), "rules[3].id: 'Risk' is not a snake"),
    ("rule id missing", lambda r: r["rules"][3].pop("id"), "rules[3].id: missing"),
    ("rule id empty", lambda r: r["rules"][3].update(id=" "), "rules[3].id: expected non-empty"),
    ("when missing", lambda r: r["rules"][3].pop("when"), "rules[3].when: missing"),
    ("group", lambda r: r["rules"][3].update(group="other"), "rules[3].group: 'other' is not"),
    ("level number", lambda r: r["rules"][3].update(level=3), "rules[3].level: expected non"),
    ("reason missing", lambda r: r["rules"][3].pop("reason"), "rules[3].reason: missing"),
    (
        "flag text without a flag",
        lambda r: r["rules"][3].update(flag_text="x"),
        "rules[3].flag_text: is set but the rule raises no flag",
    ),
    (
        "flag text not text",
        lambda r: r["rules"][6].update(flag_text=False),
        "rules[6].flag_text: expected non-empty text",
    ),
    ("flag", lambda r: r["rules"][6].update(flag="police"), "rules[6].flag: 'police' is not"),
    ("step not text", lambda r: r["rules"][6].update(step=["x"]), "rules[6].step: expected"),
    (
        "route",
        lambda r: r["rules"][6].update(route="both"),
        "rules[6].route: 'both' is not 'patient' or 'staff'",
    ),
    (
        "route on a level rule",
        lambda r: r["rules"][3].update(route="patient"),
        "rules[3].route: a rule that sets the level applies on both routes",
    ),
    # the file around the table
    ("not an object", lambda r: r.clear() or r.update(format=["x"]), "format: expected text"),
    ("next_steps a list", lambda r: r.update(next_steps=[]), "next_steps: expected an object"),
    (
        "a level's steps empty",
        lambda r: r["next_steps"].update(high_concern=[]),
        "next_steps.high_concern: is empty",
    ),
    (
        "a step not an object",
        lambda r: r["next_steps"].update(high_concern=["Call"]),
        "next_steps.high_concern[0]: expected an object, got text",
    ),
    (
        "a step's source",
        lambda r: r["staff_steps"][0].update(source="nhs"),
        "staff_steps[0].source: 'nhs' is not a source id in sources",
    ),
    (
        "a step's who",
        lambda r: r["staff_steps"].append({"text": "t", "source": "own", "who": "boss"}),
        "staff_steps[1].who: 'boss' is not 'self' or 'colleague'",
    ),
    (
        "a step's unknown field",
        lambda r: r["staff_steps"][0].update(when="now"),
        "staff_steps[0].when: unknown field (allowed: source, text, who)",
    ),
    (
        "an adult's age steps",
        lambda r: r.update(age_steps={"18_plus": [{"text": "t", "source": "own"}]}),
        "age_steps.18_plus: unknown field (allowed: 16_17, under_16)",
    ),
    (
        "an unknown level's steps",
        lambda r: r["next_steps"].update(urgent=[]),
        "next_steps.urgent: unknown field",
    ),
    (
        "a step's source missing",
        lambda r: r["next_steps"]["high_concern"][0].pop("source"),
        "next_steps.high_concern[0].source: missing",
    ),
    (
        "a step's text missing",
        lambda r: r["staff_steps"][0].pop("text"),
        "staff_steps[0].text: missing",
    ),
    (
        "a step's who not text",
        lambda r: r["staff_steps"][0].update(who=1),
        "staff_steps[0].who: expected text, got a number",
    ),
    ("title a fraction", lambda r: r.update(title=1.5), "title: expected text, got a number"),
    ("id a list", lambda r: r.update(id=["a"]), "id: expected text, got a list"),
    ("id an object", lambda r: r.update(id={}), "id: expected text, got an object"),
    (
        "a Python value",
        lambda r: r.update(id=("a",)),
        "id: expected text, got tuple",
    ),
    (
        "a prompt not an object",
        lambda r: r["prompts"].append("x"),
        "prompts[6]: expected an object",
    ),
    ("a prompt's id missing", lambda r: r["prompts"][0].pop("id"), "prompts[0].id: missing"),
    (
        "a prompt's source missing",
        lambda r: r["prompts"][0].pop("source"),
        "prompts[0].source: missing",
    ),
    (
        "a prompt's section missing",
        lambda r: r["prompts"][0].pop("section"),
        "prompts[0].section: missing",
    ),
    (
        "a prompt's ask again not text",
        lambda r: r["prompts"][0].update(ask_again=False),
        "prompts[0].ask_again: expected text, got true/false",
    ),
    (
        "a prompt's role unknown",
        lambda r: r["prompts"][0].update(role="panic"),
        "prompts[0].role: 'panic' is not one of danger, four, course_of_conduct, behaviour, risk, "
        "ex_partner, children, child_harm, wellbeing, context",
    ),
    (
        "threats with another role",
        lambda r: r["prompts"][1].update(role="context"),
        "prompts: the prompt 'risk_threats' must have the role 'risk'",
    ),
    (
        "two roles missing",
        lambda r: r.update(prompts=r["prompts"][:4]),
        "prompts: a screening file must ask about danger, threats, violence, a partner and "
        "children; this one lacks a prompt with role 'children'; a prompt with role 'child_harm'",
    ),
    (
        "a rule's unknown field",
        lambda r: r["rules"][3].update(colour="red"),
        "rules[3].colour: unknown field (allowed: flag, flag_text, group, id, level, reason, "
        "route, source, step, when)",
    ),
    ("a rule's source missing", lambda r: r["rules"][3].pop("source"), "rules[3].source: missing"),
    (
        "a rule raising ask again",
        lambda r: r["rules"][6].update(flag="ask_again"),
        "rules[6].flag: 'ask_again' is raised by Spotter itself for every 'not sure'",
    ),
    (
        "a rule's route not text",
        lambda r: r["rules"][6].update(route=1),
        "rules[6].route: expected non-empty text",
    ),
    (
        "a level rule using the level",
        when(
            3,
            {
                "all": [
                    {"role": "risk", "answers": ["unsure", "yes"]},
                    {"level_at_least": "no_indication"},
                ]
            },
        ),
        "rules[3].when: a rule that sets the level cannot depend on the level",
    ),
    (
        "a level rule not upward-closed",
        when(3, {"role": "risk", "answers": ["no", "yes"]}),
        "rules[3].when: a rule that sets the level must be upward-closed: an answer set with 'no' "
        "must also hold 'unsure' and 'yes', one with 'unsure' must also hold 'yes'",
    ),
    ("a top-level field", lambda r: r.update(colour="red"), "colour: unknown field (allowed:"),
    ("title a number", lambda r: r.update(title=5), "title: expected text, got a number"),
    ("version true", lambda r: r.update(version=True), "version: expected text, got true/false"),
    ("licence null", lambda r: r.update(licence=None), "licence: expected text, got null"),
    ("notice missing", lambda r: r.pop("notice"), "notice: missing"),
    ("sources an object", lambda r: r.update(sources={}), "sources: expected a list, got an"),
    ("sources empty", lambda r: r.update(sources=[]), "sources: is empty"),
    ("a source a list", lambda r: r["sources"].append([]), "sources[1]: expected an object, got a"),
    ("a source's id", lambda r: r["sources"][0].update(id="Own"), "sources[0].id: 'Own' is not"),
    (
        "a source's field",
        lambda r: r["sources"][0].update(page=4),
        "sources[0].page: unknown field (allowed: citation, id, url)",
    ),
    ("prompts missing", lambda r: r.pop("prompts"), "prompts: missing"),
    ("a prompt's role", lambda r: r["prompts"][0].update(role=1), "prompts[0].role: expected text"),
    ("a prompt's help", lambda r: r["prompts"][0].pop("help"), "prompts[0].help: missing"),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_wrong_value_is_refused_with_its_place(
    mutate: Callable[[Raw], None], expected: str
) -> None:
    raw = minimal_raw()
    mutate(raw)
    assert refused(raw).startswith(expected)


def with_rule(condition: dict[str, Any]) -> Raw:
    raw = minimal_raw()
    raw["rules"].append(
        {
            "id": "both",
            "group": "risk",
            "when": condition,
            "level": "immediate_danger",
            "reason": "Both.",
            "source": "own",
        }
    )
    return raw


def test_at_least_may_equal_the_prompts_it_names() -> None:
    prompts = ["risk_threats", "risk_violence"]
    content = load(with_rule({"prompts": prompts, "answers": ["yes"], "at_least": 2}))
    assert content.rules[-1].when == Answered(tuple(prompts), frozenset({"yes"}), 2)
    one = {p.id: "no" for p in content.prompts} | {"risk_threats": "yes"}
    assert evaluate(content, one).level is Level.HIGH_CONCERN
    assert evaluate(content, one | {"risk_violence": "yes"}).level is Level.IMMEDIATE_DANGER


def test_a_floor_is_not_met_by_a_rule_that_needs_two_answers() -> None:
    raw = minimal_raw()
    raw["rules"][3]["when"] = {"role": "risk", "answers": ["unsure", "yes"], "at_least": 2}
    assert refused(raw) == (
        "rules: does not meet the safety floor: Threats answered yes or not sure give at least "
        "high concern."
    )


def test_prompts_are_targeted_in_the_files_order_whatever_the_rules_order() -> None:
    condition = {"prompts": ["risk_violence", "risk_threats"], "answers": ["yes"], "at_least": 2}
    content = load(with_rule(condition))
    assert isinstance(content.rules[-1].when, Answered)
    assert content.rules[-1].when.targets == ("risk_threats", "risk_violence")


def test_optional_text_and_urls_are_kept_trimmed() -> None:
    raw = minimal_raw()
    raw["sources"][0]["url"] = "  https://example.org/policy  "
    raw["sources"].append({"id": "nhs", "citation": " NHS "})
    raw["prompts"][0]["ask_again"] = "  Are you safe right now?  "
    raw["staff_steps"].append({"text": " For you. ", "source": "nhs", "who": "self"})
    raw["rules"][0]["step"] = " Call 999. "
    content = load(raw)
    assert content.sources[0].url == "https://example.org/policy"
    assert content.source("nhs").url is None and content.source("nhs").citation == "NHS"
    assert content.prompt("danger_now").ask_again == "Are you safe right now?"
    assert content.prompt("risk_threats").ask_again == ""
    assert content.staff_steps[1].text == "For you." and content.staff_steps[1].who == "self"
    assert content.rules[0].step == "Call 999."


def test_a_file_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(path)
    assert str(info.value) == "deep.json: nested too deeply to be a screening file"


def test_a_missing_prompt_or_source_is_named() -> None:
    content = load(minimal_raw())
    with pytest.raises(KeyError, match="nowhere"):
        content.source("nowhere")
    with pytest.raises(KeyError, match="not_a_prompt"):
        content.prompt("not_a_prompt")


def test_a_floor_met_through_any_is_accepted() -> None:
    raw = minimal_raw()
    raw["rules"][0]["when"] = {
        "any": [
            {"role": "risk", "answers": ["yes"], "at_least": 2},
            {"role": "danger", "answers": ["yes"]},
        ]
    }
    content = load(raw)
    assert evaluate(content, {"danger_now": "yes"}).level is Level.IMMEDIATE_DANGER
    # ...but not through "all" unless every part is sure to hold.
    raw["rules"][0]["when"] = {
        "all": [{"role": "danger", "answers": ["yes"]}, {"role": "risk", "answers": ["yes"]}]
    }
    assert refused(raw) == (
        "rules: does not meet the safety floor: Any danger question answered yes gives "
        "immediate danger."
    )


def test_a_table_error_says_where_and_what() -> None:
    error = TableError("rules[2].when", "expected an object")
    assert str(error) == "rules[2].when: expected an object"
    assert (error.where, error.message) == ("rules[2].when", "expected an object")


def test_a_prompts_section_is_kept() -> None:
    content = load(minimal_raw())
    assert {p.section for p in content.prompts} == {"own"}


def test_a_file_that_is_not_an_object_is_refused_as_a_whole() -> None:
    from spotter.screening.content import parse_content

    with pytest.raises(ContentError) as info:
        parse_content(["a list"])
    assert str(info.value) == "<content>: expected an object, got a list"


def test_a_version_1_file_is_told_what_to_do() -> None:
    raw = minimal_raw()
    raw["format"] = "spotter-screening/1"
    assert refused(raw) == (
        "format: 'spotter-screening/1' files kept their rules as thresholds; this version of "
        "Spotter needs a decision table ('spotter-screening/2', see docs/screening-format.md)"
    )


def test_sources_are_refused_at_their_own_place() -> None:
    raw = minimal_raw()
    raw["sources"].append(dict(raw["sources"][0]))
    assert refused(raw) == "sources[1].id: duplicate source id 'own'"
    raw = minimal_raw()
    raw["sources"][0]["url"] = 5
    assert refused(raw) == "sources[0].url: expected text, got a number"
    raw = minimal_raw()
    del raw["sources"][0]["citation"]
    assert refused(raw) == "sources[0].citation: missing"


def test_age_steps_are_refused_at_their_own_place() -> None:
    raw = minimal_raw()
    raw["age_steps"] = ["not", "an", "object"]
    assert refused(raw) == "age_steps: expected an object, got a list"
    raw = minimal_raw()
    raw["age_steps"] = {"under_16": [{"source": "own"}]}
    assert refused(raw) == "age_steps.under_16[0].text: missing"
