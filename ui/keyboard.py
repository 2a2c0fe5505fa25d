"""Keys that behave the same on every screen: Enter (like Space) presses the focused button.

Qt only lets Enter press a focused button inside a dialog, and only an "auto default" one; on
the main window a page's own Enter shortcut (Next, Find services) would win even when the
focus is on Back. One application-wide filter makes Enter press whatever button has the
focus, everywhere; where no button has the focus, the page's Enter shortcut still applies.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QRadioButton

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _pressable(watched: QObject) -> QAbstractButton | None:
    """The focused push or tool button ``watched`` is (never a check box or radio button:
    Enter does not toggle those on any desktop)."""
    if not isinstance(watched, QAbstractButton) or isinstance(watched, QCheckBox | QRadioButton):
        return None
    if not (watched.hasFocus() and watched.isEnabled() and watched.isVisible()):
        return None
    return watched


def _plain_enter(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent) or event.key() not in _ENTER:
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers == Qt.KeyboardModifier.NoModifier


class EnterPressesFocusedButton(QObject):
    """Application event filter: Enter on a focused button clicks it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        target = _pressable(watched)
        if target is None or not _plain_enter(event):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to the button, not to a page's Enter shortcut
            return True
        target.click()
        return True


_FILTER: EnterPressesFocusedButton | None = None


def install(app: QApplication) -> None:
    """Install the Enter filter once per process."""
    global _FILTER
    if _FILTER is None:
        _FILTER = EnterPressesFocusedButton()
        app.installEventFilter(_FILTER)
