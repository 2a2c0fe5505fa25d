"""Report a problem with a directory entry: kept in the practice's database, sent nowhere.

The practice manager collects the reports with ``feedback export FILE`` for the curator.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from spotter.directory import Service
from spotter.feedback import KINDS, MAX_NOTE, FeedbackError, report_problem
from spotter.store.database import Store
from ui.widgets import button, label, title


class FeedbackDialog(QDialog):
    def __init__(
        self,
        store: Store,
        service: Service,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.service = service
        self.today = today
        self.setWindowTitle("Report a problem with this entry")
        layout = QVBoxLayout(self)
        layout.addWidget(title("Report a problem with this entry"))
        layout.addWidget(label(f"{service.name} ({service.organisation.name})"))
        layout.addWidget(
            label(
                "Nothing is sent from here: the report is kept on this PC until your practice "
                "manager passes the reports to whoever keeps the directory. Never write "
                "anything about a patient.",
                kind="hint",
            )
        )
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName("What is wrong")
        for key, (_field, words) in KINDS.items():
            self.kind.addItem(words, key)
        kind_caption = label("&What is wrong:", wrap=False)
        kind_caption.setBuddy(self.kind)
        form.addRow(kind_caption, self.kind)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE)
        self.note.setAccessibleName("Details (optional), e.g. the right number")
        self.note.setPlaceholderText("Optional, e.g. the right number")
        note_caption = label("&Details:", wrap=False)
        note_caption.setBuddy(self.note)
        form.addRow(note_caption, self.note)
        layout.addLayout(form)
        self.error = label("", kind="error")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        nav = QHBoxLayout()
        nav.addStretch(1)
        self.cancel_button = button("Cancel", "Cancel")
        self.keep_button = button("&Keep report", "Keep this report", kind="primary")
        nav.addWidget(self.cancel_button)
        nav.addWidget(self.keep_button)
        layout.addLayout(nav)
        self.cancel_button.clicked.connect(self.reject)
        self.keep_button.clicked.connect(self.keep)

    def keep(self) -> None:
        try:
            report_problem(
                self.store, self.service.id, str(self.kind.currentData()), self.note.text(),
                self.today(),
            )  # fmt: skip
        except FeedbackError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        self.accept()
