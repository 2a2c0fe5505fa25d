"""Stalking screening: load a versioned content file and evaluate answers (pure, no Qt).

The bundled file (``resources/screening/spotter-core.json``) is written in Spotter's own words
from public sources. A practice licensed for another instrument can load its own file in the
same format (see ``docs/screening-format.md``). The thresholds live in the file's ``rules``.

The screen is a prompt for professional judgement, not a risk assessment: it gives no score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from spotter.resources import resource_path

FORMAT = "spotter-screening/1"
NATIONAL_STALKING_HELPLINE = "0808 802 0300"
JUDGEMENT_NOTE = "This screen is a prompt for professional judgement, not a risk assessment."

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class ContentError(ValueError):
    """A screening content file is unreadable or invalid; the message names file and field."""


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Role(StrEnum):
    """What a prompt contributes to the evaluation."""

    FOUR = "four"
    COURSE_OF_CONDUCT = "course_of_conduct"
    BEHAVIOUR = "behaviour"
    RISK = "risk"
    DANGER = "danger"
    CHILDREN = "children"
    EX_PARTNER = "ex_partner"


class Route(StrEnum):
    PATIENT = "patient"
    STAFF = "staff"


_LEVEL_TEXT: dict[str, tuple[int, str, str]] = {
    "no_indication": (
        0,
        "No indication",
        "No indication of stalking from these answers.",
    ),
    "stalking_indicated": (
        1,
        "Stalking indicated",
        "These answers describe a pattern of stalking behaviour.",
    ),
    "high_concern": (
        2,
        "High concern",
        "These answers describe stalking with signs of a raised risk of harm.",
    ),
    "immediate_danger": (
        3,
        "Immediate danger",
        "The person may be in immediate danger.",
    ),
}


class Level(StrEnum):
    """Outcome level, ordered by ``rank`` (higher is more urgent)."""

    NO_INDICATION = "no_indication"
    STALKING_INDICATED = "stalking_indicated"
    HIGH_CONCERN = "high_concern"
    IMMEDIATE_DANGER = "immediate_danger"

    @property
    def rank(self) -> int:
        return _LEVEL_TEXT[self.value][0]

    @property
    def title(self) -> str:  # type: ignore[override]  # str.title is shadowed on purpose
        return _LEVEL_TEXT[self.value][1]

    @property
    def summary(self) -> str:
        return _LEVEL_TEXT[self.value][2]


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    url: str | None = None


@dataclass(frozen=True)
class Prompt:
    id: str
    section: str
    role: Role
    text: str
    help: str
    source: str


@dataclass(frozen=True)
class Rules:
    """Thresholds for ``evaluate``; see docs/screening-format.md."""

    behaviour_yes_threshold: int = 1
    four_yes_threshold: int = 2
    risk_yes_threshold: int = 1
    unsure_risk_threshold: int = 2
    high_concern_requires_pattern: bool = True
    description: str = ""


@dataclass(frozen=True)
class ScreeningContent:
    id: str
    version: str
    title: str
    licence: str
    notice: str
    sources: tuple[Source, ...]
    rules: Rules
    prompts: tuple[Prompt, ...]

    def prompt(self, prompt_id: str) -> Prompt:
        for item in self.prompts:
            if item.id == prompt_id:
                return item
        raise KeyError(prompt_id)

    def prompts_for_role(self, role: Role | str) -> tuple[Prompt, ...]:
        wanted = Role(role)
        return tuple(p for p in self.prompts if p.role is wanted)

    def source(self, source_id: str) -> Source:
        for item in self.sources:
            if item.id == source_id:
                return item
        raise KeyError(source_id)


@dataclass(frozen=True)
class Flag:
    code: str
    title: str
    text: str


@dataclass(frozen=True)
class Reason:
    prompt_id: str
    prompt_text: str
    answer: Answer
    effect: str


@dataclass(frozen=True)
class Outcome:
    level: Level
    flags: tuple[Flag, ...]
    reasons: tuple[Reason, ...]
    next_steps: tuple[str, ...]
    unanswered: tuple[str, ...]
    content_id: str
    content_version: str

    def flag(self, code: str) -> Flag | None:
        return next((f for f in self.flags if f.code == code), None)


# --------------------------------------------------------------------------- loading

_TOP_KEYS = {"format", "id", "version", "title", "licence", "notice", "sources", "rules", "prompts"}
_SOURCE_KEYS = {"id", "citation", "url"}
_PROMPT_KEYS = {"id", "section", "role", "text", "help", "source"}
_RULE_INTS = (
    "behaviour_yes_threshold",
    "four_yes_threshold",
    "risk_yes_threshold",
    "unsure_risk_threshold",
)
_RULE_KEYS = {*_RULE_INTS, "high_concern_requires_pattern", "description"}
_REQUIRED_ROLES = (Role.DANGER,)


class _Checker:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, message: str) -> ContentError:
        return ContentError(
            f"{self.name}: {where}: {message}" if where else f"{self.name}: {message}"
        )

    def obj(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {_kind(value)}")
        return value

    def keys(self, value: dict[str, Any], allowed: set[str], where: str) -> None:
        extra = sorted(set(value) - allowed)
        if extra:
            prefix = f"{where}." if where else ""
            raise self.fail(
                f"{prefix}{extra[0]}", f"unknown field (allowed: {', '.join(sorted(allowed))})"
            )

    def text(self, value: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str:
        path = f"{where}.{key}" if where else key
        if key not in value:
            if optional:
                return ""
            raise self.fail(path, "missing")
        item = value[key]
        if not isinstance(item, str):
            raise self.fail(path, f"expected text, got {_kind(item)}")
        if not item.strip():
            raise self.fail(path, "is empty")
        return item.strip()

    def ident(self, value: dict[str, Any], key: str, where: str) -> str:
        item = self.text(value, key, where)
        if not _ID_RE.match(item):
            raise self.fail(f"{where}.{key}", f"{item!r} is not a snake_case id")
        return item

    def items(self, value: dict[str, Any], key: str) -> list[Any]:
        if key not in value:
            raise self.fail(key, "missing")
        item = value[key]
        if not isinstance(item, list):
            raise self.fail(key, f"expected a list, got {_kind(item)}")
        if not item:
            raise self.fail(key, "is empty")
        return item


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def load_content(path: Path) -> ScreeningContent:
    """Read and validate a screening content file; raise ``ContentError`` naming file and field."""
    name = Path(path).name
    check = _Checker(name)
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise check.fail("", f"cannot read the file ({exc})") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise check.fail(
            "", f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    return parse_content(data, name)


def parse_content(data: object, name: str = "<content>") -> ScreeningContent:
    """Validate already-decoded JSON data; ``name`` is used in error messages."""
    check = _Checker(name)
    top = check.obj(data, "")
    check.keys(top, _TOP_KEYS, "")
    fmt = check.text(top, "format", "")
    if fmt != FORMAT:
        raise check.fail("format", f"{fmt!r} is not supported (expected {FORMAT!r})")
    content_id = check.text(top, "id", "")
    version = check.text(top, "version", "")
    title = check.text(top, "title", "")
    licence = check.text(top, "licence", "")
    notice = check.text(top, "notice", "")

    sources: list[Source] = []
    for i, entry in enumerate(check.items(top, "sources")):
        where = f"sources[{i}]"
        obj = check.obj(entry, where)
        check.keys(obj, _SOURCE_KEYS, where)
        source_id = check.ident(obj, "id", where)
        if any(s.id == source_id for s in sources):
            raise check.fail(f"{where}.id", f"duplicate source id {source_id!r}")
        url = check.text(obj, "url", where, optional=True) or None
        sources.append(Source(source_id, check.text(obj, "citation", where), url))
    source_ids = {s.id for s in sources}

    prompts: list[Prompt] = []
    for i, entry in enumerate(check.items(top, "prompts")):
        where = f"prompts[{i}]"
        obj = check.obj(entry, where)
        check.keys(obj, _PROMPT_KEYS, where)
        prompt_id = check.ident(obj, "id", where)
        if any(p.id == prompt_id for p in prompts):
            raise check.fail(f"{where}.id", f"duplicate prompt id {prompt_id!r}")
        role_text = check.text(obj, "role", where)
        if role_text not in {r.value for r in Role}:
            allowed = ", ".join(r.value for r in Role)
            raise check.fail(f"{where}.role", f"{role_text!r} is not one of {allowed}")
        source_id = check.text(obj, "source", where)
        if source_id not in source_ids:
            raise check.fail(f"{where}.source", f"{source_id!r} is not a source id in sources")
        prompts.append(
            Prompt(
                id=prompt_id,
                section=check.text(obj, "section", where),
                role=Role(role_text),
                text=check.text(obj, "text", where),
                help=check.text(obj, "help", where),
                source=source_id,
            )
        )
    for role in _REQUIRED_ROLES:
        if not any(p.role is role for p in prompts):
            raise check.fail("prompts", f"needs at least one prompt with role {role.value!r}")

    rules = _parse_rules(check, top, prompts)
    return ScreeningContent(
        id=content_id,
        version=version,
        title=title,
        licence=licence,
        notice=notice,
        sources=tuple(sources),
        rules=rules,
        prompts=tuple(prompts),
    )


def _parse_rules(check: _Checker, top: dict[str, Any], prompts: Sequence[Prompt]) -> Rules:
    if "rules" not in top:
        raise check.fail("rules", "missing")
    obj = check.obj(top["rules"], "rules")
    check.keys(obj, _RULE_KEYS, "rules")
    defaults = Rules()
    ints: dict[str, int] = {}
    role_for = {
        "behaviour_yes_threshold": Role.BEHAVIOUR,
        "four_yes_threshold": Role.FOUR,
        "risk_yes_threshold": Role.RISK,
        "unsure_risk_threshold": Role.RISK,
    }
    for key in _RULE_INTS:
        value = obj.get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, int):
            raise check.fail(f"rules.{key}", f"expected a whole number, got {_kind(value)}")
        if value < 1:
            raise check.fail(f"rules.{key}", f"must be 1 or more, got {value}")
        role = role_for[key]
        count = sum(1 for p in prompts if p.role is role)
        if count and value > count:
            raise check.fail(
                f"rules.{key}",
                f"{value} can never be met: there are only {count} {role.value} prompts",
            )
        ints[key] = value
    requires = obj.get("high_concern_requires_pattern", defaults.high_concern_requires_pattern)
    if not isinstance(requires, bool):
        raise check.fail(
            "rules.high_concern_requires_pattern", f"expected true or false, got {_kind(requires)}"
        )
    description = check.text(obj, "description", "rules", optional=True)
    return Rules(
        behaviour_yes_threshold=ints["behaviour_yes_threshold"],
        four_yes_threshold=ints["four_yes_threshold"],
        risk_yes_threshold=ints["risk_yes_threshold"],
        unsure_risk_threshold=ints["unsure_risk_threshold"],
        high_concern_requires_pattern=requires,
        description=description,
    )


def bundled_path() -> Path:
    return resource_path("screening", "spotter-core.json")


def load_bundled() -> ScreeningContent:
    """Load Spotter's own screening content shipped in ``resources/screening``."""
    return load_content(bundled_path())


