"""What assistive technology gets, read through QAccessible on every screen and dialog: each
control a person can Tab to has a name and a role, fields have their label linked, scroll areas
are not unnamed stops, and errors are announced and tied to their field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from screens import every_screen
from ui_steps import focused

from ui import widgets
from ui.main_window import MainWindow

_NO_ROLE = {QAccessible.Role.NoRole, QAccessible.Role.Client}
_PANE = QAccessible.Role.Client


def _tab_stops(top: QWidget) -> list[QWidget]:
    return [
        w
        for w in top.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.window() is top
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        # the viewport and buttons Qt builds inside a composite control are that control's
        and not isinstance(w.parentWidget(), QLineEdit | QComboBox)
        and w.objectName() != "qt_scrollarea_viewport"
    ]


def _described(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {shown!r}"


def test_every_tab_stop_has_a_name_and_a_role(qtbot: QtBot, window: MainWindow) -> None:
    problems: dict[str, list[str]] = {}
    for screen, top in every_screen(qtbot, window):
        for widget in _tab_stops(top):
            face = QAccessible.queryAccessibleInterface(widget)
            assert face is not None, _described(widget)
            name = face.text(QAccessible.Text.Name).strip()
            # a scroll area's role is Client: a Tab stop, so that it scrolls, when it is named
            scrolls = isinstance(widget, QAbstractScrollArea) and face.role() is _PANE
            if not name or (face.role() in _NO_ROLE and not scrolls):
                problems.setdefault(screen, []).append(_described(widget))
            if isinstance(widget, QAbstractScrollArea) and not widget.accessibleName():
                problems.setdefault(screen, []).append(f"unnamed scroll area {_described(widget)}")
    assert problems == {}


def test_every_field_has_its_label_linked(qtbot: QtBot, window: MainWindow) -> None:
    unlinked: dict[str, list[str]] = {}
    for screen, top in every_screen(qtbot, window):
        buddies = {label.buddy() for label in top.findChildren(QLabel) if label.buddy() is not None}
        for field in top.findChildren(QLineEdit) + top.findChildren(QPlainTextEdit):
            if not field.isVisible() or field.window() is not top or field.isReadOnly():
                continue
            if isinstance(field.parentWidget(), QComboBox):
                continue
            if field not in buddies:
                unlinked.setdefault(screen, []).append(field.accessibleName())
    assert unlinked == {}


def test_a_settings_error_is_announced_shown_and_tied_to_its_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_settings()
    page = window.settings_page
    field = page.fields["idle_timeout_minutes"]
    assert isinstance(field, QLineEdit)
    field.setText("500")
    assert not page.save()
    error = page.errors["idle_timeout_minutes"].text()
    assert "1 to 120" in error
    assert error in field.accessibleDescription()
    assert field.property("invalid") is True  # the red ring ("marked in red" is true)
    assert focused(window) is field
    assert widgets.ANNOUNCED[-1] == page.status.text()
    assert "marked in red" in page.status.text()
    field.setText("10")
    assert page.save()
    assert not field.property("invalid") and error not in field.accessibleDescription()


def test_a_postcode_error_is_said_once_announced_and_tied_to_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.services_page
    window.show_page(page)
    qtbot.keyClicks(page.postcode, "maidstone")
    qtbot.keyClick(page.postcode, Qt.Key.Key_Return)
    shown = [
        w.text()
        for w in page.findChildren(QLabel)
        if w.isVisible() and w.objectName() == "error" and w.text()
    ]
    assert len(shown) == 1, shown  # one error line, not the hint and the error both
    assert shown[0] in page.postcode.accessibleDescription()
    assert widgets.ANNOUNCED[-1] == shown[0]
    assert page.postcode.property("invalid") is True
    page.postcode.clear()
    qtbot.keyClicks(page.postcode, "ME14 1AA")
    assert not page.error.isVisible() and not page.postcode.property("invalid")
