"""after_first_paint: once, after the window's first frame (or the fallback if never shown)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ui import first_paint
from ui.first_paint import after_first_paint


def test_runs_once_after_the_first_paint(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_paint, "FALLBACK_MS", 60_000)  # only the paint can start it
    window = QLabel("Spotter")
    qtbot.addWidget(window)
    calls: list[bool] = []
    after_first_paint(window, lambda: calls.append(window.isVisible()))
    assert calls == []
    window.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=10_000)
    window.repaint()
    qtbot.wait(50)
    assert calls == [True]


def test_runs_after_the_fallback_when_never_shown(qtbot: QtBot) -> None:
    window = QLabel("Spotter")
    qtbot.addWidget(window)
    calls: list[int] = []
    after_first_paint(window, lambda: calls.append(1))
    qtbot.waitUntil(lambda: calls == [1], timeout=first_paint.FALLBACK_MS + 2000)
    assert not window.isVisible()
