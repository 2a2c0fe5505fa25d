"""An import plan as rows a practice manager can scan: one row per service with its outcome.

The dialog shows these rows, filters them and expands a changed service to its fields; the
words and the rules (what counts as what, what a filter matches) are here, so the window
only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from spotter.importing.plan import FieldChange, ImportMode, ImportPlan
from spotter.importing.report import ProblemGroup


class Outcome(StrEnum):
    """What importing does to one service (in the order the preview lists them)."""

    REMOVED = "removed"
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NOT_SELECTED = "not selected"


#: How an outcome reads in the preview's table: words, so colour is never the only cue.
OUTCOME_WORDS = {
    Outcome.REMOVED: "Removed",
    Outcome.ADDED: "Added",
    Outcome.CHANGED: "Changed",
    Outcome.UNCHANGED: "Unchanged",
    Outcome.NOT_SELECTED: "Not selected",
}


@dataclass(frozen=True)
class PreviewRow:
    outcome: Outcome
    id: str
    name: str
    #: Why it is there or what happens to it ("taxonomy term 'Stalking'", "not in the file:
    #: removed from the directory").
    note: str = ""
    changes: tuple[FieldChange, ...] = ()

    def matches(self, text: str) -> bool:
        """Whether the text filter ``text`` finds this row (name, id, note or a field name)."""
        wanted = text.casefold().strip()
        if not wanted:
            return True
        haystack = [self.name, self.id, self.note, *(c.field for c in self.changes)]
        return any(wanted in part.casefold() for part in haystack)


@dataclass(frozen=True)
class Preview:
    """What the import dialog shows for a checked file."""

    rows: tuple[PreviewRow, ...]
    #: The file's own lines: "read as: …", the page, "selected N of M, because …",
    #: "not kept: …".
    about: tuple[str, ...]
    problems: tuple[ProblemGroup, ...]
    mode: ImportMode

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome is outcome)

    @property
    def removes(self) -> bool:
        """The import removes services (replace mode): the dialog makes this stand out."""
        return any(row.outcome is Outcome.REMOVED for row in self.rows)

    def shown(self, outcome: Outcome | None = None, text: str = "") -> list[PreviewRow]:
        """The rows with ``outcome`` (None: every outcome) that ``text`` finds."""
        return [
            row
            for row in self.rows
            if (outcome is None or row.outcome is outcome) and row.matches(text)
        ]


def preview(plan: ImportPlan) -> Preview:
    """The rows for ``plan``: removed first (they matter most), then added, changed,
    unchanged, and the services a selection left out."""
    file = plan.file
    reasons = file.selection.reasons if file.selection is not None else {}
    rows: list[PreviewRow] = []
    if plan.ok and plan.result is not None:
        diff = plan.diff
        rows.extend(
            PreviewRow(Outcome.REMOVED, s.id, s.name, "not in the file: removed from the directory")
            for s in diff.removed
        )
        rows.extend(
            PreviewRow(Outcome.ADDED, s.id, s.name, reasons.get(s.id, "")) for s in diff.added
        )
        rows.extend(
            PreviewRow(Outcome.CHANGED, c.id, c.name, reasons.get(c.id, ""), c.changes)
            for c in diff.changed
        )
        result = plan.result.by_id()
        kept = {s.id for s in diff.kept}
        rows.extend(
            PreviewRow(Outcome.UNCHANGED, i, result[i].name, reasons.get(i, ""))
            for i in diff.unchanged
            if i in result and i not in kept
        )
        rows.extend(
            PreviewRow(Outcome.UNCHANGED, s.id, s.name, "not in the file; always kept")
            for s in diff.kept
        )
    if file.selection is not None:
        rows.extend(
            PreviewRow(Outcome.NOT_SELECTED, i, name, "no selection term in it")
            for i, name in file.selection.not_selected
        )
    return Preview(tuple(rows), tuple(file.describe()), tuple(plan.report.groups()), plan.mode)


__all__ = ["OUTCOME_WORDS", "Outcome", "Preview", "PreviewRow", "preview"]