# --------------------------------------------------------------------------- evaluation

_HELPLINE_STEP = f"the National Stalking Helpline: {NATIONAL_STALKING_HELPLINE}"

_NEXT_STEPS: dict[Level, tuple[str, ...]] = {
    Level.IMMEDIATE_DANGER: (
        "Call 999 now.",
        "If the person cannot speak safely, make a silent 999 call: dial 999, stay on the line "
        "and, from a mobile, press 55 when prompted.",
        "Do not send the person home to danger; tell the practice safeguarding lead today.",
        "Once they are safe, refer them to a specialist stalking service and give "
        f"{_HELPLINE_STEP}.",
    ),
    Level.HIGH_CONCERN: (
        "Tell the police: 999 if the person is in danger, 101 otherwise.",
        "Refer to a local specialist stalking service or Independent Stalking Advocate, who can "
        f"make a specialist risk assessment, and give {_HELPLINE_STEP}.",
        "Discuss with the practice safeguarding lead today.",
        "Suggest keeping a diary or log of every incident (date, time, what happened, any "
        "witnesses) and keeping messages and photos as evidence.",
    ),
    Level.STALKING_INDICATED: (
        "Refer to a local specialist stalking service or Independent Stalking Advocate, and give "
        f"{_HELPLINE_STEP}.",
        "Suggest keeping a diary or log of every incident (date, time, what happened, any "
        "witnesses) and keeping messages and photos as evidence.",
        "The person can report it to the police on 101, or 999 if they are in danger.",
    ),
    Level.NO_INDICATION: (
        "No indication of stalking from these answers; your professional judgement overrides "
        "this screen.",
        f"If you are still concerned, give {_HELPLINE_STEP}.",
    ),
}

