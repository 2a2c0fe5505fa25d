"""What the app does once at start, before the main window: logging, crash handling,
damaged-database recovery and the deployment file's problems, each told to the user calmly."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QMessageBox, QWidget

from spotter.importing.managed import SyncOutcome, sync_managed_directory
from spotter.store.database import Store
from spotter.store.deployment import Deployment, load_deployment_or_problem
from spotter.store.recovery import Recovery
from spotter.system.crash import enable_faulthandler, take_previous_crash
from spotter.system.logs import configure_logging
from ui.crash_dialog import CrashDialog, install_excepthook

qt_log = logging.getLogger("spotter.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> object:
    """Send Qt's own messages to the ``spotter.qt`` logger; returns the previous handler."""
    return qInstallMessageHandler(_qt_message)


def prepare_process() -> None:
    """Logging to the rotating file, Qt's messages routed in, crash handlers installed."""
    configure_logging()
    route_qt_messages()
    enable_faulthandler()
    install_excepthook()


def offer_previous_crash(parent: QWidget | None = None) -> None:
    """If the last run crashed, show its record once (it holds no patient data)."""
    previous = take_previous_crash()
    if previous:
        CrashDialog(previous, parent, title="Spotter closed unexpectedly last time").exec()


def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """A message box that shows ``text`` literally (it may hold file names and file text)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


LOCK_NAME = "spotter.lock"
ALREADY_OPEN = (
    "Spotter is already open for this data folder ({folder}). Switch to it (look in the "
    "taskbar) instead of starting it again."
)


def lock_data_folder(folder: Path) -> tuple[QLockFile | None, bool]:
    """One running app per data folder: (the held lock, True), or (None, False) when another
    running Spotter holds it. A folder where no lock can be made (read-only) does not stop the
    app: (None, True)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None, True
    lock = QLockFile(str(folder / LOCK_NAME))
    # Never stale by age (the app runs all day); a crashed app's lock is stale at once, as
    # QLockFile finds its process gone.
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock, True
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None, False
    return None, True


def tell_recovery(recovery: Recovery | None, parent: QWidget | None = None) -> None:
    if recovery is not None:
        tell(parent, "Spotter restored its data", recovery.message)


def tell_read_only(store: Store, parent: QWidget | None = None) -> None:
    """Say once, at start, that a read-only data folder means read-only mode."""
    if store.read_only:
        tell(
            parent,
            "Spotter is in read-only mode",
            store.read_only_notice,
            QMessageBox.Icon.Information,
        )


def tell_deployment_problem(problem: str | None, parent: QWidget | None = None) -> None:
    if problem:
        tell(
            parent,
            "Administrator settings not applied",
            f"The machine-wide settings file could not be used:\n\n{problem}\n\n"
            "Spotter is using this practice's own settings. Please tell your IT support.",
        )


def sync_at_start(store: Store, deployment: Deployment | None = None) -> SyncOutcome:
    """Import the administrator's managed services file if it changed (never raises).

    A broken deployment file counts as none: the user is told through
    :func:`tell_deployment_problem`.
    """
    if deployment is None:
        deployment, _problem = load_deployment_or_problem()
    return sync_managed_directory(store, deployment)


def tell_managed_sync(outcome: SyncOutcome, parent: QWidget | None = None) -> None:
    if outcome.problem:
        tell(parent, "Services file not applied", outcome.message)
