"""The import preview as tables a practice manager can scan: the services with what happens to
each (filterable, a change opens to its fields), and the problems grouped with their count.

The rows, their words and what a filter finds come from :mod:`spotter.importing.preview`;
this module only draws them. A removal is shown in words ("Removed") and in colour.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spotter.importing.preview import OUTCOME_WORDS, Outcome, Preview, PreviewRow
from spotter.importing.report import ProblemGroup
from ui.widgets import label

#: Problems listed one by one under their group; the rest are counted.
MAX_PLACES = 200

_REMOVED_TEXT_BRUSH = QBrush(QColor("#8a1f1f"))  # the error colour: 4.5:1 on the row's fill
_REMOVED_FILL_BRUSH = QBrush(QColor("#fbe6dc"))
_ERROR_BRUSH = QBrush(QColor("#8a1f1f"))
_ALL = "All services"


class _Row(QTreeWidgetItem):
    """A row whose colour, font, tooltip and whole text come from :meth:`data`.

    Nothing is set on a row after it is made: with PySide6 6.12 on Python 3.11 every call of a
    Qt method that returns nothing (``setToolTip``, ``setData``, ``setHidden``…), or returns an
    empty value, takes one reference from ``None``; a file of thousands of services would use
    them all up and stop the app ("deallocating None"). Constructors do not, and neither does
    this :meth:`data`, which answers every role itself.
    """

    def __init__(
        self,
        parent: QTreeWidgetItem | None,
        texts: list[str],
        whole: str,
        *,
        removed: bool = False,
        error: bool = False,
    ) -> None:
        if parent is None:
            super().__init__(texts)
        else:
            super().__init__(parent, texts)
        self.texts = texts
        self.whole = whole
        self.removed = removed
        self.error = error

    def data(self, column: int, role: int) -> Any:
        # Every role is answered here, never by QTreeWidgetItem.data: an empty answer from
        # it would also take a reference from None.
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.texts[column] if column < len(self.texts) else ""
        if role in (Qt.ItemDataRole.UserRole, Qt.ItemDataRole.ToolTipRole):
            return self.whole
        if self.removed:
            if role == Qt.ItemDataRole.ForegroundRole:
                return _REMOVED_TEXT_BRUSH
            if role == Qt.ItemDataRole.BackgroundRole:
                return _REMOVED_FILL_BRUSH
            if role == Qt.ItemDataRole.FontRole and column == 0:
                return _bold()
        if self.error and role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return _ERROR_BRUSH
        return None


_BOLD: list[QFont] = []


def _bold() -> QFont:
    """The application font in bold, made once (painting asks for it on every row)."""
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


def _full_text(name: str) -> QLabel:
    """A line under a table with the current row's whole text (a table cuts long text)."""
    widget = label("", selectable=True)
    widget.setObjectName("hint")
    widget.setAccessibleName(name)
    return widget


def _whole(item: QTreeWidgetItem | None) -> str:
    if item is None:
        return ""
    return str(item.data(0, Qt.ItemDataRole.UserRole) or item.text(0))


def _empty(text: str) -> str:
    return text if text else "(empty)"


