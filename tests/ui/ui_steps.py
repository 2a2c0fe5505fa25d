"""Steps shared by the UI tests: answer sequences and key presses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from spotter.screening import load_bundled
from ui.main_window import MainWindow

# A Tuesday morning: the helpline is open.
TUESDAY_10AM = datetime(2026, 3, 3, 10, 0)

_KEYS = {"yes": "Y", "no": "N", "unsure": "S"}


def keys_for(answers: Mapping[str, str], rest: str = "no") -> str:
    """The answer keys for the bundled questions, in their order, keyed by prompt id: the
    scripts keep working when a question is added or moved."""
    content = load_bundled()
    unknown = set(answers) - {p.id for p in content.prompts}
    assert not unknown, f"not prompt ids: {unknown}"
    return "".join(_KEYS[answers.get(p.id, rest)] for p in content.prompts)


PATTERN = {"course_of_conduct": "yes", "behaviour_contact": "yes"}
NO_INDICATION = keys_for({})
STALKING_INDICATED = keys_for(PATTERN)
HIGH_CONCERN = keys_for({**PATTERN, "risk_frightened": "yes"})
HIGH_CONCERN_EX_PARTNER_CHILDREN = keys_for(
    {**PATTERN, "risk_frightened": "yes", "ex_partner": "yes", "children": "yes"}
)
IMMEDIATE_DANGER = "Y"  # the questions stop at the danger action screen
QUESTIONS = len(NO_INDICATION)


def focused(window: MainWindow) -> QWidget:
    return QApplication.focusWidget() or window


def press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    """Type answer keys (Y, N, S) into whatever has the focus, as a person would."""
    codes = {"Y": Qt.Key.Key_Y, "N": Qt.Key.Key_N, "S": Qt.Key.Key_S}
    for key in keys:
        qtbot.keyClick(focused(window), codes[key])


def start_route(qtbot: QtBot, window: MainWindow, mnemonic: Qt.Key, *, before: bool = True) -> None:
    """Choose a route with its key (P or S) on the start screen, then (``before``) say it is
    private and that the patient is an adult (1/2/3: the age band) or it is about yourself."""
    qtbot.keyClick(focused(window), mnemonic)
    if before:
        assert window.stack.currentWidget() is window.before_page
        qtbot.keyClick(focused(window), Qt.Key.Key_Y)
        last = Qt.Key.Key_3 if mnemonic == Qt.Key.Key_P else Qt.Key.Key_M
        qtbot.keyClick(focused(window), last)
        assert window.stack.currentWidget() is window.screening_page
