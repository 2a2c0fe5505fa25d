"""Outcome: the level in words, the flags, why (the answers) and what to do next."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from spotter.screening import Outcome, why_groups
from spotter.screening.session import ScreeningSession
from ui.clipboard import copy_private_text
from ui.style import LEVEL_COLOURS, scale_font
from ui.widgets import button, explain_terms, label, title

_TIGHT = 'style="margin-top: 0px; margin-bottom: 0px;"'
_HEAD = 'style="margin-top: 10px; margin-bottom: 4px;"'


def outcome_html(outcome: Outcome) -> str:
    """Next steps, then why: each finding once, grouped, with the answers that led to it."""
    steps = "".join(f"<li>{escape(step)}</li>" for step in outcome.next_steps)
    why: list[str] = []
    for heading, findings in why_groups(outcome):
        why.append(f"<h4 {_HEAD}>{escape(heading)}</h4><ul {_TIGHT}>")
        for effect, answers in findings:
            # the answers on one line under the finding: a nested list per finding pushed the
            # buttons' neighbours off a 1280x1024 screen
            said = " · ".join(f"{escape(text)} <b>{escape(words)}</b>" for text, words in answers)
            why.append(f"<li>{escape(effect)}<br/>{said}</li>")
        why.append("</ul>")
    if outcome.answered_no:  # one paragraph: a long list would push the rest off the screen
        said = " · ".join(escape(text) for _, text in outcome.answered_no)
        why.append(f"<h4 {_HEAD}>Answered no</h4><p {_TIGHT}>{said}</p>")
    why_html = f"<h3 {_HEAD}>Why</h3>{''.join(why)}" if why else ""
    return f"<h3 {_HEAD}>Next steps</h3><ol {_TIGHT}>{steps}</ol>{why_html}"


class OutcomePage(QWidget):
    find_services = Signal()
    back_to_questions = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ScreeningSession | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 12)
        layout.setSpacing(10)
        layout.addWidget(title("Outcome"))
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Outcome, next steps and reasons")  # a Tab stop: it scrolls
        body = QWidget()
        body.setObjectName("formHost")
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 8, 0)
        content.setSpacing(8)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.level_box = QFrame()
        self.level_box.setObjectName("levelBox")
        box = QVBoxLayout(self.level_box)
        box.setContentsMargins(16, 10, 16, 10)
        self.level_title = label("")
        scale_font(self.level_title, 1.4, bold=True)
        self.level_summary = label("")
        box.addWidget(self.level_title)
        box.addWidget(self.level_summary)
        content.addWidget(self.level_box)

        self.flags_area = QVBoxLayout()
        self.flags_area.setSpacing(8)
        content.addLayout(self.flags_area)
        self.flag_boxes: list[QFrame] = []

        self.details = label("", selectable=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAccessibleName("Next steps and reasons")
        content.addWidget(self.details)
        content.addStretch(1)

        actions = QHBoxLayout()
        self.back_button = button("← &Back to questions", "Back to questions")
        self.copy_button = button("&Copy summary", "Copy summary for the record")
        self.services_button = button("&Find services →", "Find services", kind="primary")
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.services_button)
        self.services_button.setToolTip("Enter")
        layout.addLayout(actions)
        self.copy_status = label("", kind="hint")
        self.copy_status.setVisible(False)  # no room taken until there is something to say
        layout.addWidget(self.copy_status)
        self.back_button.clicked.connect(self.back_to_questions)
        self.services_button.clicked.connect(self.find_services)
        self.copy_button.clicked.connect(self.copy_summary)
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.services_button.click)

    def show_session(self, session: ScreeningSession) -> None:
        self.session = session
        outcome = session.outcome()
        level = outcome.level
        background, border = LEVEL_COLOURS[level.value]
        self.level_box.setStyleSheet(
            f"QFrame#levelBox {{ background: {background}; border: 2px solid {border}; }}"
        )
        self.level_title.setText(level.title)
        self.level_summary.setText(level.summary)
        self.level_box.setAccessibleName(f"Outcome: {level.title}. {level.summary}")
        self._set_flags(outcome)
        self.details.setText(outcome_html(outcome))
        explain_terms(self.details, " ".join(outcome.next_steps))
        self.copy_status.setText("")
        self.copy_status.setVisible(False)
        self.scroll_to_top()
        self.services_button.setFocus()

    def _set_flags(self, outcome: Outcome) -> None:
        self._set_flags_empty()
        for flag in outcome.flags:
            frame = QFrame()
            frame.setObjectName("flag")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(12, 6, 12, 6)
            heading = label(flag.title)
            scale_font(heading, 1.0, bold=True)
            explain_terms(frame, f"{flag.title} {flag.text}")
            inner.addWidget(heading)
            if flag.code == "ask_again":
                items = [item.text for item in outcome.ask_again]
                inner.addWidget(label("\n".join(f"• {item}" for item in items)))
            else:
                inner.addWidget(label(flag.text))
            frame.setAccessibleName(f"{flag.title}: {flag.text}")
            self.flags_area.addWidget(frame)
            self.flag_boxes.append(frame)

    def scroll_to_top(self) -> None:
        """The level first, never the last patient's scroll position (also once laid out)."""
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(0)
        QTimer.singleShot(0, lambda: bar.setValue(0))

    def copy_summary(self) -> None:
        if self.session is None:
            return
        # kept out of Windows clipboard history; Clear takes it off the clipboard again
        copy_private_text(self.session.summary())
        self.copy_status.setText(
            "Summary copied: paste it into the patient's record. No clinical codes are added."
        )
        self.copy_status.setVisible(True)

    def clear(self) -> None:
        self.session = None
        self.level_title.setText("")
        self.level_summary.setText("")
        self.level_box.setAccessibleName("")
        self.details.setText("")
        self.copy_status.setText("")
        self._set_flags_empty()

    def _set_flags_empty(self) -> None:
        for frame in self.flag_boxes:
            self.flags_area.removeWidget(frame)
            frame.hide()  # gone from the screen now, not when the event loop deletes it
            frame.deleteLater()
        self.flag_boxes = []
