"""The decision table: conditions on answers -> a level floor, a flag, a next step.

A content file carries its rules as a small table a clinical safety officer can read (see
``docs/screening-format.md`` and the generated ``docs/clinical-safety/decision-table.md``).
``evaluate`` is a short interpreter of it. Two things make the table safe by construction:

* **Monotone.** A condition only asks whether prompts were answered with one of a set of
  answers, combined with "all" and "any" (there is no "not"). A rule that sets a level must
  use *upward-closed* answer sets: a set that holds "no" also holds "not sure" and "yes", and a
  set that holds "not sure" also holds "yes". Since every prompt is phrased so that "yes" is
  the worrying answer, changing one answer from no -> not sure -> yes can then never lower the
  level. A rule that is not upward-closed may add wording to a protected flag (safeguarding,
  MARAC, mental health) that another rule raised, but can never raise one itself.
* **Floors.** ``SAFETY_FLOORS`` are the core's non-negotiable minimums (any danger "yes" is
  immediate danger, and so on). A table is refused unless, for every floor, some rule is
  guaranteed to fire from that one answer alone, whatever the other answers are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from spotter.screening.vocabulary import (
    ANSWER_ORDER,
    Answer,
    FlagId,
    Group,
    Level,
    Role,
)

_E = TypeVar("_E", Group, Level, FlagId, Role)

UNANSWERED = "unanswered"
ANSWER_TOKENS = (*(a.value for a in ANSWER_ORDER), UNANSWERED)
_TOKEN_WORDS = {
    "yes": "answered yes",
    "no": "answered no",
    "unsure": "answered not sure",
    UNANSWERED: "not answered",
}


def token(answer: Answer | None) -> str:
    """The answer as the table spells it; ``None`` (no answer) is ``"unanswered"``."""
    return UNANSWERED if answer is None else answer.value


def upward_closed(answers: frozenset[str]) -> bool:
    """True when a worse answer is always in the set if a milder one is (no < not sure < yes)."""
    ranks = [i for i, a in enumerate(ANSWER_ORDER) if a.value in answers]
    return not ranks or ranks == list(range(min(ranks), len(ANSWER_ORDER)))


# --------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Answered:
    """At least ``at_least`` of the target prompts have an answer in ``answers``."""

    targets: tuple[str, ...]  # prompt ids, in content order
    answers: frozenset[str]
    at_least: int = 1
    role: Role | None = None  # set when written as {"role": ...}; for the words only


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class LevelAtLeast:
    level: Level


Condition = Answered | AllOf | AnyOf | LevelAtLeast


def matches(
    condition: Condition, given: Mapping[str, Answer | None], level: Level
) -> tuple[bool, frozenset[str]]:
    """Whether ``condition`` holds, and the prompts whose answers made it hold."""
    if isinstance(condition, Answered):
        hits = frozenset(p for p in condition.targets if token(given.get(p)) in condition.answers)
        return len(hits) >= condition.at_least, hits
    if isinstance(condition, LevelAtLeast):
        return level.at_least(condition.level), frozenset()
    results = [matches(part, given, level) for part in condition.parts]
    if isinstance(condition, AllOf):
        ok = all(held for held, _ in results)
    else:
        ok = any(held for held, _ in results)
    why = frozenset().union(*(hits for held, hits in results if held)) if ok else frozenset()
    return ok, why


def guaranteed(condition: Condition, prompt_id: str, answer: str, level: Level) -> bool:
    """True if ``prompt_id`` answered ``answer`` makes ``condition`` hold whatever else is
    answered (at outcome ``level``)."""
    if isinstance(condition, Answered):
        return (
            condition.at_least == 1
            and prompt_id in condition.targets
            and (answer in condition.answers)
        )
    if isinstance(condition, LevelAtLeast):
        return level.at_least(condition.level)
    checks = (guaranteed(part, prompt_id, answer, level) for part in condition.parts)
    return all(checks) if isinstance(condition, AllOf) else any(checks)


def walk(condition: Condition) -> list[Condition]:
    if isinstance(condition, AllOf | AnyOf):
        return [condition, *(c for part in condition.parts for c in walk(part))]
    return [condition]


def is_upward_closed(condition: Condition) -> bool:
    return all(upward_closed(c.answers) for c in walk(condition) if isinstance(c, Answered))


def uses_level(condition: Condition) -> bool:
    return any(isinstance(c, LevelAtLeast) for c in walk(condition))


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    id: str
    group: Group
    when: Condition
    reason: str  # the effect, in words, shown under "why"
    source: str
    level: Level | None = None
    flag: FlagId | None = None
    flag_text: str = ""
    step: str = ""
    route: str = ""  # "patient" or "staff": the rule applies on that route only

    @property
    def monotone(self) -> bool:
        return is_upward_closed(self.when)


@dataclass(frozen=True)
class Floor:
    """A minimum the core guarantees: this answer to any prompt of ``target`` (a role, or one
    prompt id) gives at least ``level`` (or raises ``flag`` once the outcome is at least
    ``at_level``). A floor naming a prompt id the file does not have does not apply; the
    prompts every file must have are checked by ``content.py``."""

    target: Role | str
    answers: frozenset[str]
    words: str
    level: Level | None = None
    flag: FlagId | None = None
    at_level: Level = Level.NO_INDICATION


SAFETY_FLOORS: tuple[Floor, ...] = (
    Floor(
        Role.DANGER,
        frozenset({"yes"}),
        "Any danger question answered yes gives immediate danger.",
        level=Level.IMMEDIATE_DANGER,
    ),
    Floor(
        Role.DANGER,
        frozenset({"unsure"}),
        "Any danger question answered not sure gives at least high concern.",
        level=Level.HIGH_CONCERN,
    ),
    Floor(
        Role.DANGER,
        frozenset({UNANSWERED}),
        "Any danger question not answered means the screen is at least not completed.",
        level=Level.NOT_COMPLETED,
    ),
    Floor(
        "risk_threats",
        frozenset({"yes", "unsure"}),
        "Threats answered yes or not sure give at least high concern.",
        level=Level.HIGH_CONCERN,
    ),
    Floor(
        "risk_violence",
        frozenset({"yes", "unsure"}),
        "Violence answered yes or not sure gives at least high concern.",
        level=Level.HIGH_CONCERN,
    ),
    Floor(
        "risk_frightened",
        frozenset({"yes"}),
        "Being afraid of what the other person might do, answered yes, gives at least high "
        "concern.",
        level=Level.HIGH_CONCERN,
    ),
    Floor(
        Role.RISK,
        frozenset({"yes", "unsure", UNANSWERED}),
        "Any risk question not answered no means the outcome is at least not completed "
        "('no indication' needs every danger and risk answer to be no).",
        level=Level.NOT_COMPLETED,
    ),
    Floor(
        Role.EX_PARTNER,
        frozenset({"yes", "unsure"}),
        "A current or former partner (yes or not sure) with at least high concern raises the "
        "MARAC prompt.",
        flag=FlagId.MARAC_ROUTE,
        at_level=Level.HIGH_CONCERN,
    ),
    Floor(
        Role.CHILD_HARM,
        frozenset({"yes", "unsure"}),
        "A child threatened, harmed, used or watched (yes or not sure) raises the children's "
        "safeguarding flag at any level.",
        flag=FlagId.SAFEGUARDING_CHILDREN,
    ),
    Floor(
        Role.CHILDREN,
        frozenset({"yes"}),
        "Children in the household with at least stalking indicated raise the children's "
        "safeguarding flag.",
        flag=FlagId.SAFEGUARDING_CHILDREN,
        at_level=Level.STALKING_INDICATED,
    ),
    Floor(
        Role.WELLBEING,
        frozenset({"yes"}),
        "A wellbeing question answered yes raises the mental-health flag.",
        flag=FlagId.MENTAL_HEALTH,
    ),
)


def floor_targets(floor: Floor, roles: Mapping[str, Role]) -> list[str]:
    """The prompt ids a floor applies to, given each prompt's role."""
    if isinstance(floor.target, Role):
        return [p for p, role in roles.items() if role is floor.target]
    return [floor.target] if floor.target in roles else []


