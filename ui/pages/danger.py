"""The danger action screen: shown as soon as a danger question is answered "yes".

The questions stop here. The screen says what to do now, in large type; seeing the outcome and
services is the main action, and the questions can be continued once the person is safe.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.style import scale_font
from ui.widgets import button, explain_terms, label, title

CALL_999 = "Call 999 now, or help the person to call."
SILENT_999 = (
    "If they cannot speak safely: dial 999 and stay on the line. Cough or tap if they can. "
    "From a mobile, press 55 when prompted: this tells the operator it is a real emergency "
    "(the police Silent Solution)."
)
TELL_LEAD = "Tell the practice safeguarding lead now. Do not send the person home to danger."


class DangerPage(QWidget):
    """Immediate danger: what to do now."""

    outcome_requested = Signal()
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(14)
        self.heading = title("Immediate danger: act now")
        layout.addWidget(self.heading)

        box = QFrame()
        box.setObjectName("dangerAction")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(12)
        self.call = label(CALL_999, kind="dangerCall")
        scale_font(self.call, 1.8, bold=True)
        self.silent = label(SILENT_999)
        scale_font(self.silent, 1.3)
        self.lead = label(TELL_LEAD)
        scale_font(self.lead, 1.3, bold=True)
        explain_terms(self.lead, TELL_LEAD)
        explain_terms(self.silent, "Silent Solution " + SILENT_999)
        for widget in (self.call, self.silent, self.lead):
            inner.addWidget(widget)
        box.setAccessibleName(f"{CALL_999} {SILENT_999} {TELL_LEAD}")
        layout.addWidget(box)
        layout.addWidget(
            label(
                "The questions have stopped. When the person is safe, you can continue them; "
                "the outcome and the services can be seen now.",
                kind="hint",
            )
        )
        layout.addStretch(1)

        actions = QHBoxLayout()
        self.continue_button = button(
            "Continue the &questions when it is safe", "Continue the questions when it is safe"
        )
        self.outcome_button = button(
            "&What to do now and services →", "What to do now and services", kind="primary"
        )
        actions.addWidget(self.continue_button)
        actions.addStretch(1)
        actions.addWidget(self.outcome_button)
        layout.addLayout(actions)
        self.continue_button.clicked.connect(self.continue_requested)
        self.outcome_button.clicked.connect(self.outcome_requested)
        # Enter on a focused button presses it (ui/keyboard.py, on every screen); elsewhere on
        # this page Enter means the main action.
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.outcome_button.click)
        QWidget.setTabOrder(self.outcome_button, self.continue_button)

    def focus_first(self) -> None:
        self.outcome_button.setFocus()
