"""Guidance: short, sourced pages rendered from resources/guidance (no links opened)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from spotter.guidance import GuidancePage as Page
from spotter.guidance import page_markdown
from ui.widgets import button, list_and_reader, title


class GuidancePage(QWidget):
    back_requested = Signal()

    def __init__(self, pages: Sequence[Page], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = list(pages)
        self.staff_support_contact: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        layout.addWidget(title("Guidance"))
        splitter, self.list, self.text = list_and_reader(
            "Guidance topics", "Guidance text", (300, 620)
        )
        self.list.addItems([p.title for p in self.pages])
        layout.addWidget(splitter, 1)
        nav = QHBoxLayout()
        self.back_button = button("← &Back", "Back")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        layout.addLayout(nav)
        self.list.currentRowChanged.connect(self.show_page)
        self.back_button.clicked.connect(self.back_requested)
        self.list.setCurrentRow(0)

    def show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.text.setMarkdown(page_markdown(self.pages[row], self.staff_support_contact))

    def set_staff_support_contact(self, contact: str | None) -> None:
        self.staff_support_contact = contact
        self.show_page(self.list.currentRow())

    def focus_first(self) -> None:
        self.list.setFocus()
