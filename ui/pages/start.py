"""Start: the two routes (a patient, a member of staff) and the other screens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from spotter.screening import Route
from ui.style import scale_font
from ui.widgets import button, label, title


class StartPage(QWidget):
    route_chosen = Signal(object)  # Route
    directory_requested = Signal()
    guidance_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        self.heading = title("Who is this about?")  # neutral: the screen may be seen by others
        layout.addWidget(self.heading)
        self.notice = label("", kind="hint")
        self.notice.setAccessibleName("")
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        layout.addWidget(
            label(
                "Short questions to help you spot stalking and find specialist help. "
                "Nothing you enter is saved.",
                kind="hint",
            )
        )
        routes = QVBoxLayout()
        routes.setSpacing(12)
        self.patient_button = button(
            "A &patient\nYou are worried a patient is being stalked",
            "A patient",
            kind="route",
        )
        self.staff_button = button(
            "A member of &staff\nYou, or a colleague, are being stalked",
            "A member of staff",
            kind="route",
        )
        for widget in (self.patient_button, self.staff_button):
            scale_font(widget, 1.25)
            routes.addWidget(widget)
        layout.addLayout(routes)
        self.patient_button.clicked.connect(lambda: self._choose(Route.PATIENT))
        self.staff_button.clicked.connect(lambda: self._choose(Route.STAFF))

        more = QHBoxLayout()
        more.setSpacing(12)
        self.directory_button = button("&Directory of services", "Directory of services")
        self.guidance_button = button("&Guidance", "Guidance")
        self.settings_button = button("Se&ttings", "Practice settings")
        for widget in (self.directory_button, self.guidance_button, self.settings_button):
            more.addWidget(widget)
        more.addStretch(1)
        layout.addLayout(more)
        layout.addStretch(1)
        self.directory_button.clicked.connect(self.directory_requested)
        self.guidance_button.clicked.connect(self.guidance_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        # Single keys as well as the Alt mnemonics: this page has no text box to type into.
        for key, target in (
            ("P", self.patient_button),
            ("S", self.staff_button),
            ("D", self.directory_button),
            ("G", self.guidance_button),
            ("T", self.settings_button),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(target.click)

    def _choose(self, route: Route) -> None:
        self.set_notice("")
        self.route_chosen.emit(route)

    def set_notice(self, text: str) -> None:
        """What was just cleared, and why (or nothing)."""
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))

    def focus_first(self) -> None:
        self.patient_button.setFocus()
