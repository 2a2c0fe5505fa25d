"""Evaluate answers against a content file's decision table. Pure: no I/O, no clock.

signals (the answers) -> level (the highest floor of every level rule that holds) -> flags
(rules that hold at that level; "ask again" for every "not sure" and every unanswered safety
question) -> next steps (the level's steps from the file, each rule's step, the staff steps,
and the professional-judgement note on every outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spotter.screening.content import ScreeningContent
from spotter.screening.table import matches
from spotter.screening.vocabulary import (
    SAFETY_ROLES,
    AgeBand,
    Answer,
    FlagId,
    Group,
    Level,
    Route,
    StaffSubject,
)

JUDGEMENT_NOTE = (
    "Professional judgement overrides this screen: it is a prompt for your judgement, not a "
    "risk assessment."
)


@dataclass(frozen=True)
class Flag:
    code: str
    title: str
    text: str


@dataclass(frozen=True)
class Reason:
    """One answered (or unanswered) question and what it did; ``answer`` None = not answered."""

    prompt_id: str
    prompt_text: str
    answer: Answer | None
    effect: str


@dataclass(frozen=True)
class Finding:
    """A rule that held: its effect in words and the answers that made it hold."""

    rule_id: str
    group: Group
    effect: str
    answers: tuple[tuple[str, str, Answer | None], ...]  # (prompt id, question, answer)


@dataclass(frozen=True)
class AskAgain:
    prompt_id: str
    text: str


@dataclass(frozen=True)
class Outcome:
    level: Level
    flags: tuple[Flag, ...]
    reasons: tuple[Reason, ...]
    findings: tuple[Finding, ...]
    ask_again: tuple[AskAgain, ...]
    answered_no: tuple[tuple[str, str], ...]  # danger and risk questions answered "no"
    next_steps: tuple[str, ...]
    unanswered: tuple[str, ...]
    content_id: str
    content_version: str
    route: Route = Route.PATIENT
    age_band: AgeBand | None = None
    staff_subject: StaffSubject | None = None

    def flag(self, code: str) -> Flag | None:
        return next((f for f in self.flags if f.code == code), None)


def normalise_answers(
    content: ScreeningContent, answers: Mapping[str, Answer | str | None]
) -> dict[str, Answer | None]:
    """Every prompt id -> its answer or None. Raises ``ValueError`` for an unknown id or value."""
    known = {p.id for p in content.prompts}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"answers for unknown prompt ids: {', '.join(unknown)}")
    given: dict[str, Answer | None] = {}
    for prompt in content.prompts:
        value = answers.get(prompt.id)
        given[prompt.id] = None if value is None else Answer(value)
    return given


def evaluate(
    content: ScreeningContent,
    answers: Mapping[str, Answer | str | None],
    route: Route = Route.PATIENT,
    staff_support_contact: str | None = None,
    *,
    age_band: AgeBand | None = None,
    staff_subject: StaffSubject | None = None,
) -> Outcome:
    """Evaluate answers against the content's decision table.

    ``age_band`` (patient route) adds the steps for a child or young person; ``staff_subject``
    (staff route) chooses the staff steps meant for the person themselves or a colleague.
    """
    given = normalise_answers(content, answers)
    prompts = {p.id: p for p in content.prompts}
    findings: list[Finding] = []
    effects: dict[str, list[str]] = {}

    def record(rule_id: str, group: Group, effect: str, hits: frozenset[str]) -> None:
        ordered = [p for p in prompts if p in hits]
        findings.append(
            Finding(
                rule_id,
                group,
                effect,
                tuple((p, prompts[p].text, given[p]) for p in ordered),
            )
        )
        for p in ordered:
            if effect not in effects.setdefault(p, []):
                effects[p].append(effect)

    # 1. The level: the highest floor among the level rules that hold. Each answer is
    #    explained by the first rule, in the table's order, that gave its highest level.
    level = Level.NO_INDICATION
    held_rules = []
    for rule in content.rules:
        if rule.level is None:
            continue
        held, hits = matches(rule.when, given, level)
        if held:
            held_rules.append((rule, hits))
            if rule.level.rank > level.rank:
                level = rule.level
    explained_by: dict[str, str] = {}
    for prompt_id in prompts:
        best = max(
            (r for r, hits in held_rules if prompt_id in hits),
            key=lambda r: r.level.rank if r.level else 0,
            default=None,
        )
        if best is not None:
            explained_by[prompt_id] = best.id
    for rule, hits in held_rules:
        mine = frozenset(p for p in hits if explained_by.get(p) == rule.id)
        if mine:
            record(rule.id, rule.group, rule.reason, mine)

    # 2. Flags and notes, at that level. Monotone rules first: only they may raise a protected
    #    flag; a rule that is not monotone may only add wording to one already raised. A level
    #    rule may raise a flag or add a step too (its reason was recorded above).
    flag_texts: dict[FlagId, list[str]] = {}
    steps_from_rules: list[str] = []
    ordered_rules = sorted(
        (r for r in content.rules if r.route in ("", route.value)),
        key=lambda r: not r.monotone,
    )
    for rule in ordered_rules:
        held, hits = matches(rule.when, given, level)
        if not held:
            continue
        if rule.flag is not None:
            if rule.flag.protected and not rule.monotone and rule.flag not in flag_texts:
                continue
            texts = flag_texts.setdefault(rule.flag, [])
            if rule.flag_text not in texts:
                texts.append(rule.flag_text)
        if rule.step and rule.step not in steps_from_rules:
            steps_from_rules.append(rule.step)
        if rule.level is None:
            record(rule.id, rule.group, rule.reason, hits)
    findings.sort(key=lambda f: list(Group).index(f.group))

    # 3. Ask again: every "not sure", and every danger or risk question not answered.
    ask_again: list[AskAgain] = []
    for prompt in content.prompts:
        value = given[prompt.id]
        if value is Answer.UNSURE:
            ask_again.append(AskAgain(prompt.id, prompt.ask_again or f"Ask again: {prompt.text}"))
        elif value is None and prompt.role in SAFETY_ROLES:
            ask_again.append(AskAgain(prompt.id, f"Not asked yet: {prompt.text}"))

    flags = [
        Flag(flag.value, flag.title, " ".join(flag_texts[flag]))
        for flag in FlagId
        if flag in flag_texts
    ]
    if ask_again:
        flags.append(
            Flag(
                FlagId.ASK_AGAIN.value,
                FlagId.ASK_AGAIN.title,
                " ".join(item.text for item in ask_again),
            )
        )

    # 4. Reasons, one per question, in the file's order; "no" to a danger or risk question is
    #    shown as answered, so a reader can tell "no threats" from "not asked".
    reasons: list[Reason] = []
    answered_no: list[tuple[str, str]] = []
    for prompt in content.prompts:
        value = given[prompt.id]
        if prompt.id in effects:
            reasons.append(Reason(prompt.id, prompt.text, value, " ".join(effects[prompt.id])))
        elif value is Answer.NO and prompt.role in SAFETY_ROLES:
            reasons.append(Reason(prompt.id, prompt.text, value, "Answered no."))
            answered_no.append((prompt.id, prompt.text))
        elif value is Answer.UNSURE:
            reasons.append(Reason(prompt.id, prompt.text, value, "Not sure: ask again."))

    # 5. Next steps.
    steps = [step.text for step in content.next_steps[level]]
    steps += [s for s in steps_from_rules if s not in steps]
    if route is Route.PATIENT and age_band is not None:
        steps += [step.text for step in content.age_steps.get(age_band, ())]
    if route is Route.STAFF:
        contact = (staff_support_contact or "").strip()
        if contact:
            steps.append(f"Contact the practice's staff support: {contact}.")
        else:
            steps.append("Ask your practice manager who the staff-support contact is.")
        who = (staff_subject or StaffSubject.SELF).value
        steps += [step.text for step in content.staff_steps if step.who in ("", who)]
    unanswered = tuple(p.id for p in content.prompts if given[p.id] is None)
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
        findings=tuple(findings),
        ask_again=tuple(ask_again),
        answered_no=tuple(answered_no),
        next_steps=tuple(steps),
        unanswered=unanswered,
        content_id=content.id,
        content_version=content.version,
        route=route,
        age_band=age_band if route is Route.PATIENT else None,
        staff_subject=staff_subject if route is Route.STAFF else None,
    )
