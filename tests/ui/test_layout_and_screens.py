"""Accessible names, 200% text at 1024x768, and a screenshot of every screen for the docs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_steps import (
    HIGH_CONCERN_EX_PARTNER_CHILDREN,
    PATTERN,
    focused,
    keys_for,
    press,
    start_route,
)

from spotter.screening import Answer
from ui.main_window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QListWidget,
    QTextBrowser,
    QProgressBar,
)


def _to_services(qtbot: QtBot, window: MainWindow, postcode: str) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    qtbot.keyClicks(window.services_page.postcode, postcode)
    qtbot.keyClick(window.services_page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)


def test_every_interactive_control_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    _to_services(qtbot, window, "TN3")
    missing = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for w in window.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and not w.accessibleName()
        # the scroll bars and viewports Qt creates inside composite widgets are not ours
        and w.parent() is not None
        and not type(w).__name__.startswith("QScroll")
        and not isinstance(w.parent(), QLineEdit)  # the line edit's own clear button
    ]
    assert missing == []


@pytest.fixture
def big_text(qapp: QApplication, styled: None) -> Iterator[None]:
    original = QFont(qapp.font())
    font = QFont(original)
    font.setPointSizeF(original.pointSizeF() * 2)
    qapp.setFont(font)
    yield
    qapp.setFont(original)


def _inside(window: MainWindow, widget: QWidget) -> bool:
    """Visible, wholly inside the window, and not squeezed below the size its text needs."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    fits = widget.width() >= widget.minimumSizeHint().width()
    return widget.isVisible() and fits and window.rect().contains(QRect(top_left, widget.size()))


def test_key_buttons_fit_at_200_percent_text(
    qtbot: QtBot, big_text: None, make_window: Callable[..., MainWindow], shots: Path
) -> None:
    window = make_window()
    window.resize(1024, 768)
    qtbot.wait(10)
    assert _inside(window, window.clear_button)
    start = window.start_page
    for button in (start.patient_button, start.staff_button, start.settings_button):
        assert _inside(window, button), button.text()
    window.grab().save(str(shots / "start-200-percent.png"))
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    for button in (*page.answer_buttons.values(), page.next_button, page.back_button):
        assert _inside(window, button), button.text()
    window.grab().save(str(shots / "screening-200-percent.png"))
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    out = window.outcome_page
    for button in (out.copy_button, out.services_button, out.back_button):
        assert _inside(window, button), button.text()
    window.grab().save(str(shots / "outcome-200-percent.png"))
    window.show_page(window.settings_page)
    assert _inside(window, window.settings_page.save_button)


def _shot(shots: Path, window: MainWindow, name: str) -> None:
    QApplication.processEvents()
    assert window.grab().save(str(shots / f"{name}.png"))


def test_screenshots_of_every_screen(qtbot: QtBot, window: MainWindow, shots: Path) -> None:
    window.resize(1024, 768)
    _shot(shots, window, "start")
    start_route(qtbot, window, Qt.Key.Key_P, before=False)
    _shot(shots, window, "before-private")
    qtbot.keyClick(focused(window), Qt.Key.Key_Y)
    _shot(shots, window, "before-age")
    qtbot.keyClick(focused(window), Qt.Key.Key_3)
    press(qtbot, window, "N")
    qtbot.mouseClick(window.screening_page.help_button, Qt.MouseButton.LeftButton)
    _shot(shots, window, "screening")
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, "Y")
    assert window.stack.currentWidget() is window.danger_page
    _shot(shots, window, "danger-action")
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    start_route(qtbot, window, Qt.Key.Key_P)
    press(
        qtbot,
        window,
        keys_for({**PATTERN, "risk_violence": "unsure", "ex_partner": "unsure", "children": "yes"}),
    )
    assert {"ask_again", "marac_route"} <= {f.code for f in window.outcome.flags or ()}
    _shot(shots, window, "outcome-ask-again-marac")
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, keys_for({"wellbeing": "yes", "self_harm": "yes"}))
    assert window.outcome is not None and window.outcome.flag("mental_health") is not None
    _shot(shots, window, "outcome-wellbeing")
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    _to_services(qtbot, window, "TN3")
    _shot(shots, window, "services")
    window.show_page(window.outcome_page)
    _shot(shots, window, "outcome")
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    window.show_page(window.directory_page)
    window.directory_page.list.setCurrentRow(0)
    _shot(shots, window, "directory")
    window.show_page(window.guidance_page)
    window.guidance_page.list.setCurrentRow(1)
    _shot(shots, window, "guidance")
    window.show_page(window.settings_page)
    _shot(shots, window, "settings")


@pytest.mark.parametrize("text_size", [1.0, 2.0], ids=["1366x768", "1366x768-200-percent"])
def test_screenshots_at_1366x768(
    qtbot: QtBot,
    qapp: QApplication,
    make_window: Callable[..., MainWindow],
    shots: Path,
    text_size: float,
) -> None:
    """Start, the questions after Back, and Services for a mistyped postcode and for a split
    district, on a 1366x768 laptop less its taskbar and title bar."""
    original = QFont(qapp.font())
    if text_size != 1.0:
        bigger = QFont(original)
        bigger.setPointSizeF(original.pointSizeF() * text_size)
        qapp.setFont(bigger)
    suffix = "1366" if text_size == 1.0 else "1366-200-percent"
    try:
        window = make_window()
        window.resize(1366, 768 - 40 - 30)
        _shot(shots, window, f"start-{suffix}")
        start_route(qtbot, window, Qt.Key.Key_P)
        press(qtbot, window, "NN")
        qtbot.keyClick(focused(window), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
        page = window.screening_page
        no = page.answer_buttons[Answer.NO]
        assert no.isChecked()
        qtbot.waitUntil(lambda: no.width() >= no.sizeHint().width())  # the tick is not clipped
        _shot(shots, window, f"screening-after-back-{suffix}")
        for postcode, name in (("ME99 9ZZ", "unknown-postcode"), ("TN3", "tn3")):
            window.show_page(window.services_page)
            box = window.services_page.postcode
            box.clear()
            qtbot.keyClicks(box, postcode)
            qtbot.keyClick(box, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: window.services_page.find_button.isEnabled(), timeout=5000)
            qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
            assert _inside(window, window.services_page.back_button)
            _shot(shots, window, f"services-{name}-{suffix}")
    finally:
        qapp.setFont(original)