def floor_met(floor: Floor, rules: Sequence[Rule], roles: Mapping[str, Role]) -> bool:
    """Every (prompt, answer) the floor names is guaranteed to trigger a rule that gives the
    floor's level, or raises its flag (a monotone rule: only those may raise protected flags)."""

    def delivers(rule: Rule) -> bool:
        if floor.level is not None:
            return rule.level is not None and rule.level.at_least(floor.level)
        return rule.flag is floor.flag and rule.monotone

    for prompt_id in floor_targets(floor, roles):
        for answer in floor.answers:
            if not any(
                delivers(r) and guaranteed(r.when, prompt_id, answer, floor.at_level) for r in rules
            ):
                return False
    return True


# --------------------------------------------------------------------------- reading


class TableError(ValueError):
    """A problem in the decision table; ``where`` is a JSON path such as ``rules[3].when``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


_RULE_KEYS = {
    "id",
    "group",
    "when",
    "reason",
    "source",
    "level",
    "flag",
    "flag_text",
    "step",
    "route",
}


def parse_rules(
    items: Any,
    roles: Mapping[str, Role],
    source_ids: set[str],
    *,
    ident: Callable[[str], bool],
) -> tuple[Rule, ...]:
    """Read and check ``rules``; ``roles`` maps every prompt id to its role, in order."""
    if not isinstance(items, list) or not items:
        raise TableError("rules", "expected a non-empty list of rules")
    rules: list[Rule] = []
    for i, item in enumerate(items):
        where = f"rules[{i}]"
        if not isinstance(item, dict):
            raise TableError(where, "expected an object")
        extra = sorted(set(item) - _RULE_KEYS)
        if extra:
            raise TableError(
                f"{where}.{extra[0]}", f"unknown field (allowed: {', '.join(sorted(_RULE_KEYS))})"
            )
        rule_id = _text(item, "id", where)
        if not ident(rule_id):
            raise TableError(f"{where}.id", f"{rule_id!r} is not a snake_case id")
        if any(r.id == rule_id for r in rules):
            raise TableError(f"{where}.id", f"duplicate rule id {rule_id!r}")
        group = _choice(item, "group", where, Group)
        if "when" not in item:
            raise TableError(f"{where}.when", "missing")
        when = _condition(item["when"], f"{where}.when", roles)
        source = _text(item, "source", where)
        if source not in source_ids:
            raise TableError(f"{where}.source", f"{source!r} is not a source id in sources")
        level = _choice(item, "level", where, Level) if "level" in item else None
        flag = _choice(item, "flag", where, FlagId) if "flag" in item else None
        if flag is FlagId.ASK_AGAIN:
            raise TableError(
                f"{where}.flag", "'ask_again' is raised by Spotter itself for every 'not sure'"
            )
        flag_text = _text(item, "flag_text", where) if "flag_text" in item else ""
        if flag is not None and not flag_text:
            raise TableError(f"{where}.flag_text", "missing: a flag needs its text")
        if flag is None and flag_text:
            raise TableError(f"{where}.flag_text", "is set but the rule raises no flag")
        rule = Rule(
            id=rule_id,
            group=group,
            when=when,
            reason=_text(item, "reason", where),
            source=source,
            level=level,
            flag=flag,
            flag_text=flag_text,
            step=_text(item, "step", where) if "step" in item else "",
            route=_text(item, "route", where) if "route" in item else "",
        )
        if rule.route not in {"", "patient", "staff"}:
            raise TableError(f"{where}.route", f"{rule.route!r} is not 'patient' or 'staff'")
        if rule.route and rule.level is not None:
            raise TableError(f"{where}.route", "a rule that sets the level applies on both routes")
        if level is not None and uses_level(when):
            raise TableError(
                f"{where}.when", "a rule that sets the level cannot depend on the level"
            )
        if level is not None and not rule.monotone:
            raise TableError(
                f"{where}.when",
                "a rule that sets the level must be upward-closed: an answer set with 'no' "
                "must also hold 'unsure' and 'yes', one with 'unsure' must also hold 'yes'",
            )
        rules.append(rule)
    for floor in SAFETY_FLOORS:
        if floor_targets(floor, roles) and not floor_met(floor, rules, roles):
            raise TableError("rules", f"does not meet the safety floor: {floor.words}")
    return tuple(rules)


def _text(item: dict[str, Any], key: str, where: str) -> str:
    if key not in item:
        raise TableError(f"{where}.{key}", "missing")
    value = item[key]
    if not isinstance(value, str) or not value.strip():
        raise TableError(f"{where}.{key}", "expected non-empty text")
    return value.strip()


def _choice(item: dict[str, Any], key: str, where: str, kind: type[_E]) -> _E:
    value = _text(item, key, where)
    allowed = [member.value for member in kind]
    if value not in allowed:
        raise TableError(f"{where}.{key}", f"{value!r} is not one of {', '.join(allowed)}")
    return kind(value)


def _condition(value: Any, where: str, roles: Mapping[str, Role]) -> Condition:
    if not isinstance(value, dict):
        raise TableError(where, "expected an object")
    keys = set(value)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise TableError(where, f"'{combinator}' stands alone in its object")
            parts = value[combinator]
            if not isinstance(parts, list) or not parts:
                raise TableError(f"{where}.{combinator}", "expected a non-empty list")
            conditions = tuple(
                _condition(part, f"{where}.{combinator}[{i}]", roles)
                for i, part in enumerate(parts)
            )
            return AllOf(conditions) if combinator == "all" else AnyOf(conditions)
    if "level_at_least" in keys:
        if keys != {"level_at_least"}:
            raise TableError(where, "'level_at_least' stands alone in its object")
        return LevelAtLeast(_choice(value, "level_at_least", where, Level))
    allowed = {"role", "prompts", "answers", "at_least"}
    extra = sorted(keys - allowed)
    if extra:
        raise TableError(
            f"{where}.{extra[0]}",
            "unknown field (a condition is all, any, level_at_least, or role/prompts with "
            "answers and at_least)",
        )
    if ("role" in keys) == ("prompts" in keys):
        raise TableError(where, "give either 'role' or 'prompts'")
    role: Role | None = None
    if "role" in keys:
        role = _choice(value, "role", where, Role)
        targets = tuple(p for p, r in roles.items() if r is role)
        if not targets:
            raise TableError(f"{where}.role", f"no prompt has the role {role.value!r}")
    else:
        listed = value["prompts"]
        if not isinstance(listed, list) or not listed:
            raise TableError(f"{where}.prompts", "expected a non-empty list of prompt ids")
        for prompt_id in listed:
            if not isinstance(prompt_id, str) or prompt_id not in roles:
                raise TableError(f"{where}.prompts", f"{prompt_id!r} is not a prompt id")
        targets = tuple(p for p in roles if p in listed)
    answers = value.get("answers")
    if not isinstance(answers, list) or not answers or any(a not in ANSWER_TOKENS for a in answers):
        raise TableError(f"{where}.answers", f"expected a list of {', '.join(ANSWER_TOKENS)}")
    at_least = value.get("at_least", 1)
    if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 1:
        raise TableError(f"{where}.at_least", "expected a whole number, 1 or more")
    if at_least > len(targets):
        raise TableError(
            f"{where}.at_least",
            f"{at_least} can never be met: only {len(targets)} prompt(s) match",
        )
    return Answered(targets, frozenset(answers), at_least, role)


# --------------------------------------------------------------------------- words


_ROLE_WORDS = {
    Role.DANGER: "danger",
    Role.FOUR: "FOUR",
    Role.COURSE_OF_CONDUCT: "course-of-conduct",
    Role.BEHAVIOUR: "behaviour",
    Role.RISK: "risk",
    Role.EX_PARTNER: "partner",
    Role.CHILDREN: "children",
    Role.CHILD_HARM: "child-harm",
    Role.WELLBEING: "wellbeing",
    Role.CONTEXT: "context",
}


def answers_in_words(answers: frozenset[str]) -> str:
    words = [_TOKEN_WORDS[t] for t in ("yes", "unsure", "no", UNANSWERED) if t in answers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def describe(condition: Condition) -> str:
    """The condition in plain words, for the sign-off table."""
    if isinstance(condition, LevelAtLeast):
        return f"the outcome is at least *{condition.level.title}*"
    if isinstance(condition, AllOf | AnyOf):
        joiner = " **and** " if isinstance(condition, AllOf) else " **or** "
        parts = [describe(part) for part in condition.parts]
        return joiner.join(f"({p})" if " **" in p else p for p in parts)
    said = answers_in_words(condition.answers)
    if condition.role is not None:
        subject = f"{_ROLE_WORDS[condition.role]} question"
    else:
        subject = " / ".join(f"`{p}`" for p in condition.targets)
    many = len(condition.targets) > 1
    if condition.at_least > 1:
        return f"at least {condition.at_least} {subject}s are {said}"
    if condition.role is not None:
        prefix = "any " if many else "the "
    else:
        prefix = "any of " if many else ""
    return f"{prefix}{subject} is {said}"
