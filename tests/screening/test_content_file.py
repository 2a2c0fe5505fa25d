"""Loading a screening file: what is refused, and that the message says where."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from screening_files import bundled_raw, load, minimal_raw, practice_raw, write

from spotter.screening import ContentError, Role, load_bundled, load_content


def refused(raw: Any, tmp_path: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_content(write(tmp_path, raw))
    message = str(info.value)
    assert message.startswith("practice.json: "), message
    return message


def rule(raw: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in raw["rules"] if r["id"] == rule_id)
    return found


def test_the_bundled_file_and_a_copy_load_the_same(tmp_path: Path) -> None:
    assert load_content(write(tmp_path, bundled_raw())) == load_bundled()
    assert load(practice_raw()).id == "practice-extended"
    assert load(minimal_raw()).id == "practice-minimal"


@pytest.mark.parametrize(
    ("prompt_id", "named"),
    [
        ("danger_now", None),  # one danger question is enough
        ("risk_threats", "the prompt 'risk_threats'"),
        ("risk_violence", "the prompt 'risk_violence'"),
        ("ex_partner", "role 'ex_partner'"),
        ("children", "role 'children'"),
        ("child_harm", "role 'child_harm'"),
    ],
)
def test_a_file_without_a_safety_question_is_refused(
    tmp_path: Path, prompt_id: str, named: str | None
) -> None:
    raw = minimal_raw()
    raw["prompts"] = [p for p in raw["prompts"] if p["id"] != prompt_id]
    raw["rules"] = [r for r in raw["rules"] if prompt_id not in str(r["when"])]
    message = refused(raw, tmp_path)
    if named is None:
        assert "role 'danger'" in message
    else:
        assert "lacks" in message and named in message


def test_threats_must_be_a_risk_question(tmp_path: Path) -> None:
    raw = minimal_raw()
    raw["prompts"][1]["role"] = "behaviour"
    assert "'risk_threats' must have the role 'risk'" in refused(raw, tmp_path)


@pytest.mark.parametrize(
    ("rule_id", "change", "floor"),
    [
        ("danger_yes", {"level": "high_concern"}, "Any danger question answered yes"),
        ("danger_unsure", {"level": "stalking_indicated"}, "answered not sure"),
        ("danger_not_asked", None, "not answered"),
        (
            "threats_or_violence",
            {"when": {"prompts": ["risk_threats"], "answers": ["unsure", "yes"]}},
            "Violence",
        ),
        (
            "marac",
            {
                "when": {
                    "all": [
                        {"role": "ex_partner", "answers": ["yes"]},
                        {"level_at_least": "high_concern"},
                    ]
                }
            },
            "MARAC",
        ),
        (
            "child_harm",
            {
                "when": {
                    "all": [
                        {"role": "child_harm", "answers": ["yes", "unsure"]},
                        {"level_at_least": "stalking_indicated"},
                    ]
                }
            },
            "any level",
        ),
        ("self_harm", None, "mental-health flag"),
        ("wellbeing_impact", None, "mental-health flag"),
    ],
)
def test_a_table_that_weakens_a_safety_floor_is_refused(
    tmp_path: Path, rule_id: str, change: dict[str, Any] | None, floor: str
) -> None:
    raw = bundled_raw()
    if change is None:
        raw["rules"] = [r for r in raw["rules"] if r["id"] != rule_id]
    else:
        rule(raw, rule_id).update(change)
    message = refused(raw, tmp_path)
    assert "rules: does not meet the safety floor" in message and floor in message


def test_a_level_rule_must_be_upward_closed(tmp_path: Path) -> None:
    raw = bundled_raw()
    rule(raw, "risk_unsure_twice")["when"]["answers"] = ["unsure"]
    message = refused(raw, tmp_path)
    assert "rules[5].when: a rule that sets the level must be upward-closed" in message


def test_a_level_rule_cannot_depend_on_the_level(tmp_path: Path) -> None:
    raw = bundled_raw()
    rule(raw, "pattern")["when"] = {"level_at_least": "high_concern"}
    assert "cannot depend on the level" in refused(raw, tmp_path)


def test_a_protected_flag_from_a_rule_that_is_not_monotone_only_adds_words() -> None:
    raw = bundled_raw()
    raw["rules"] = [r for r in raw["rules"] if r["id"] != "marac"]
    raw["rules"].append(copy.deepcopy(rule(bundled_raw(), "marac")))
    raw["rules"][-1]["when"]["all"][0]["answers"] = ["unsure"]  # not upward-closed
    with pytest.raises(ContentError, match="MARAC"):
        load(raw)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: r.update(format="spotter-screening/1"), "format: 'spotter-screening/1' files"),
        (lambda r: r.update(format="other/9"), "format: 'other/9' is not supported"),
        (lambda r: r.pop("rules"), "rules: expected a non-empty list"),
        (lambda r: r["rules"][0].update(level="urgent"), "rules[0].level: 'urgent' is not one of"),
        (
            lambda r: r["rules"][0].update(flag="ask_again", flag_text="x"),
            "raised by Spotter itself",
        ),
        (lambda r: r["rules"][0].update(flag="marac_route"), "rules[0].flag_text: missing"),
        (
            lambda r: r["rules"][0].update(source="nowhere"),
            "rules[0].source: 'nowhere' is not a source",
        ),
        (lambda r: r["rules"][0].update(colour="red"), "rules[0].colour: unknown field"),
        (lambda r: r["rules"][1].update(id="danger_yes"), "rules[1].id: duplicate rule id"),
        (
            lambda r: r["rules"][0]["when"].update(role="friends"),
            "rules[0].when.role: 'friends' is not one of",
        ),
        (
            lambda r: r["rules"][0]["when"].update(answers=["maybe"]),
            "rules[0].when.answers: expected a list",
        ),
        (
            lambda r: r["rules"][0]["when"].update(at_least=9),
            "rules[0].when.at_least: 9 can never be met",
        ),
        (
            lambda r: r["rules"][0].update(when={"prompts": ["nope"], "answers": ["yes"]}),
            "'nope' is not a prompt id",
        ),
        (lambda r: r["next_steps"].pop("not_completed"), "next_steps.not_completed: missing"),
        (lambda r: r["prompts"][0].update(role="panic"), "prompts[0].role: 'panic' is not one of"),
        (lambda r: r["prompts"][1].update(id="danger_now"), "prompts[1].id: duplicate prompt id"),
        (lambda r: r["prompts"][0].update(source="nowhere"), "prompts[0].source: 'nowhere'"),
        (lambda r: r["prompts"][0].update(hlep="x"), "prompts[0].hlep: unknown field"),
        (lambda r: r["prompts"][0].update(text="  "), "prompts[0].text: is empty"),
        (lambda r: r["sources"].append(dict(r["sources"][0])), "duplicate source id"),
    ],
)
def test_problems_are_named_with_their_place(tmp_path: Path, mutate: Any, expected: str) -> None:
    raw = bundled_raw()
    mutate(raw)
    assert expected in refused(raw, tmp_path)


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "spotter-screening/2",\n  "id": }\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"^broken\.json: not valid JSON at line 3, column 9"):
        load_content(path)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^absent\.json: cannot read"):
        load_content(tmp_path / "absent.json")


def test_roles_are_the_published_vocabulary() -> None:
    assert [r.value for r in Role] == [
        "danger",
        "four",
        "course_of_conduct",
        "behaviour",
        "risk",
        "ex_partner",
        "children",
        "child_harm",
        "wellbeing",
        "context",
    ]


def test_stable_prompt_ids_are_kept() -> None:
    ids = {p.id for p in load_bundled().prompts}
    for stable in (
        "danger_now",
        "risk_threats",
        "risk_violence",
        "risk_frightened",
        "ex_partner",
        "course_of_conduct",
        "children",
    ):
        assert stable in ids
