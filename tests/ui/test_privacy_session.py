"""A whole session with a distinctive patient leaves no trace of them on disk.

Both routes are screened, services are found for the patient's postcode, a letter is filled
in, previewed and printed (to a PDF printer whose output is the only place the letter may go),
then everything is cleared. The data, log, config, machine-config and temp folders are then
searched, bytes and all (SQLite and WAL files included), for the patient's identifiers.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_steps import (
    HIGH_CONCERN_EX_PARTNER_CHILDREN,
    STALKING_INDICATED,
    focused,
    press,
    start_route,
)

from spotter.system import paths
from spotter.system.logs import configure_logging
from ui.letter_dialog import LetterDialog
from ui.main_window import MainWindow

NAME = "Zephyrine Quillfeather"
NHS = "485 617 3960"
POSTCODE = "ME14 1XQ"
SECRETS = (NAME, "Quillfeather", NHS, NHS.replace(" ", ""), "07700 900987", "17 Larkspur Lane")


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    yield folder


def _search(roots: list[Path]) -> list[str]:
    found = []
    for root in roots:
        for path in root.rglob("*") if root.exists() else []:
            if not path.is_file():
                continue
            data = path.read_bytes()
            for secret in SECRETS:
                for encoding in ("utf-8", "utf-16-le"):
                    if secret.encode(encoding) in data:
                        found.append(f"{secret!r} in {path}")
    return found


def test_a_full_session_leaves_no_patient_identifier_on_disk(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    temp_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure_logging(level=logging.DEBUG)  # the real rotating log, as the app writes it
    printed = tmp_path / "printer" / "out.pdf"
    printed.parent.mkdir()

    def pdf_printer(parent: QWidget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr("ui.letter_dialog.choose_printer", pdf_printer)

    # The staff route first, then the patient.
    start_route(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, STALKING_INDICATED)
    window.clear()
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # Find services
    qtbot.keyClicks(window.services_page.postcode, POSTCODE)
    qtbot.keyClick(window.services_page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    card = next(c for c in window.services_page.cards if c.letter_button.isEnabled())
    card.letter_button.setFocus()
    qtbot.keyClick(card.letter_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(window.findChildren(LetterDialog)), timeout=5000)
    dialog = window.findChildren(LetterDialog)[0]
    qtbot.waitExposed(dialog)

    form = dialog.form
    assert form.text("patient.postcode") == POSTCODE  # carried from the Services page
    for key, text in (
        ("patient.name", NAME),
        ("patient.date_of_birth", "09/10/1979"),
        ("patient.nhs_number", NHS),
        ("patient.address", "17 Larkspur Lane"),
        ("patient.phone", "07700 900987"),
        ("safe_contact.safe_ways", "Call 07700 900987 only"),
        ("consent.given_by", NAME),
        ("practice.name", "Larkspur Surgery"),
        ("practice.phone", "01632 960000"),
        ("referrer.name", "Dr Example"),
    ):
        qtbot.keyClicks(form.fields[key], text)
    for key in ("consent.referral_consent", "consent.sharing_consent"):
        form.fields[key].setFocus()
        qtbot.keyClick(form.fields[key], Qt.Key.Key_Space)

    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert (dialog.pdf is not None and NAME.encode("utf-16-be") in dialog.pdf) or dialog.pdf
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.exists()

    qtbot.keyClick(form.fields["patient.name"], Qt.Key.Key_X, _CTRL_SHIFT)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)
    assert window.stack.currentWidget() is window.start_page
    QApplication.processEvents()
    window.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    logging.getLogger("spotter").handlers[-1].flush()

    roots = [
        paths.data_dir(),
        paths.config_dir(),
        paths.log_dir(),
        paths.site_config_dir(),
        temp_dir,
        window.store.path.parent,
        Path(os.environ["SPOTTER_DATA_DIR"]),
    ]
    assert any(p.is_file() for p in window.store.path.parent.iterdir())  # searched something
    assert _search(roots) == []


def test_the_search_itself_finds_an_identifier(tmp_path: Path) -> None:
    (tmp_path / "notes.sqlite3-wal").write_bytes(b"\x00\x01" + NAME.encode("utf-16-le"))
    (tmp_path / "log.txt").write_text(f"x {NHS} y", encoding="utf-8")
    assert len(_search([tmp_path])) == 3  # the name (twice: full and surname) and the number


_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
