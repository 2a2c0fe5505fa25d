"""``spotter self-test``: prove an installed build works, with no display and no user data.

Runs in a temporary data folder: opens the main window offscreen, clicks through a scripted
screening, matches a postcode through the Services screen, renders a referral letter and checks
the database. Prints one line per check; exits 0, or 1 with the reason on stderr.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from spotter import __version__
from spotter.system import paths


def _wait(app: object, condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return False


def _sample_letter_pdf() -> bytes:
    from spotter.letters import (
        Clinician,
        Consent,
        Patient,
        Practice,
        Referral,
        SafeContact,
        ServiceAddressee,
        render_referral_pdf,
    )

    referral = Referral(
        patient=Patient(name="Self Test", date_of_birth=date(1990, 1, 1)),
        safe_contact=SafeContact(safe_ways="Self-test only: do not contact"),
        consent=Consent(True, True, given_by="Self test", given_on=date.today()),
        service=ServiceAddressee(name="Self-test service", phones=("01632 960000",)),
        practice=Practice(name="Self-test practice", phone="01632 960001"),
        referrer=Clinician(name="Self test"),
    )
    return render_referral_pdf(referral, app_version=__version__)


def _missing_offscreen_plugin() -> str | None:
    """Why Qt's offscreen platform cannot be used, or None. Checked before Qt starts: Qt
    aborts the whole process (status 134) when it cannot load the platform it is given."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    if any(folder.glob("*qoffscreen*")):
        return None
    return f"Qt's offscreen platform plugin is missing from {folder}; reinstall Spotter"


def run_self_test(out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    # Always offscreen, whatever QT_QPA_PLATFORM says: an unusable value would make Qt abort.
    requested = os.environ.get("QT_QPA_PLATFORM", "")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if requested and requested.split(":")[0] != "offscreen":
        out.write(f"note: QT_QPA_PLATFORM={requested} ignored: the self-test runs offscreen\n")
    problem = _missing_offscreen_plugin()
    if problem is not None:
        err.write(f"self-test FAILED: {problem}\n")
        return 1
    with tempfile.TemporaryDirectory(prefix="spotter-self-test-") as tmp:
        paths.set_data_dir(Path(tmp))
        os.environ["SPOTTER_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["SPOTTER_LOG_DIR"] = str(Path(tmp) / "logs")
        try:
            return _checks(out)
        except Exception as exc:  # the reason is the whole point of a self-test
            err.write(f"self-test FAILED: {type(exc).__name__}: {exc}\n")
            return 1
        finally:
            paths.set_data_dir(None)


def _checks(out: TextIO) -> int:
    from PySide6.QtWidgets import QApplication

    from spotter.screening import AgeBand, Answer, Level
    from spotter.store.recovery import open_store_safely
    from ui.app import create_main_window
    from ui.worker import wait_for_background

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    store, recovery = open_store_safely()
    try:
        if recovery is not None:
            raise RuntimeError(f"a fresh database needed recovery: {recovery.message}")
        window = create_main_window(store)
        window.resize(1024, 768)
        window.show()
        if not _wait(app, lambda: window.services_page.matcher is not None):
            raise RuntimeError("the postcode data did not load")
        out.write("ok   main window opened offscreen\n")

        window.start_page.patient_button.click()
        window.before_page.private_yes.click()
        window.before_page.age_buttons[AgeBand.ADULT].click()
        page = window.screening_page
        answers = {"course_of_conduct": Answer.YES, "behaviour_contact": Answer.YES}
        while window.stack.currentWidget() is page:
            prompt_id = page.session.prompt.id if page.session else ""
            page.answer_buttons[answers.get(prompt_id, Answer.NO)].click()  # answers advance
        if window.outcome is None or window.outcome.level is not Level.STALKING_INDICATED:
            raise RuntimeError(f"scripted screening gave {window.outcome}")
        out.write(f"ok   scripted screening: {window.outcome.level.value}\n")

        services = window.services_page
        window.show_page(services)
        services.postcode.setText("ME14 1AA")
        services.find_button.click()
        if not _wait(app, lambda: bool(services.cards)):
            raise RuntimeError("no services shown for ME14 1AA")
        names = [card.service.name for card in services.cards]
        if "Protection Against Stalking" not in names or "National Stalking Helpline" not in names:
            raise RuntimeError(f"unexpected services for ME14 1AA: {names}")
        out.write(f"ok   ME14 1AA matched {len(names)} services\n")

        pdf = _sample_letter_pdf()
        if not pdf.startswith(b"%PDF") or len(pdf) < 2000:
            raise RuntimeError("the letter did not render")
        out.write(f"ok   letter rendered ({len(pdf):,} bytes)\n")

        problems = store.integrity_check()
        if problems or store.service_count() == 0:
            raise RuntimeError(f"database check failed: {problems or 'no services'}")
        out.write(f"ok   database: schema {store.schema_version}, integrity ok\n")
        window.clear()
        window.close()
        wait_for_background()
    finally:
        store.close()
    out.write("self-test passed\n")
    return 0
