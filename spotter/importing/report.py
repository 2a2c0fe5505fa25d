"""Problems found in a services file, reported all at once with where they are.

A :class:`Problem` names the file, the CSV line (the header is line 1) or the JSON path, the
field and what is wrong. ``error`` problems stop an import; ``warning`` problems are shown and
the import may go ahead (for example a Windows-1252 file that was decoded, or a scope that was
worked out from the areas because the file did not give one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

#: How many problems are listed in full; the rest are counted (a broken 10,000-row file
#: should still give a readable report).
MAX_LISTED = 500
#: More problems of one kind than this are summarised on one line with the first few places.
SUMMARISE_OVER = 3


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str
    line: int | None = None
    path: str | None = None
    severity: Severity = "error"
    #: What kind of problem this is, in words ("leading 0 restored"): problems of one kind
    #: are summarised together in :meth:`ValidationReport.render`. Empty: the message is
    #: the kind.
    kind: str = ""

    @property
    def where(self) -> str:
        """``line 4, phones`` / ``services[2].phones[0].number`` / ``phones.csv line 12,
        number`` (a file inside a package, and its line) / ``file``."""
        if self.path and self.line is not None:
            return f"{self.path} line {self.line}" + (f", {self.field}" if self.field else "")
        parts: list[str] = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path + (f".{self.field}" if self.field else ""))
        elif self.field:
            parts.append(self.field)
        return ", ".join(parts) or "file"

    def render(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "field": self.field,
            "message": self.message,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one kind (or the same message for the same field), with their count."""

    severity: Severity
    #: The kind in words, or the message when the problems have no kind.
    what: str
    problems: tuple[Problem, ...]

    @property
    def count(self) -> int:
        return len(self.problems)

    @property
    def summarised(self) -> bool:
        """Shown as one line with its count (more than :data:`SUMMARISE_OVER` of them)."""
        return len(self.problems) > SUMMARISE_OVER


@dataclass
class ValidationReport:
    """Every problem found in one file."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    # --- collecting ---------------------------------------------------------------------

    def error(
        self,
        field_name: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        kind: str = "",
    ) -> None:
        self.problems.append(Problem(self.file, field_name, message, line, path, "error", kind))

    def warning(
        self,
        field_name: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        kind: str = "",
    ) -> None:
        self.problems.append(Problem(self.file, field_name, message, line, path, "warning", kind))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    # --- reading ------------------------------------------------------------------------

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if errors and all(p.field == "database" for p in self.errors):
            return (
                f"{self.file}: nothing was imported – the file was not the problem: Spotter's "
                "database could not be used (see below). Nothing was changed."
            )
        if errors:
            return (
                f"{self.file}: {_count(errors, 'error')}"
                + (f" and {_count(warnings, 'warning')}" if warnings else "")
                + " – nothing was imported. Correct the file and import it again."
            )
        if warnings:
            return f"{self.file}: no errors, {_count(warnings, 'warning')}"
        return f"{self.file}: no problems found"

    def render(self) -> str:
        """The report as text for a person: a summary line, then the problems.

        A problem that comes up more than :data:`SUMMARISE_OVER` times (the same kind, or the
        same message for the same field) is one line with its count and the first few places,
        so a council feed's report fits on a screen; :meth:`to_json` keeps every problem.
        """
        lines = [self.summary()]
        listed = 0
        for group in self.groups():
            if listed >= MAX_LISTED:
                break
            problems = group.problems
            if group.summarised:
                first = problems[0]
                places = ", ".join(f"`{p.where}`" for p in problems[:SUMMARISE_OVER])
                lines.append(
                    f"  {group.severity:<7} {group.what}: {len(problems)} times, e.g. {places}…"
                    + (f" (first: {first.message})" if first.kind else "")
                )
                listed += 1
                continue
            for problem in problems:
                lines.append(f"  {problem.severity:<7} {problem.where}: {problem.message}")
                listed += 1
        if listed >= MAX_LISTED:
            lines.append("  ... and more (the JSON report lists every one)")
        return "\n".join(lines)

    def groups(self) -> list[ProblemGroup]:
        """The problems grouped as :meth:`render` shows them (errors first): by ``kind``,
        or by field and message when a problem has no kind; in the order first found."""
        groups: dict[tuple[Severity, str, str], list[Problem]] = {}
        for problem in self.errors + self.warnings:
            key = (problem.severity, problem.kind or problem.field, problem.kind or problem.message)
            groups.setdefault(key, []).append(problem)
        return [
            ProblemGroup(severity, problems[0].kind or problems[0].message, tuple(problems))
            for (severity, _field, _what), problems in groups.items()
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_json() for p in self.errors + self.warnings],
        }


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class ImportValidationError(Exception):
    """An import cannot go ahead; :attr:`report` says every reason."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report.render())
