"""The decision table in plain words, for a clinical safety officer to read and sign off.

``render(content)`` is written to ``docs/clinical-safety/decision-table.md`` by
``tools/decision_table.py``; a test fails when the committed page is out of date.
"""

from __future__ import annotations

from spotter.screening.content import ScreeningContent
from spotter.screening.evaluate import JUDGEMENT_NOTE
from spotter.screening.table import SAFETY_FLOORS, describe
from spotter.screening.vocabulary import LEVELS_BY_RANK, FlagId


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(content: ScreeningContent) -> str:
    lines = [
        f"# Decision table: {content.title} ({content.id} {content.version})",
        "",
        "Generated from `resources/screening/spotter-core.json` by `uv run python "
        "tools/decision_table.py`; do not edit by hand. A test fails when this page is out of "
        "date. For a clinical safety officer to read and sign off.",
        "",
        f"> {content.notice} {JUDGEMENT_NOTE}",
        "",
        "## How an outcome is reached",
        "",
        "1. Every prompt is answered *yes*, *no* or *not sure*, or left *not answered*. Every "
        "question is phrased so that *yes* is the worrying answer.",
        "2. **Level.** Every level rule below whose condition holds sets a floor; the outcome is "
        "the highest floor, or *No indication* when none holds. Levels, lowest first: "
        + ", ".join(f"*{level.title}* (`{level.value}`)" for level in LEVELS_BY_RANK)
        + ".",
        "3. **Flags.** Every flag rule whose condition holds at that level raises its flag. "
        "*Ask again* is raised by Spotter itself for every *not sure* answer and every danger "
        "or risk question not answered.",
        "4. **Next steps.** The level's steps, then each rule's step, then (for staff) the staff "
        "steps, then a count of unanswered questions, then: " + JUDGEMENT_NOTE,
        "",
        "## Safety properties (checked when any screening file is loaded, and tested)",
        "",
        "- **Monotone.** A rule that sets a level uses only *upward-closed* answer sets (a set "
        "with *no* also has *not sure* and *yes*; one with *not sure* also has *yes*) and no "
        "*not*, so changing one answer from no to not sure to yes never lowers the level. A "
        "rule that is not upward-closed can add wording to a safeguarding, MARAC or "
        "mental-health flag another rule raised, but cannot raise it.",
        "- **Floors.** A file is refused unless each of these holds from that one answer alone, "
        "whatever the other answers:",
    ]
    lines += [f"  - {floor.words}" for floor in SAFETY_FLOORS]
    lines += [
        "- A file must ask about danger, threats (`risk_threats`), violence (`risk_violence`), "
        "a partner (`ex_partner`) and children (`children`, `child_harm`).",
        "",
        "## Prompts",
        "",
        "| # | id | role | question | source |",
        "|---|---|---|---|---|",
    ]
    for number, prompt in enumerate(content.prompts, start=1):
        lines.append(
            f"| {number} | `{prompt.id}` | {prompt.role.value} | {_cell(prompt.text)} | "
            f"{prompt.source} |"
        )
    lines += [
        "",
        "## Level rules",
        "",
        "| rule | when | level at least | why (shown to the user) | source |",
        "|---|---|---|---|---|",
    ]
    for rule in content.rules:
        if rule.level is not None:
            lines.append(
                f"| `{rule.id}` | {_cell(describe(rule.when))} | *{rule.level.title}* | "
                f"{_cell(rule.reason)} | {rule.source} |"
            )
    lines += [
        "",
        "## Flag and note rules",
        "",
        "| rule | when | flag | flag text | why (shown to the user) | source |",
        "|---|---|---|---|---|---|",
    ]
    for rule in content.rules:
        if rule.level is None:
            flag = f"{rule.flag.title} (`{rule.flag.value}`)" if rule.flag else "(a note)"
            if rule.flag is not None and rule.flag.protected and not rule.monotone:
                flag += ", wording only"
            lines.append(
                f"| `{rule.id}` | {_cell(describe(rule.when))} | {flag} | "
                f"{_cell(rule.flag_text)} | {_cell(rule.reason)} | {rule.source} |"
            )
    lines += [
        "",
        f"{FlagId.ASK_AGAIN.title} (`ask_again`): raised by Spotter for every *not sure* and "
        "every danger or risk question not answered; each is listed with its prompt id.",
        "",
        "## Next steps by level",
        "",
    ]
    for level in reversed(LEVELS_BY_RANK):
        lines.append(f"**{level.title}** (`{level.value}`)")
        lines.append("")
        lines += [f"- {step.text} *({step.source})*" for step in content.next_steps[level]]
        lines.append("")
    lines += ["**Staff route, added to every level**", ""]
    lines += [f"- {step.text} *({step.source})*" for step in content.staff_steps]
    lines += ["", "## Sources", ""]
    for source in content.sources:
        url = f" <{source.url}>" if source.url else ""
        lines.append(f"- `{source.id}`: {source.citation}{url}")
    lines += [
        "",
        "## Sign-off",
        "",
        "| role | name | date | signature |",
        "|---|---|---|---|",
        "| Clinical safety officer | | | |",
        "",
    ]
    return "\n".join(lines)