_STAFF_NOTE = (
    "Healthcare staff are stalked more often than the general public, often by a patient; "
    "it is not a failing on your part."
)


def _answer(value: Answer | str | None) -> Answer | None:
    if value is None:
        return None
    return Answer(value)


def evaluate(
    content: ScreeningContent,
    answers: Mapping[str, Answer],
    route: Route = Route.PATIENT,
    staff_support_contact: str | None = None,
) -> Outcome:
    """Evaluate answers against the content's rules. Pure: no I/O, no clock."""
    known = {p.id for p in content.prompts}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"answers for unknown prompt ids: {', '.join(unknown)}")
    given: dict[str, Answer] = {}
    for key, value in answers.items():
        parsed = _answer(value)
        if parsed is not None:
            given[key] = parsed
    rules = content.rules

    def by_role(role: Role) -> list[tuple[Prompt, Answer | None]]:
        return [(p, given.get(p.id)) for p in content.prompts if p.role is role]

    reasons: list[Reason] = []
    ask_again: list[str] = []

    def reason(prompt: Prompt, answer: Answer, effect: str) -> None:
        reasons.append(Reason(prompt.id, prompt.text, answer, effect))

    # Immediate danger.
    danger = by_role(Role.DANGER)
    danger_yes = any(a is Answer.YES for _, a in danger)
    danger_unsure = any(a is Answer.UNSURE for _, a in danger)
    for prompt, ans in danger:
        if ans is Answer.YES:
            reason(prompt, ans, "Possible immediate danger: act now.")
        elif ans is Answer.UNSURE:
            reason(
                prompt,
                ans,
                "Unsure about immediate danger: treated as possible danger "
                "(at least high concern).",
            )
            ask_again.append(f"Ask again, directly: {prompt.text}")
        elif ans is None:
            ask_again.append(f"Not yet asked; ask before the person leaves: {prompt.text}")

    # Pattern of stalking.
    coc = by_role(Role.COURSE_OF_CONDUCT)
    if not coc or any(a is Answer.YES for _, a in coc):
        coc_state = "met"
    elif any(a is not Answer.NO for _, a in coc):
        coc_state = "possible"
    else:
        coc_state = "not_met"
    for prompt, ans in coc:
        if ans is Answer.YES:
            reason(prompt, ans, "A course of conduct: it has happened on two or more occasions.")
        elif ans is Answer.UNSURE:
            reason(
                prompt,
                ans,
                "Unsure whether it has happened more than once: treated as a possible course of "
                "conduct.",
            )
            ask_again.append(f"Ask again whether it has happened more than once: {prompt.text}")

    behaviour = by_role(Role.BEHAVIOUR)
    behaviour_yes = sum(1 for _, a in behaviour if a is Answer.YES)
    four = by_role(Role.FOUR)
    four_yes = sum(1 for _, a in four if a is Answer.YES)
    for prompt, ans in [*four, *behaviour]:
        if ans is Answer.YES:
            kind = "FOUR item" if prompt.role is Role.FOUR else "Stalking behaviour"
            reason(prompt, ans, f"{kind} present.")
        elif ans is Answer.UNSURE:
            reason(prompt, ans, "Unsure: not counted towards the pattern; worth asking again.")

    evidence = (behaviour and behaviour_yes >= rules.behaviour_yes_threshold) or (
        four and four_yes >= rules.four_yes_threshold
    )
    pattern = bool(evidence) and coc_state != "not_met"
    pattern_possible = pattern and coc_state == "possible"
    if evidence and coc_state == "not_met":
        prompt = coc[0][0]
        reason(
            prompt,
            Answer.NO,
            "Stalking behaviours were reported but not on two or more occasions: no pattern yet. "
            "Ask the person to come back if it happens again.",
        )

    # Risk.
    risk = by_role(Role.RISK)
    risk_yes = sum(1 for _, a in risk if a is Answer.YES)
    risk_unsure = sum(1 for _, a in risk if a is Answer.UNSURE)
    for prompt, ans in risk:
        if ans is Answer.YES:
            reason(prompt, ans, "Risk indicator present: raises concern.")
        elif ans is Answer.UNSURE:
            reason(
                prompt,
                ans,
                "Unsure about a risk indicator: counted as unsure "
                f"({rules.unsure_risk_threshold} or more unsure answers raise concern).",
            )
    risk_met = risk_yes >= rules.risk_yes_threshold or risk_unsure >= rules.unsure_risk_threshold
    if not risk:
        risk_met = False

    # Level.
    if danger_yes:
        level = Level.IMMEDIATE_DANGER
    elif danger_unsure or (risk_met and (pattern or not rules.high_concern_requires_pattern)):
        level = Level.HIGH_CONCERN
    elif pattern:
        level = Level.STALKING_INDICATED
    else:
        level = Level.NO_INDICATION

    # Context prompts.
    ex_partner_yes = False
    for prompt, ans in by_role(Role.EX_PARTNER):
        if ans is Answer.YES:
            ex_partner_yes = True
            reason(
                prompt,
                ans,
                "A current or former partner: stalking by a partner carries a higher risk of "
                "violence.",
            )
        elif ans is Answer.UNSURE:
            reason(prompt, ans, "Unsure whether a current or former partner: worth asking again.")
    children = by_role(Role.CHILDREN)
    children_flag = False
    for prompt, ans in children:
        if ans is Answer.YES:
            children_flag = True
            reason(prompt, ans, "Children in the household or at risk: a safeguarding matter.")
        elif ans is Answer.UNSURE:
            children_flag = True
            reason(
                prompt,
                ans,
                "Unsure whether children are at risk: treated as a possible safeguarding matter.",
            )

    flags: list[Flag] = []
    if children_flag:
        flags.append(
            Flag(
                "safeguarding_children",
                "Children may be at risk",
                "Tell the practice safeguarding lead and refer to local children's services.",
            )
        )
    if ex_partner_yes and level.rank >= Level.HIGH_CONCERN.rank:
        flags.append(
            Flag(
                "marac_route",
                "Refer to MARAC",
                "A current or former partner with high concern: refer via the practice "
                "safeguarding lead to the local MARAC, and tell the police.",
            )
        )
    if pattern_possible:
        flags.append(
            Flag(
                "possible_pattern",
                "Possible pattern",
                "Stalking is possible but not confirmed: it is not yet clear that it has "
                "happened on two or more occasions.",
            )
        )
    if ask_again:
        flags.append(Flag("ask_again", "Ask again", " ".join(ask_again)))

    # Next steps.
    unanswered = tuple(p.id for p in content.prompts if p.id not in given)
    steps = list(_NEXT_STEPS[level])
    if route is Route.STAFF:
        contact = (staff_support_contact or "").strip()
        if contact:
            steps.append(f"Contact the practice's staff support: {contact}.")
        else:
            steps.append("Ask your practice manager who the staff-support contact is.")
        steps.append(_STAFF_NOTE)
    if unanswered:
        count = len(unanswered)
        noun = "question was" if count == 1 else "questions were"
        steps.append(
            f"{count} {noun} not answered: treat them as unknown, not as 'no', and ask them "
            "when you can."
        )
    steps.append(JUDGEMENT_NOTE)

    return Outcome(
        level=level,
        flags=tuple(flags),
        reasons=tuple(reasons),
        next_steps=tuple(steps),
        unanswered=unanswered,
        content_id=content.id,
        content_version=content.version,
    )