class PreviewView(QWidget):
    """About the file, the services table with its filters, and the grouped problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: Preview | None = None
        self._items: list[tuple[PreviewRow, QTreeWidgetItem]] = []

        self.about = label("", kind="hint", selectable=True)
        self.about.setObjectName("hint")
        self.about.setAccessibleName("About the file")
        self.about.setVisible(False)

        self.removing = label("", kind="flag")
        self.removing.setObjectName("flag")
        self.removing.setContentsMargins(10, 6, 10, 6)
        self.removing.setVisible(False)

        show_caption = label("S&how:", wrap=False)
        self.outcome_filter = QComboBox()
        self.outcome_filter.setAccessibleName("Show services by what the import does to them")
        self.outcome_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        show_caption.setBuddy(self.outcome_filter)
        find_caption = label("Fin&d:", wrap=False)
        self.text_filter = QLineEdit()
        self.text_filter.setAccessibleName("Find services by name, id or field")
        self.text_filter.setPlaceholderText("Name, id or field")
        self.text_filter.setClearButtonEnabled(True)
        find_caption.setBuddy(self.text_filter)
        self.shown_count = label("", kind="hint", wrap=False)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(show_caption)
        filters.addWidget(self.outcome_filter)
        filters.addWidget(find_caption)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.shown_count)
        self.filters = QWidget()
        self.filters.setLayout(filters)

        self.table = QTreeWidget()
        self.table.setObjectName("previewTable")
        self.table.setAccessibleName("Services and what the import does to them")
        self.table.setHeaderLabels(["What happens", "Service", "Why, or the change"])
        self.table.setRootIsDecorated(True)
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 300)

        self.problems_title = label("", kind="hint")
        self.problems = QTreeWidget()
        self.problems.setObjectName("problemsTable")
        self.problems.setAccessibleName("Problems found in the file, grouped")
        self.problems.setHeaderLabels(["Problem", "How many"])
        pheader = self.problems.header()
        pheader.setStretchLastSection(False)
        pheader.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        pheader.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 4, 0, 0)
        problems_layout.setSpacing(4)
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems, 1)
        self.problem_full = _full_text("The selected problem in full")
        problems_layout.addWidget(self.problem_full)
        self.problems_box = problems_box

        services_box = QWidget()
        services_layout = QVBoxLayout(services_box)
        services_layout.setContentsMargins(0, 0, 0, 0)
        services_layout.setSpacing(4)
        services_layout.addWidget(self.filters)
        services_layout.addWidget(self.table, 1)
        self.table_full = _full_text("The selected service or change in full")
        services_layout.addWidget(self.table_full)
        self.services_box = services_box

        # Two tabs, so each list has the height: Ctrl+Tab, or the tab bar, moves between them.
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Services and problems")
        self.tabs.addTab(services_box, "Services")
        self.tabs.addTab(problems_box, "Problems")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.about)
        layout.addWidget(self.removing)
        layout.addWidget(self.tabs, 1)

        self.table.currentItemChanged.connect(
            lambda item, _old: self.table_full.setText(_whole(item))
        )
        self.problems.currentItemChanged.connect(
            lambda item, _old: self.problem_full.setText(_whole(item))
        )
        self.outcome_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.text_filter.textChanged.connect(lambda _t: self.apply_filters())
        self.clear()

    # --- showing ------------------------------------------------------------------------

    def clear(self) -> None:
        self.preview = None
        self._items = []
        self.table.clear()
        self.problems.clear()
        self.about.setText("")
        self.about.setVisible(False)
        self.removing.setVisible(False)
        self.tabs.setVisible(False)

    def show_preview(self, preview: Preview, *, services: bool) -> None:
        """Show ``preview``; ``services``: the file can be imported, so list its services
        (a file that cannot be imported shows its problems alone)."""
        self.clear()
        self.preview = preview
        self.about.setText("\n".join(preview.about))
        self.about.setVisible(bool(preview.about))
        removed = preview.count(Outcome.REMOVED)
        if services and removed:
            words = (
                f"Replace removes {removed} service{'s' if removed != 1 else ''} from the "
                "directory: they are listed first, marked Removed."
            )
            self.removing.setText(words)
            self.removing.setAccessibleName(words)
            self.removing.setVisible(True)
        self._fill_filter(preview)
        self._fill_problems(preview.problems)
        listed = services or bool(preview.rows)
        self.tabs.setVisible(True)
        self.tabs.setTabEnabled(0, listed)
        self.tabs.setTabText(0, f"&Services ({len(preview.rows)})" if listed else "Services")
        self.tabs.setTabEnabled(1, bool(preview.problems))
        self.tabs.setTabText(1, f"&Problems ({self.problems_title.text()})")
        self.tabs.setCurrentIndex(0 if listed else 1)
        first = self.problems.topLevelItem(0)
        if first is not None:
            self.problems.setCurrentItem(first)
        self.apply_filters()

    def _fill_filter(self, preview: Preview) -> None:
        self.outcome_filter.blockSignals(True)
        self.outcome_filter.clear()
        self.outcome_filter.addItem(f"{_ALL} ({len(preview.rows)})", "")
        for outcome in Outcome:
            count = preview.count(outcome)
            if count:
                self.outcome_filter.addItem(f"{OUTCOME_WORDS[outcome]} ({count})", outcome.value)
        self.outcome_filter.setCurrentIndex(0)
        self.outcome_filter.blockSignals(False)

    def _fill_table(self, rows: list[PreviewRow]) -> None:
        """The rows shown, built afresh (a filter builds them again: cheaper and safer than
        hiding thousands of rows one call at a time; see :class:`_Row`)."""
        self.table.clear()
        items: list[QTreeWidgetItem] = []
        self._items = []
        for row in rows:
            words = OUTCOME_WORDS[row.outcome]
            if row.changes:
                count = len(row.changes)
                words += f" ({count} field{'s' if count != 1 else ''})"
            whole = f"{words}: {row.name} ({row.id})" + (f" – {row.note}" if row.note else "")
            removed = row.outcome is Outcome.REMOVED
            item = _Row(None, [words, row.name, row.note or row.id], whole, removed=removed)
            for change in row.changes:
                _Row(
                    item,
                    ["", change.field, f"{_empty(change.old)}  →  {_empty(change.new)}"],
                    f"{row.name}, {change.field}: {_empty(change.old)}  →  {_empty(change.new)}",
                )
            items.append(item)
            self._items.append((row, item))
        self.table.addTopLevelItems(items)
        if items:
            self.table.setCurrentItem(items[0])

    def _fill_problems(self, groups: tuple[ProblemGroup, ...]) -> None:
        errors = sum(g.count for g in groups if g.severity == "error")
        warnings = sum(g.count for g in groups if g.severity == "warning")
        parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        kinds = len(groups)
        self.problems_title.setText(
            f"{' and '.join(parts)} in {kinds} group{'s' if kinds != 1 else ''}"
            if groups
            else "none"
        )
        items: list[QTreeWidgetItem] = []
        for group in groups:
            severity = "Error" if group.severity == "error" else "Warning"
            first = group.problems[0]
            if group.count == 1:
                text = f"{severity}: {first.where}: {first.message}"
                whole = text
            else:
                text = f"{severity}: {group.what}"
                whole = f"{text}: {group.count} times (first: {first.where}: {first.message})"
            item = _Row(
                None,
                [text, f"{group.count}×" if group.count > 1 else "1"],
                whole,
                error=group.severity == "error",
            )
            if group.count > 1:
                for problem in group.problems[:MAX_PLACES]:
                    place = f"{problem.where}: {problem.message}"
                    _Row(item, [place, ""], place)
                more = group.count - MAX_PLACES
                if more > 0:
                    _Row(item, [f"… and {more} more", ""], f"… and {more} more")
            items.append(item)
        self.problems.addTopLevelItems(items)

    # --- filtering ----------------------------------------------------------------------

    def apply_filters(self) -> None:
        preview = self.preview
        if preview is None:
            return
        wanted = str(self.outcome_filter.currentData() or "")
        rows = preview.shown(Outcome(wanted) if wanted else None, self.text_filter.text())
        self._fill_table(rows)
        self.shown_count.setText(f"{len(rows)} of {len(preview.rows)} shown")

    def set_outcome(self, outcome: Outcome | None) -> None:
        """Show only the services with ``outcome`` (None: all)."""
        index = self.outcome_filter.findData(outcome.value if outcome is not None else "")
        self.outcome_filter.setCurrentIndex(max(index, 0))

    # --- reading back (tests, and what a screen reader could be told) --------------------

    def visible_rows(self) -> list[tuple[str, str]]:
        """(what happens, service name) of each row the filters show."""
        return [(item.text(0), item.text(1)) for _row, item in self._items]

    def item_for(self, service_id: str) -> QTreeWidgetItem | None:
        return next((item for row, item in self._items if row.id == service_id), None)

    def problem_lines(self) -> list[str]:
        lines: list[str] = []
        for i in range(self.problems.topLevelItemCount()):
            item = self.problems.topLevelItem(i)
            assert item is not None
            lines.append(f"{item.text(0)} [{item.text(1)}]")
            for j in range(item.childCount()):
                child = item.child(j)
                assert child is not None
                lines.append("  " + child.text(0))
        return lines


__all__ = ["MAX_PLACES", "PreviewView"]
