"""Before the questions: is it private? Then the person's age (patient) or who it is (staff).

Not scored: the privacy answer only decides whether to go on, and is recorded in the summary
as asked. If the person is not on their own somewhere private, the screen stops here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from spotter.screening import AgeBand, Route, StaffSubject
from spotter.screening.session import ScreeningSession
from ui.style import scale_font
from ui.widgets import button, label, title

PRIVATE_QUESTION = "Is the person on their own, somewhere private?"
PRIVATE_HELP = (
    "Ask only when no one else can hear or see the screen: the person doing the stalking, or "
    "someone close to them, may be in the room."
)
NOT_PRIVATE = (
    "Stop here and find a private moment: for example, ask the person to come through on "
    "their own, or call them back on a number they say is safe. Nothing has been recorded."
)


def _keyed(page: QWidget, key: str, target: QPushButton) -> None:
    shortcut = QShortcut(QKeySequence(key), page)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(lambda: target.click() if target.isVisible() else None)


class BeforePage(QWidget):
    ready = Signal()  # private, and the age band or the staff member known: ask the questions
    left = Signal()  # back to Start

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ScreeningSession | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(14)
        self.heading = title("Before the questions")
        layout.addWidget(self.heading)
        self.steps = QStackedWidget()
        layout.addWidget(self.steps, 1)

        # 1. Private?
        private = QWidget()
        column = QVBoxLayout(private)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.private_question = label(PRIVATE_QUESTION, kind="promptText")
        scale_font(self.private_question, 1.3)
        column.addWidget(self.private_question)
        column.addWidget(label(PRIVATE_HELP, kind="hint"))
        row = QHBoxLayout()
        self.private_yes = button("&Yes   [Y]", "Yes, private", kind="answer")
        self.private_no = button("&No   [N]", "No, not private", kind="answer")
        for widget in (self.private_yes, self.private_no):
            scale_font(widget, 1.15)
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
        self.not_private = label(NOT_PRIVATE, kind="error")
        self.not_private.setVisible(False)
        column.addWidget(self.not_private)
        column.addStretch(1)
        self.steps.addWidget(private)

        # 2a. Age band (patient route).
        age = QWidget()
        column = QVBoxLayout(age)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        question = label("How old is the person?", kind="promptText")
        scale_font(question, 1.3)
        column.addWidget(question)
        column.addWidget(
            label(
                "A child or young person needs the children's safeguarding route, and some "
                "services only see adults.",
                kind="hint",
            )
        )
        row = QHBoxLayout()
        self.age_buttons: dict[AgeBand, QPushButton] = {}
        for number, band in enumerate(AgeBand, start=1):
            widget = button(f"{band.words}   [{number}]", band.words, kind="answer")
            scale_font(widget, 1.15)
            widget.clicked.connect(lambda _=False, b=band: self._age(b))
            self.age_buttons[band] = widget
            row.addWidget(widget)
            _keyed(self, str(number), widget)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.steps.addWidget(age)

        # 2b. Who (staff route).
        who = QWidget()
        column = QVBoxLayout(who)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        question = label("Who is being stalked?", kind="promptText")
        scale_font(question, 1.3)
        column.addWidget(question)
        row = QHBoxLayout()
        self.self_button = button("&Me   [M]", "Me", kind="answer")
        self.colleague_button = button("A &colleague   [C]", "A colleague", kind="answer")
        for widget, subject in (
            (self.self_button, StaffSubject.SELF),
            (self.colleague_button, StaffSubject.COLLEAGUE),
        ):
            scale_font(widget, 1.15)
            widget.clicked.connect(lambda _=False, s=subject: self._who(s))
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.steps.addWidget(who)

        nav = QHBoxLayout()
        self.back_button = button("← &Back   [Alt+Left]", "Back")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        layout.addLayout(nav)
        self.back_button.clicked.connect(self.go_back)
        self.private_yes.clicked.connect(self._private)
        self.private_no.clicked.connect(self._not_private)
        for key, target in (
            ("Y", self.private_yes),
            ("N", self.private_no),
            ("M", self.self_button),
            ("C", self.colleague_button),
        ):
            _keyed(self, key, target)
        shortcut = QShortcut(QKeySequence("Alt+Left"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.go_back)

    def start(self, session: ScreeningSession) -> None:
        self.session = session
        self.heading.setText(
            "Before the questions about a member of staff"
            if session.route is Route.STAFF
            else "Before the questions about a patient"
        )
        self.not_private.setVisible(False)
        self.steps.setCurrentIndex(0)
        self.private_yes.setFocus()

    def focus_first(self) -> None:
        """Back from the questions: the answer already given has the focus."""
        session = self.session
        if self.steps.currentIndex() == 0 or session is None:
            self.private_yes.setFocus()
        elif self.steps.currentIndex() == 1:
            self.age_buttons[session.age_band or AgeBand.ADULT].setFocus()
        else:
            colleague = session.staff_subject is StaffSubject.COLLEAGUE
            (self.colleague_button if colleague else self.self_button).setFocus()

    def _private(self) -> None:
        if self.session is None:
            return
        self.session.privacy_checked = True
        self.not_private.setVisible(False)
        if self.session.route is Route.STAFF:
            self.steps.setCurrentIndex(2)
            self.self_button.setFocus()
        else:
            self.steps.setCurrentIndex(1)
            self.age_buttons[AgeBand.ADULT].setFocus()

    def _not_private(self) -> None:
        self.not_private.setVisible(True)
        self.back_button.setFocus()

    def _age(self, band: AgeBand) -> None:
        if self.session is not None:
            self.session.age_band = band
            self.ready.emit()

    def _who(self, subject: StaffSubject) -> None:
        if self.session is not None:
            self.session.staff_subject = subject
            self.ready.emit()

    def go_back(self) -> None:
        if self.steps.currentIndex() == 0:
            self.left.emit()
        else:
            self.steps.setCurrentIndex(0)
            self.private_yes.setFocus()

    def clear(self) -> None:
        self.session = None
        self.not_private.setVisible(False)
        self.steps.setCurrentIndex(0)
