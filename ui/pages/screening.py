"""Screening: one prompt per step; Y / N / S answer and move on, Enter = Next, Alt+Left = Back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spotter.screening import Answer
from spotter.screening.session import ScreeningSession, section_name
from ui.style import scale_font
from ui.widgets import button, label, title

_ANSWERS = (
    (Answer.YES, "&Yes", "Yes", "Y"),
    (Answer.NO, "&No", "No", "N"),
    (Answer.UNSURE, "Not &sure", "Not sure", "S"),
)


class ScreeningPage(QWidget):
    answered = Signal()  # after every answer (the window checks for danger)
    danger_reported = Signal()  # a danger question answered yes: the questions stop
    finished = Signal()  # past the last question
    left = Signal()  # Back from the first question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ScreeningSession | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(14)
        self.heading = title("")
        layout.addWidget(self.heading)

        progress_row = QHBoxLayout()
        self.position = label("", kind="hint", wrap=False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Progress through the questions")
        progress_row.addWidget(self.position)
        progress_row.addWidget(self.progress, 1)
        layout.addLayout(progress_row)

        self.section = label("", kind="sectionName")
        self.prompt = label("", kind="promptText")
        scale_font(self.prompt, 1.3)
        self.prompt.setMinimumHeight(self.prompt.fontMetrics().height() * 2)
        layout.addWidget(self.section)
        layout.addWidget(self.prompt)

        answers = QHBoxLayout()
        answers.setSpacing(12)
        self.group = QButtonGroup(self)
        self.answer_buttons: dict[Answer, QPushButton] = {}
        for value, text, name, key in _ANSWERS:
            widget = button(f"{text}   [{key}]", name, kind="answer")
            widget.setCheckable(True)
            scale_font(widget, 1.15)
            self.group.addButton(widget)
            self.answer_buttons[value] = widget
            widget.clicked.connect(lambda _=False, v=value: self.give(v))
            answers.addWidget(widget)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda v=value: self.give(v))
        answers.addStretch(1)
        layout.addLayout(answers)

        self.help_button = button("&Help with this question", "Help with this question")
        self.help_button.setCheckable(True)
        self.help_text = label("", kind="hint")
        self.help_text.setVisible(False)
        self.help_button.toggled.connect(self.help_text.setVisible)
        help_row = QHBoxLayout()
        help_row.addWidget(self.help_button)
        help_row.addStretch(1)
        layout.addLayout(help_row)
        layout.addWidget(self.help_text)
        self.must_answer_hint = label(
            "Answer this question before going on: it cannot be skipped.", kind="error"
        )
        self.must_answer_hint.setVisible(False)
        layout.addWidget(self.must_answer_hint)
        layout.addStretch(1)

        nav = QHBoxLayout()
        self.back_button = button("← &Back   [Alt+Left]", "Back")
        self.next_button = button("Ne&xt   [Enter] →", "Next", kind="primary")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        for keys, slot in (
            ("Return", self.go_next),
            ("Enter", self.go_next),
            ("Alt+Left", self.go_back),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        order = [*self.answer_buttons.values(), self.help_button, self.back_button]
        for first, second in zip([*order], [*order[1:], self.next_button], strict=True):
            QWidget.setTabOrder(first, second)

    # --- driving the session -------------------------------------------------------------

    def start(self, session: ScreeningSession) -> None:
        self.session = session
        self.heading.setText(session.heading)
        self.heading.setAccessibleName(session.heading)
        self.refresh()

    def clear(self) -> None:
        self.session = None
        self.heading.setText("")
        self.position.setText("")
        self.progress.setValue(0)
        self.prompt.setText("")
        self.section.setText("")
        self.help_text.setText("")
        self.help_button.setChecked(False)
        self.must_answer_hint.setVisible(False)
        self.next_button.setEnabled(True)
        self._show_answer(None)

    def give(self, value: Answer) -> None:
        if self.session is None:
            return
        self.session.answer(value)
        self.answered.emit()
        if self.session.danger_said_yes:
            self._show_answer(value)
            self.danger_reported.emit()
            return
        self.go_next()

    def go_next(self) -> None:
        if self.session is None:
            return
        if self.session.must_answer:
            self.must_answer_hint.setVisible(True)
            self.answer_buttons[Answer.YES].setFocus()
            return
        if self.session.next():
            self.refresh()
        else:
            self.finished.emit()

    def go_back(self) -> None:
        if self.session is None:
            return
        if self.session.back():
            self.refresh()
        else:
            self.left.emit()

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        prompt = session.prompt
        self.position.setText(session.position_text)
        self.progress.setRange(0, session.total)
        self.progress.setValue(session.index + 1)
        self.section.setText(section_name(prompt.section))
        self.prompt.setText(prompt.text)
        self.prompt.setAccessibleName(prompt.text)
        self.help_text.setText(prompt.help)
        self.help_button.setChecked(False)
        self.next_button.setText("&Finish   [Enter] →" if session.is_last else "Ne&xt   [Enter] →")
        self._show_answer(session.current_answer())
        self.must_answer_hint.setVisible(False)
        self.next_button.setEnabled(not session.must_answer)
        self.answer_buttons[Answer.YES].setFocus()

    def _show_answer(self, value: Answer | None) -> None:
        self.group.setExclusive(False)
        for answer, widget in self.answer_buttons.items():
            widget.setChecked(answer is value)
        self.group.setExclusive(True)
