"""Screening: one prompt per step; Y / N / S answer and move on, Enter = Next, Alt+Left = Back.

Each new question takes the keyboard focus itself (the question text, with a ring), so a screen
reader reads it and Enter on it is Next, never an answer. A question answered before shows that
answer checked (a tick and a fill, not only the focus), and the focus is on it. The three
answers are one group: Tab visits each, and the arrow keys move between them without answering.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spotter.screening import Answer
from spotter.screening.session import ScreeningSession, section_name
from ui.style import scale_font
from ui.widgets import announce, button, explain_terms, label, title

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
        self.prompt.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a new question has the focus
        scale_font(self.prompt, 1.3)
        self.prompt.setMinimumHeight(self.prompt.fontMetrics().height() * 2)
        layout.addWidget(self.section)
        layout.addWidget(self.prompt)

        answers = QHBoxLayout()
        answers.setSpacing(12)
        # Not a QButtonGroup: Qt would take all but one of its buttons out of the Tab chain,
        # and an exclusive one answers on an arrow key. One answer at a time is kept by
        # _show_answer; the arrow keys move between the answers (_ArrowKeys).
        self.answer_buttons: dict[Answer, QPushButton] = {}
        for value, text, name, key in _ANSWERS:
            widget = button(_answer_text(text, key, checked=False), name, kind="answer")
            widget.setCheckable(True)
            scale_font(widget, 1.15)
            self.answer_buttons[value] = widget
            widget.clicked.connect(lambda _=False, v=value: self.give(v))
            answers.addWidget(widget)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda v=value: self.give(v))
        answers.addStretch(1)
        layout.addLayout(answers)
        self._arrows = _ArrowKeys(list(self.answer_buttons.values()), self)

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

        order = [self.prompt, *self.answer_buttons.values(), self.help_button, self.back_button]
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
            self.prompt.setAccessibleDescription(self.must_answer_hint.text())
            announce(self.must_answer_hint)
            self.prompt.setFocus()
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
        explain_terms(self.help_text, prompt.help)
        self.help_button.setChecked(False)
        self.next_button.setText("&Finish   [Enter] →" if session.is_last else "Ne&xt   [Enter] →")
        self._show_answer(session.current_answer())
        self.must_answer_hint.setVisible(False)
        self.prompt.setAccessibleDescription(prompt.help)
        self.next_button.setEnabled(not session.must_answer)
        self._focus_current()

    def focus_first(self) -> None:
        """Coming back to the questions (from the outcome): show where the session is."""
        self.refresh()

    def _focus_current(self) -> None:
        """The answer already given, if any; otherwise the question itself."""
        if self.session is None:
            return
        given = self.session.current_answer()
        (self.answer_buttons[given] if given is not None else self.prompt).setFocus()

    def _show_answer(self, value: Answer | None) -> None:
        for (answer, widget), (_, text, _, key) in zip(
            self.answer_buttons.items(), _ANSWERS, strict=True
        ):
            checked = answer is value
            widget.setChecked(checked)
            widget.setText(_answer_text(text, key, checked=checked))
            font = widget.font()  # bold through the font, so the button is sized for it
            font.setBold(checked)
            widget.setFont(font)


class _ArrowKeys(QObject):
    """Left/Up and Right/Down move the focus along a row of buttons (and wrap); nothing is
    pressed."""

    def __init__(self, buttons: list[QPushButton], parent: QObject) -> None:
        super().__init__(parent)
        self.buttons = buttons
        for widget in buttons:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or watched not in self.buttons:
            return False
        assert isinstance(event, QKeyEvent)
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Alt+Left is Back
        step = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: 1,
        }.get(Qt.Key(event.key()))
        if step is None:
            return False
        index = self.buttons.index(watched)
        self.buttons[(index + step) % len(self.buttons)].setFocus(Qt.FocusReason.TabFocusReason)
        return True


def _answer_text(text: str, key: str, *, checked: bool) -> str:
    """An answer button's words: a tick before the answer already given."""
    return f"{'✓ ' if checked else ''}{text}   [{key}]"
