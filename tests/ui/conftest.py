"""Fixtures for driving the real window: a real SQLite store, a fixed clock, the style."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_steps import TUESDAY_10AM

from spotter.store.database import Store, open_store
from ui.app import create_main_window
from ui.main_window import MainWindow
from ui.style import apply_style
from ui.worker import wait_for_background


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "s.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def styled(qapp: QApplication) -> None:
    apply_style(qapp)


@pytest.fixture
def make_window(qtbot: QtBot, styled: None, store: Store) -> Callable[..., MainWindow]:

    def make(**kwargs: object) -> MainWindow:
        kwargs.setdefault("clock", lambda: TUESDAY_10AM)
        window = create_main_window(store, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.services_page.matcher is not None, timeout=10_000)
        return window

    yield make  # type: ignore[misc]
    wait_for_background()


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()
