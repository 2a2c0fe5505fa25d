"""Start the Qt application: open the store, load the data, show the main window.

``create_main_window(store, ...)`` builds a ready window (tests use it); the gazetteer and the
matcher are loaded off the GUI thread and handed to the window when ready.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from spotter import __version__
from spotter.admin.about import about_page, gazetteer_version
from spotter.directory import Directory, Service
from spotter.glossary import glossary_page
from spotter.guidance import load_guidance
from spotter.places.gazetteer import Gazetteer, default_gazetteer
from spotter.places.matching import Matcher
from spotter.screening import Outcome, load_bundled
from spotter.store.database import Store, StoreError
from spotter.store.deployment import effective_settings, load_deployment_or_problem
from spotter.store.recovery import open_store_safely
from spotter.store.settings import Settings, load_settings
from spotter.system import paths
from spotter.system.resources import resource_path
from ui import geometry
from ui.first_paint import after_first_paint
from ui.main_window import LetterHandler, MainWindow
from ui.start_report import watch_start
from ui.startup import (
    ALREADY_OPEN,
    lock_data_folder,
    offer_previous_crash,
    prepare_process,
    sync_at_start,
    tell,
    tell_deployment_problem,
    tell_managed_sync,
    tell_read_only,
    tell_recovery,
)
from ui.style import apply_style
from ui.worker import run_in_background

if TYPE_CHECKING:  # the letter dialog pulls in ReportLab: imported when first used
    from ui.letter_dialog import LetterDialog

log = logging.getLogger("spotter.ui")


def create_main_window(
    store: Store,
    *,
    settings: Settings | None = None,
    gazetteer: Callable[[], Gazetteer] = default_gazetteer,
    letter_handler: LetterHandler | None = None,
    idle_timeout_ms: int | None = None,
    clock: Callable[[], datetime] = datetime.now,
    load_after_paint: bool = False,
) -> MainWindow:
    """Build the main window on ``store``; the matcher follows from a background load.

    "Referral letter…" opens :class:`~ui.letter_dialog.LetterDialog` unless another
    ``letter_handler`` is given.
    ``load_after_paint`` starts the postcode data's load once the window has painted its
    first frame (see :func:`~ui.first_paint.after_first_paint`), not straight away.
    """
    directory = store.load_directory()
    built: list[MainWindow] = []
    if letter_handler is None:

        def open_letter(service: Service, outcome: Outcome | None, current: Settings) -> None:
            open_letter_for(built[0], service, outcome, current)

        letter_handler = open_letter

    content = load_bundled()
    from spotter.packs.install import installed_pack

    pack = installed_pack(store)
    about = about_page(
        content_version=f"{content.id} {content.version}",
        directory_version=directory.version,
        gazetteer_version=gazetteer_version(),
        pack=pack.describe() if pack is not None else "",
    )
    window = MainWindow(
        store,
        directory,
        settings if settings is not None else effective_settings(store)[0],
        content,
        (*load_guidance(), glossary_page(), about),
        letter_handler=letter_handler,
        idle_timeout_ms=idle_timeout_ms,
        clock=clock,
    )
    built.append(window)

    def failed(exc: Exception) -> None:
        log.error("postcode data could not be loaded: %s", exc)
        window.services_page.hint.setText(f"Postcode data could not be loaded: {exc}")

    def build_matcher(directory: Directory) -> Matcher:
        return Matcher(directory, gazetteer())

    def ready(matcher: Matcher) -> None:
        window.set_matcher(matcher)
        if load_after_paint:  # the app: every council's answer worked out in the background
            run_in_background(matcher.prepare, lambda _count: None, failed, parent=window)

    def load() -> None:
        run_in_background(lambda: build_matcher(directory), ready, failed, parent=window)

    window.matcher_factory = build_matcher
    if load_after_paint:
        after_first_paint(window, load)
    else:
        load()
    return window


def open_letter_for(
    window: MainWindow, service: Service, outcome: Outcome | None, settings: Settings
) -> LetterDialog:
    """Open the letter dialog over ``window``, tied to its Clear (both ways), with every
    answer of the screening just done and the postcode searched on the Services page."""
    from ui.letter_dialog import open_letter_dialog

    session = window.session if outcome is not None else None
    dialog = open_letter_dialog(
        window,
        service,
        outcome,
        settings,
        today=lambda: window.clock().date(),
        content=session.content if session is not None else None,
        answers=dict(session.answers) if session is not None else None,
        postcode=window.services_page.postcode.text(),
    )
    dialog.clear_requested.connect(window.clear)
    dialog.produced.connect(lambda: window.letter_produced(service))
    window.cleared.connect(dialog.discard)
    return dialog


def run_app(data_dir: Path | None = None) -> int:
    if data_dir is not None:
        paths.set_data_dir(data_dir)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Spotter")
    app.setWindowIcon(QIcon(str(resource_path("icons", "spotter.png"))))
    apply_style(app)
    prepare_process()
    log.info("Spotter %s starting; data folder %s", __version__, paths.data_dir())
    offer_previous_crash()
    _lock, first = lock_data_folder(paths.data_dir())  # held until the app closes
    if not first:
        log.info("another Spotter has this data folder open; not starting a second")
        tell(
            None,
            "Spotter is already open",
            ALREADY_OPEN.format(folder=paths.data_dir()),
            QMessageBox.Icon.Information,
        )
        return 0
    try:
        store, recovery = open_store_safely()
    except StoreError as exc:
        log.error("cannot start: %s", exc)
        tell(None, "Spotter cannot start", str(exc), QMessageBox.Icon.Critical)
        return 1
    tell_recovery(recovery)
    tell_read_only(store)
    try:
        deployment, problem = load_deployment_or_problem()  # read once for both uses
        tell_deployment_problem(problem)
        settings = deployment.apply_to(load_settings(store))
        tell_managed_sync(sync_at_start(store, deployment))
        window = create_main_window(store, settings=settings, load_after_paint=True)
        watch = watch_start(lambda: window.services_page.matcher is not None)  # noqa: F841
        geometry.show(window)  # maximised the first time, then as it was left
        status = app.exec()
        log.info("Spotter closed normally")
        return status
    finally:
        store.close()
