"""Stalking screening: sourced prompts and a decision table as data, evaluated by a pure core.

* ``vocabulary`` — answers, roles, routes, levels and flags (the words everything speaks);
* ``content`` — loading and validating a content file (``resources/screening/``);
* ``table`` — the decision table's conditions, its safety floors and its checks;
* ``evaluate`` — answers -> level -> flags -> next steps;
* ``summary`` — the text for the clinical record;
* ``decision_doc`` — the sign-off table for a clinical safety officer.

The screen is a prompt for professional judgement, not a risk assessment: it gives no score.
"""

from spotter.screening.content import (
    FORMAT,
    ContentError,
    Prompt,
    ScreeningContent,
    Source,
    Step,
    bundled_path,
    load_bundled,
    load_content,
    parse_content,
)
from spotter.screening.evaluate import (
    JUDGEMENT_NOTE,
    AskAgain,
    Finding,
    Flag,
    Outcome,
    Reason,
    evaluate,
    normalise_answers,
)
from spotter.screening.summary import section_name, summary_text, why_groups, why_lines
from spotter.screening.vocabulary import (
    ANSWER_WORDS,
    AgeBand,
    Answer,
    FlagId,
    Group,
    Level,
    Role,
    Route,
    StaffSubject,
    answer_words,
)

__all__ = [
    "ANSWER_WORDS",
    "FORMAT",
    "JUDGEMENT_NOTE",
    "AgeBand",
    "Answer",
    "AskAgain",
    "ContentError",
    "Finding",
    "Flag",
    "FlagId",
    "Group",
    "Level",
    "Outcome",
    "Prompt",
    "Reason",
    "Role",
    "Route",
    "ScreeningContent",
    "Source",
    "StaffSubject",
    "Step",
    "answer_words",
    "bundled_path",
    "evaluate",
    "load_bundled",
    "load_content",
    "normalise_answers",
    "parse_content",
    "section_name",
    "summary_text",
    "why_groups",
    "why_lines",
]
