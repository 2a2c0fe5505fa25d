"""Screening content: the prompts, their sources, the decision table and the next steps.

Loaded from a versioned JSON file (``resources/screening/spotter-core.json`` is Spotter's own,
written from public sources; a practice may load its own in the same format, see
``docs/screening-format.md``). Loading refuses a file that lacks the prompts the safety rules
need, or whose table does not meet the core's safety floors, naming file and field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spotter.screening.table import Rule, TableError, parse_rules
from spotter.screening.vocabulary import AgeBand, Level, Role
from spotter.system.resources import resource_path

FORMAT = "spotter-screening/2"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# Prompts a file must have, by id (stable ids the safety floors name) or by role.
REQUIRED_PROMPTS: dict[str, Role] = {"risk_threats": Role.RISK, "risk_violence": Role.RISK}
REQUIRED_ROLES: tuple[Role, ...] = (
    Role.DANGER,
    Role.RISK,
    Role.EX_PARTNER,
    Role.CHILDREN,
    Role.CHILD_HARM,
)


class ContentError(ValueError):
    """A screening content file is unreadable or invalid; the message names file and field."""


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
    ask_again: str = ""  # how to ask again after "not sure"; defaults to the question


@dataclass(frozen=True)
class Step:
    text: str
    source: str
    who: str = ""  # staff steps only: "self" or "colleague" (default: both)


@dataclass(frozen=True)
class ScreeningContent:
    id: str
    version: str
    title: str
    licence: str
    notice: str
    sources: tuple[Source, ...]
    prompts: tuple[Prompt, ...]
    rules: tuple[Rule, ...]
    next_steps: dict[Level, tuple[Step, ...]]
    staff_steps: tuple[Step, ...]
    age_steps: dict[AgeBand, tuple[Step, ...]]

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


_TOP_KEYS = {
    "format",
    "id",
    "version",
    "title",
    "licence",
    "notice",
    "sources",
    "prompts",
    "rules",
    "next_steps",
    "staff_steps",
    "age_steps",
}
_SOURCE_KEYS = {"id", "citation", "url"}
_PROMPT_KEYS = {"id", "section", "role", "text", "help", "source", "ask_again"}
_STEP_KEYS = {"text", "source", "who"}


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

    def items(self, value: dict[str, Any], key: str, where: str = "") -> list[Any]:
        path = f"{where}.{key}" if where else key
        if key not in value:
            raise self.fail(path, "missing")
        item = value[key]
        if not isinstance(item, list):
            raise self.fail(path, f"expected a list, got {_kind(item)}")
        if not item:
            raise self.fail(path, "is empty")
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
    except RecursionError as exc:
        raise check.fail("", "nested too deeply to be a screening file") from exc
    return parse_content(data, name)


def parse_content(data: object, name: str = "<content>") -> ScreeningContent:
    """Validate already-decoded JSON data; ``name`` is used in error messages."""
    check = _Checker(name)
    top = check.obj(data, "")
    fmt = check.text(top, "format", "")
    if fmt == "spotter-screening/1":
        raise check.fail(
            "format",
            "'spotter-screening/1' files kept their rules as thresholds; this version of "
            "Spotter needs a decision table ('spotter-screening/2', see "
            "docs/screening-format.md)",
        )
    if fmt != FORMAT:
        raise check.fail("format", f"{fmt!r} is not supported (expected {FORMAT!r})")
    check.keys(top, _TOP_KEYS, "")

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

    prompts = _prompts(check, top, source_ids)
    roles = {p.id: p.role for p in prompts}
    try:
        rules = parse_rules(
            top.get("rules"), roles, source_ids, ident=lambda s: bool(_ID_RE.match(s))
        )
    except TableError as exc:
        raise check.fail(exc.where, exc.message) from exc

    steps_obj = check.obj(top.get("next_steps"), "next_steps")
    check.keys(steps_obj, {level.value for level in Level}, "next_steps")
    next_steps = {
        level: _steps(check, steps_obj, level.value, "next_steps", source_ids) for level in Level
    }
    staff_steps = _steps(check, top, "staff_steps", "", source_ids)
    age_obj = check.obj(top.get("age_steps", {}), "age_steps")
    young = [band.value for band in AgeBand if band is not AgeBand.ADULT]
    check.keys(age_obj, set(young), "age_steps")
    age_steps = {
        AgeBand(key): _steps(check, age_obj, key, "age_steps", source_ids) for key in age_obj
    }
    return ScreeningContent(
        id=check.text(top, "id", ""),
        version=check.text(top, "version", ""),
        title=check.text(top, "title", ""),
        licence=check.text(top, "licence", ""),
        notice=check.text(top, "notice", ""),
        sources=tuple(sources),
        prompts=prompts,
        rules=rules,
        next_steps=next_steps,
        staff_steps=staff_steps,
        age_steps=age_steps,
    )


def _prompts(check: _Checker, top: dict[str, Any], source_ids: set[str]) -> tuple[Prompt, ...]:
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
                ask_again=check.text(obj, "ask_again", where, optional=True),
            )
        )
    missing = [
        f"a prompt with role {role.value!r}"
        for role in REQUIRED_ROLES
        if not any(p.role is role for p in prompts)
    ]
    for prompt_id, role in REQUIRED_PROMPTS.items():
        found = next((p for p in prompts if p.id == prompt_id), None)
        if found is None:
            missing.append(f"the prompt {prompt_id!r} (role {role.value!r})")
        elif found.role is not role:
            raise check.fail(
                "prompts", f"the prompt {prompt_id!r} must have the role {role.value!r}"
            )
    if missing:
        raise check.fail(
            "prompts",
            "a screening file must ask about danger, threats, violence, a partner and children; "
            f"this one lacks {'; '.join(missing)}",
        )
    return tuple(prompts)


def _steps(
    check: _Checker, parent: dict[str, Any], key: str, where: str, source_ids: set[str]
) -> tuple[Step, ...]:
    steps: list[Step] = []
    path = f"{where}.{key}" if where else key
    for i, entry in enumerate(check.items(parent, key, where)):
        here = f"{path}[{i}]"
        obj = check.obj(entry, here)
        check.keys(obj, _STEP_KEYS, here)
        source = check.text(obj, "source", here)
        if source not in source_ids:
            raise check.fail(f"{here}.source", f"{source!r} is not a source id in sources")
        who = check.text(obj, "who", here, optional=True)
        if who not in {"", "self", "colleague"}:
            raise check.fail(f"{here}.who", f"{who!r} is not 'self' or 'colleague'")
        steps.append(Step(check.text(obj, "text", here), source, who))
    return tuple(steps)


def bundled_path() -> Path:
    return resource_path("screening", "spotter-core.json")


def load_bundled() -> ScreeningContent:
    """Load Spotter's own screening content shipped in ``resources/screening``."""
    return load_content(bundled_path())
