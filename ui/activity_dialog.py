"""Activity: the practice's counts as the same charts the commissioners' PDF report has.

The report is rendered in memory and shown with Qt's PDF viewer, so what the practice sees
here is exactly what ``stats report`` writes (small numbers hidden).
"""

from __future__ import annotations

from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from spotter.stats.counts import EXPLANATION, all_counts
from spotter.stats.exchange import from_store_rows
from spotter.stats.report import render_report
from spotter.store.database import Store
from spotter.store.settings import Settings
from ui.letter_pdf import MemoryPdf
from ui.widgets import close_row, label, title


class ActivityDialog(QDialog):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Activity")
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(title("Activity"))
        state = (
            "Activity counts are ON on this PC."
            if settings.activity_counts
            else "Activity counts are OFF: nothing is being counted. Turn them on in Settings."
        )
        self.state = label(state)
        self.state.setAccessibleName("Activity counts on or off")
        layout.addWidget(self.state)
        layout.addWidget(label(EXPLANATION, kind="hint"))
        rows = all_counts(store)
        names = {s.id: s.name for s in store.load_directory().services}
        self.pdf = render_report(from_store_rows(settings.get("practice_ods_code"), rows), names)
        # The view first: Qt deletes children in the order they were made, so the view (and
        # its page renderer) goes before the document it draws.
        self.view = QPdfView(self)
        self.memory_pdf = MemoryPdf(self)
        self.pages = self.memory_pdf.load(self.pdf)
        self.view.setAccessibleName("Activity charts")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.memory_pdf.document)
        layout.addWidget(self.view, 1)
        layout.addLayout(close_row(self))

    def done(self, result: int) -> None:
        """Let go of the document before the dialog goes (the view must not draw a freed one)."""
        self.view.hide()
        super().done(result)
