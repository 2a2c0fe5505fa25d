"""Steps shared by the UI tests: answer sequences and key presses."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow

# A Tuesday morning: the helpline is open.
TUESDAY_10AM = datetime(2026, 3, 3, 10, 0)

NO_INDICATION = "N" * 17
STALKING_INDICATED = "NNNNN" + "Y" + "YNNN" + "NNNNN" + "NN"
HIGH_CONCERN = "NNNNN" + "Y" + "YNNN" + "YNNNN" + "NN"
HIGH_CONCERN_EX_PARTNER_CHILDREN = "NNNNN" + "Y" + "YNNN" + "YNNNN" + "YY"
IMMEDIATE_DANGER = "Y" + "N" * 16


def focused(window: MainWindow) -> QWidget:
    return QApplication.focusWidget() or window


def press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    """Type answer keys (Y, N, S) into whatever has the focus, as a person would."""
    codes = {"Y": Qt.Key.Key_Y, "N": Qt.Key.Key_N, "S": Qt.Key.Key_S}
    for key in keys:
        qtbot.keyClick(focused(window), codes[key])


def start_route(qtbot: QtBot, window: MainWindow, mnemonic: Qt.Key) -> None:
    """Choose a route with its key (P or S) on the start screen."""
    qtbot.keyClick(focused(window), mnemonic)
