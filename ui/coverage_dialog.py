"""Directory -> Coverage: every UK local authority and its local specialist services."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spotter.places.coverage import AuthorityCoverage, gap_counts
from ui.widgets import close_row, label, title

_STATUS_WORDS = {"covered": "Yes", "likely": "Likely (check)", "none": "No local service"}
COLUMNS = ("Local authority", "Region or nation", "Local service", "Services")


class CoverageDialog(QDialog):
    def __init__(self, rows: list[AuthorityCoverage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Coverage of local specialist services")
        self.resize(980, 700)
        layout = QVBoxLayout(self)
        layout.addWidget(title("Coverage"))
        without = sum(r.status == "none" for r in rows)
        layout.addWidget(
            label(
                f"{without} of {len(rows)} local authorities have no local specialist stalking "
                "service in this directory (national and nation-wide services still cover "
                "them). Likely: the service's area is a looser name, so check it.",
            )
        )
        counts = gap_counts(rows)
        self.summary = QTableWidget(len(counts), 3)
        self.summary.setAccessibleName("Authorities without a local service, by nation and region")
        self.summary.setHorizontalHeaderLabels(["Nation / region", "Authorities", "Without"])
        for i, g in enumerate(counts):
            place = f"{g.nation}: {g.region}" if g.region else g.nation
            for j, value in enumerate((place, str(g.authorities), str(g.without_local_service))):
                self.summary.setItem(i, j, _item(value, numeric=j > 0))
        _tidy(self.summary, stretch=0)
        self.summary.setMaximumHeight(220)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(rows), len(COLUMNS))
        self.table.setAccessibleName("Local authorities and their local services")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        for i, row in enumerate(rows):
            services = [s.name for s in row.exact] + [f"{s.name} (likely)" for s in row.likely]
            values = (
                row.area.display_name,
                row.area.region_name or row.area.country_name,
                _STATUS_WORDS[row.status],
                "; ".join(services),
            )
            for j, value in enumerate(values):
                self.table.setItem(i, j, _item(value))
        _tidy(self.table, stretch=3)
        layout.addWidget(self.table, 1)
        layout.addLayout(close_row(self))

    def status_of(self, authority: str) -> str:
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item is not None and item.text() == authority:
                status = self.table.item(i, 2)
                return status.text() if status is not None else ""
        return ""


def _item(text: str, *, numeric: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _tidy(table: QTableWidget, *, stretch: int) -> None:
    """Read-only rows, in the order given (nation, region, name); ``stretch`` takes the rest."""
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
