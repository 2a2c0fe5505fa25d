"""Opt-in start-up timing for the benchmark: ``SPOTTER_START_REPORT=FILE``.

When the variable is set, the app notes when its first frame has been painted and when the
postcode data is loaded (a postcode can be matched), idles for a moment, writes one line of
JSON to FILE and quits: ``painted`` and ``ready`` are ``time.monotonic()`` readings (the same
clock in every process, so ``bench/run.py`` can count from the moment it started the process),
``rss_mb`` the resident memory once idle. The source and the frozen build are measured the same
way. Nothing is written unless the variable is set, and nothing about a patient ever is.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

VARIABLE = "SPOTTER_START_REPORT"


def _rss_mb() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class _StartWatch(QObject):
    def __init__(self, target: Path, ready: Callable[[], bool]) -> None:
        super().__init__()
        self.target = target
        self.ready = ready
        self.times: dict[str, float] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and "painted" not in self.times:
            # every widget of the first frame is painted in this same pass: note its end
            QTimer.singleShot(0, lambda: self.times.setdefault("painted", time.monotonic()))
            QTimer.singleShot(0, self._poll)
        return False

    def _poll(self) -> None:
        if "ready" in self.times:
            return
        if self.ready():
            self.times["ready"] = time.monotonic()
            QTimer.singleShot(300, self._finish)
        else:
            QTimer.singleShot(2, self._poll)

    def _finish(self) -> None:
        report = {**self.times, "rss_mb": _rss_mb()}
        self.target.write_text(json.dumps(report) + "\n", encoding="utf-8")
        QCoreApplication.quit()


def watch_start(ready: Callable[[], bool]) -> QObject | None:
    """Install the watch if ``SPOTTER_START_REPORT`` is set (before the window is shown)."""
    target = os.environ.get(VARIABLE)
    app = QCoreApplication.instance()
    if not target or app is None:
        return None
    watch = _StartWatch(Path(target), ready)
    app.installEventFilter(watch)
    return watch
