"""Per-service review ("check before referring") and reports of a wrong entry."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pack_helpers import cli
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from spotter.directory import Service, load_bundled_directory
from spotter.directory.review import review_note
from spotter.feedback import FeedbackError, check_note, report_problem, reports
from spotter.store.database import Store, open_store
from spotter.store.settings import Settings, SettingsError, validate
from ui.feedback_dialog import FeedbackDialog
from ui.letter_dialog import LetterDialog
from ui.main_window import MainWindow


def _checked(on: date) -> Service:
    from dataclasses import replace

    service = load_bundled_directory().get("protection-against-stalking")
    assert service is not None
    return replace(service, assured_date=on)


def test_the_threshold_is_a_setting_with_a_default_of_twelve_months() -> None:
    assert Settings().review_months == 12
    assert Settings(values={"review_months": "6"}).review_months == 6
    with pytest.raises(SettingsError, match="1 to 60"):
        validate("review_months", "0")
    service = _checked(date(2025, 6, 1))
    assert review_note(service, date(2026, 5, 31), 12) is None
    note = review_note(service, date(2026, 6, 2), 12)
    assert note is not None and note.startswith("Check before referring: last checked 1 June 2025")
    assert review_note(service, date(2025, 12, 2), 6) is not None
    # Never checked is "Not yet verified" already; not marked again.
    from dataclasses import replace

    assert review_note(replace(service, assured_date=None), date(2026, 6, 2), 12) is None


def test_the_card_and_the_letter_form_say_check_before_referring(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    old = _checked(date(2024, 1, 15))  # the window's clock is 3 March 2026
    window.services_page.review_months = 12
    from spotter.places.matching import Certainty, ServiceMatch
    from ui.pages.services import ServiceCard

    card = ServiceCard(
        ServiceMatch(old, Certainty.COVERS, "Kent", "covers Kent"), date(2026, 3, 3), None
    )
    qtbot.addWidget(card)
    assert not card.review.isHidden()
    assert card.review.text().startswith("Check before referring: last checked 15 January 2024")
    recent = ServiceCard(
        ServiceMatch(_checked(date(2026, 1, 1)), Certainty.COVERS, "Kent", "covers Kent"),
        date(2026, 3, 3),
        None,
    )
    qtbot.addWidget(recent)
    assert recent.review.isHidden()
    dialog = LetterDialog(
        old, None, Settings(values={"review_months": "12"}), today=lambda: date(2026, 3, 3)
    )
    qtbot.addWidget(dialog)
    assert not dialog.review.isHidden() and "Check before referring" in dialog.review.text()


def test_notes_that_could_identify_a_patient_are_refused() -> None:
    assert (
        check_note("  the right number is 01622 000 111  ") == "the right number is 01622 000 111"
    )
    for bad in ("patient at ME14 1AA", "seen 01/02/2026", "NHS 943 476 5919", "x" * 201):
        with pytest.raises(FeedbackError):
            check_note(bad)


def test_a_report_is_kept_and_exported_for_the_curator(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    service = load_bundled_directory().get("protection-against-stalking")
    assert service is not None
    dialog = window.report_problem(service)
    assert isinstance(dialog, FeedbackDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("wrong_number"))
    dialog.note.setText("patient lives at ME14 1AA")
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert "Leave out postcodes" in dialog.error.text() and reports(store) == []
    dialog.note.setText("now 01622 000 111")
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    report_problem(store, "veritas-justice", "closed", today=date(2026, 3, 4))
    kept = reports(store)
    assert [(r.service_id, r.field) for r in kept] == [
        ("protection-against-stalking", "phones"),
        ("veritas-justice", "status"),
    ]
    assert kept[0].reported_on == date(2026, 3, 3)  # the window's day, nothing finer
    # The practice manager's export (the command line, on the practice's data folder).
    folder = tmp_path / "practice"
    with open_store(folder / "spotter.sqlite3") as practice:
        report_problem(practice, "protection-against-stalking", "wrong_number", "now 01622 000 111",
                       date(2026, 3, 3))  # fmt: skip
        practice.set_settings({"practice_ods_code": "G81012"})
    target = tmp_path / "reports.json"
    status, _out, err = cli("feedback", "export", str(target), "--data-dir", str(folder))
    assert status == 0, err
    data = json.loads(target.read_text())
    assert data == {
        "practice_ods_code": "G81012",
        "reports": [
            {
                "service_id": "protection-against-stalking",
                "field": "phones",
                "problem": "The phone number is wrong or does not answer",
                "note": "now 01622 000 111",
                "date": "2026-03-03",
            }
        ],
    }
    status, _out, _err = cli(
        "feedback", "export", str(tmp_path / "r.csv"), "--data-dir", str(folder)
    )
    assert status == 0
    assert (tmp_path / "r.csv").read_text().startswith("practice_ods_code,service_id,field")