_ANSWER_WORDS = {Answer.YES: "Yes", Answer.NO: "No", Answer.UNSURE: "Unsure"}


def summary_text(
    content: ScreeningContent,
    answers: Mapping[str, Answer],
    outcome: Outcome,
    *,
    on: date | None = None,
) -> str:
    """Plain-text summary for the clinical record (no clinical codes)."""
    day = on if on is not None else date.today()
    lines = [
        f"Stalking screen ({content.title}), {day.isoformat()}",
        f"Outcome: {outcome.level.title}. {outcome.level.summary}",
    ]
    if outcome.reasons:
        lines += ["", "Why:"]
        lines += [
            f"- {r.prompt_text} {_ANSWER_WORDS[r.answer]}. {r.effect}" for r in outcome.reasons
        ]
    if outcome.flags:
        lines += ["", "Flags:"]
        lines += [f"- {f.title}: {f.text}" for f in outcome.flags]
    lines += ["", "Next steps:"]
    lines += [f"- {step}" for step in outcome.next_steps]
    lines += ["", "Answers:"]
    for prompt in content.prompts:
        value = _answer(answers.get(prompt.id))
        word = _ANSWER_WORDS[value] if value is not None else "Not answered"
        lines.append(f"- {prompt.text} {word}")
    lines += [
        "",
        f"Screening content: {outcome.content_id} version {outcome.content_version}.",
        content.notice,
    ]
    return "\n".join(lines) + "\n"
