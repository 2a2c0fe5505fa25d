"""Screening content files for the tests: the bundled one and two a practice might write.

The safety properties must hold for every file Spotter accepts, not only its own, so the rule
tests run against all three:

* ``bundled`` — ``resources/screening/spotter-core.json``;
* ``practice`` — the bundled file with a third danger question and a second course-of-conduct
  question, the way a practice might extend it;
* ``minimal`` — only what a file must have: one danger question, threats, violence, partner and
  children questions, and rules that meet the safety floors (no FOUR, behaviour or wellbeing).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from spotter.screening import ScreeningContent, parse_content
from spotter.system.resources import resource_path

BUNDLED = resource_path("screening", "spotter-core.json")


def bundled_raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return data


def _prompt(prompt_id: str, role: str, text: str, section: str = "own") -> dict[str, str]:
    return {
        "id": prompt_id,
        "section": section,
        "role": role,
        "text": text,
        "help": "Practice help text.",
        "source": "own",
    }


def practice_raw() -> dict[str, Any]:
    data = copy.deepcopy(bundled_raw())
    data["id"] = "practice-extended"
    data["sources"].append({"id": "own", "citation": "The practice's own safeguarding policy"})
    prompts = data["prompts"]
    prompts.insert(2, _prompt("danger_weapon", "danger", "Do they fear a weapon will be used?"))
    at = next(i for i, p in enumerate(prompts) if p["id"] == "course_of_conduct") + 1
    prompts.insert(
        at, _prompt("coc_recent", "course_of_conduct", "Has it happened twice this month?")
    )
    return data


def minimal_raw() -> dict[str, Any]:
    step = [{"text": "Use your judgement.", "source": "own"}]
    return {
        "format": "spotter-screening/2",
        "id": "practice-minimal",
        "version": "1",
        "title": "Practice minimal screen",
        "licence": "The practice's own",
        "notice": "For the practice's use.",
        "sources": [{"id": "own", "citation": "The practice's own safeguarding policy"}],
        "prompts": [
            _prompt("danger_now", "danger", "In danger now?"),
            _prompt("risk_threats", "risk", "Threats?"),
            _prompt("risk_violence", "risk", "Violence?"),
            _prompt("ex_partner", "ex_partner", "A partner?"),
            _prompt("children", "children", "Children at home?"),
            _prompt("child_harm", "child_harm", "A child harmed?"),
        ],
        "rules": [
            _rule("danger", {"role": "danger", "answers": ["yes"]}, level="immediate_danger"),
            _rule(
                "danger_unsure", {"role": "danger", "answers": ["unsure", "yes"]}, "high_concern"
            ),
            _rule("danger_open", {"role": "danger", "answers": ["unanswered"]}, "not_completed"),
            _rule("risk", {"role": "risk", "answers": ["unsure", "yes"]}, "high_concern"),
            _rule("risk_open", {"role": "risk", "answers": ["unanswered"]}, "not_completed"),
            _rule(
                "marac",
                {
                    "all": [
                        {"role": "ex_partner", "answers": ["yes", "unsure"]},
                        {"level_at_least": "high_concern"},
                    ]
                },
                flag="marac_route",
            ),
            _rule(
                "child_harm",
                {"role": "child_harm", "answers": ["yes", "unsure"]},
                flag="safeguarding_children",
            ),
            _rule(
                "children", {"role": "children", "answers": ["yes"]}, flag="safeguarding_children"
            ),
        ],
        "next_steps": {
            level: step
            for level in (
                "immediate_danger",
                "high_concern",
                "stalking_indicated",
                "not_completed",
                "no_indication",
            )
        },
        "staff_steps": step,
    }


def _rule(
    rule_id: str, when: dict[str, Any], level: str | None = None, *, flag: str | None = None
) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": rule_id,
        "group": "context" if flag else "risk",
        "when": when,
        "reason": f"Rule {rule_id}.",
        "source": "own",
    }
    if level:
        rule["level"] = level
    if flag:
        rule["flag"] = flag
        rule["flag_text"] = f"Flag text from {rule_id}."
    return rule


def load(raw: dict[str, Any], name: str = "practice.json") -> ScreeningContent:
    return parse_content(raw, name)


def write(tmp_path: Path, data: Any, name: str = "practice.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


ALL_FILES = {"bundled": bundled_raw, "practice": practice_raw, "minimal": minimal_raw}
