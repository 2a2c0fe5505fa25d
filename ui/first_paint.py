"""Run something once a window has painted its first frame.

At start the window is built and shown first; the postcode data (about a tenth of a second of
Python) then loads on a worker thread. Started before the first paint, that load competes for
Python's interpreter lock with the GUI thread, whose every event passes through Python filters,
and the first frame comes late. Started after it, the window appears as soon as it can and the
data follows while the user reads the first screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: If the window is never painted (started minimised), start anyway after this long.
FALLBACK_MS = 1000


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self.run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.then is not None:
            QTimer.singleShot(0, self, self.run)  # once this frame is finished
        return False

    def run(self) -> None:
        then, self.then = self.then, None
        if then is not None:
            parent = self.parent()
            if isinstance(parent, QObject):
                parent.removeEventFilter(self)
            then()


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then()`` once, just after ``window``'s first paint (or after ``FALLBACK_MS``)."""
    _FirstPaint(window, then)
