"""Where the main window opens: maximised the first time, then where it was left.

Only the window's geometry is kept (``window.ini`` in the per-user config folder): its size,
position and whether it was maximised. Nothing about a patient, a screen or a search.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from spotter.system import paths

FILE_NAME = "window.ini"
_EDGE = 8  # pixels a window frame may hang past the screen's edge


def _store() -> QSettings:
    return QSettings(str(paths.config_dir() / FILE_NAME), QSettings.Format.IniFormat)


def available_area(window: QWidget) -> QRect:
    """The screen area the window may use (the screen less its taskbar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def show(window: QWidget) -> None:
    """Show ``window`` as it was last left, or maximised on the first start (and fitted to the
    screen's available area, so that un-maximising it never hides the buttons below a
    taskbar)."""
    area = available_area(window)
    saved = _store().value("geometry")
    restored = isinstance(saved, QByteArray) and window.restoreGeometry(saved)
    # on the screen as it is now (a monitor may have gone), give or take the frame's edge
    fits = area.adjusted(-_EDGE, -_EDGE, _EDGE, _EDGE).contains(window.frameGeometry())
    if restored and fits:
        if _store().value("maximized") in (True, "true"):
            window.showMaximized()
        else:
            window.show()
    else:
        window.setGeometry(area)
        window.showMaximized()
    window.installEventFilter(_Remember(window))


class _Remember(QObject):
    """Saves the window's geometry when it closes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and isinstance(watched, QWidget):
            remember(watched)
        return False


def remember(window: QWidget) -> None:
    """Keep the window's geometry (and only that) for the next start."""
    try:
        paths.config_dir().mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a read-only profile: the window opens maximised next time, nothing lost
    store = _store()
    store.setValue("geometry", window.saveGeometry())
    store.setValue("maximized", window.isMaximized())
    store.sync()
