"""Run a callable off the GUI thread, then call back on the GUI thread with its result or error.

The one helper for background work (loading the gazetteer, matching a postcode)::

    run_in_background(lambda: matcher.match(text), on_done=show, on_error=show_error, parent=page)

``on_done(result)`` or ``on_error(exception)`` runs on the GUI thread. If ``parent`` has been
deleted by then (the window was closed) nothing is called. Without ``on_error`` a failure is
never silent: it is logged with its traceback and shown (``report_failure``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

T = TypeVar("T")
log = logging.getLogger("spotter.ui")

_pending: set[_Relay] = set()


class _Relay(QObject):
    """Lives on the GUI thread; its signals are emitted from the worker (queued delivery)."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to on_error on the GUI thread
            self._emit(self.relay.failed, exc)
        else:
            self._emit(self.relay.done, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        # RuntimeError: the relay was deleted with its parent, so there is nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


def run_in_background(
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``fn()`` on a thread pool; call ``on_done`` / ``on_error`` on the GUI thread."""
    _start(fn, on_done, on_error or _reporter(parent), _Relay(parent), pool)


def report_failure(exc: Exception, parent: QObject | None = None) -> QMessageBox:
    """Log a background failure with its traceback and tell the user (a non-modal message)."""
    log.error("background work failed", exc_info=(type(exc), exc, exc.__traceback__))
    owner = parent if isinstance(parent, QWidget) else None
    box = QMessageBox(owner)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Spotter")
    box.setText("Something Spotter was doing in the background did not finish.")
    box.setInformativeText(f"{type(exc).__name__}: {exc}\n\nThe details are in the log.")
    if owner is None:  # a parent owns (and deletes) its boxes; a box alone deletes itself
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


def _reporter(parent: QObject | None) -> Callable[[Exception], None]:
    def report(exc: Exception) -> None:
        report_failure(exc, parent)

    return report


def _start(
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[Exception], None] | None,
    relay: _Relay,
    pool: QThreadPool | None,
) -> None:
    _pending.add(relay)

    def finish(callback: Callable[[Any], None] | None, value: object) -> None:
        _pending.discard(relay)
        relay.deleteLater()
        if callback is not None:
            callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    (pool or QThreadPool.globalInstance()).start(_Task(fn, relay))


def run_with_progress(
    fn: Callable[[Callable[[int, int], None]], T],
    on_progress: Callable[[int, int], None],
    on_done: Callable[[T], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    parent: QObject | None = None,
) -> None:
    """Like :func:`run_in_background`, for work that reports ``(done, total)`` as it goes.

    ``fn`` is called with a progress callable (safe to call from the worker thread);
    ``on_progress`` runs on the GUI thread.
    """
    relay = _Relay(parent)
    relay.progress.connect(on_progress)

    def emit_progress(done: int, total: int) -> None:
        with contextlib.suppress(RuntimeError):  # the relay went with its parent
            relay.progress.emit(done, total)

    _start(lambda: fn(emit_progress), on_done, on_error or _reporter(parent), relay, None)


def wait_for_background(timeout_ms: int = 10_000) -> bool:
    """Block until every background task has finished (for shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
