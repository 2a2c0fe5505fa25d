"""Before the questions: privacy first, then the age band (patient) or who (staff)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from ui_steps import PATTERN, focused, keys_for, press, start_route

from spotter.screening import AgeBand, StaffSubject
from ui.main_window import MainWindow


def test_not_private_stops_before_any_question(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P, before=False)
    page = window.before_page
    assert window.stack.currentWidget() is page
    assert page.private_question.text() == "Is the person on their own, somewhere private?"
    qtbot.keyClick(focused(window), Qt.Key.Key_N)
    assert window.stack.currentWidget() is page
    assert page.not_private.isVisibleTo(page) and "find a private moment" in page.not_private.text()
    assert window.session is not None and not window.session.privacy_checked
    qtbot.keyClick(focused(window), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.start_page


def test_an_under_16_gets_the_young_persons_route(
    qtbot: QtBot, window: MainWindow, shots: Path
) -> None:
    start_route(qtbot, window, Qt.Key.Key_P, before=False)
    qtbot.keyClick(focused(window), Qt.Key.Key_Y)
    qtbot.keyClick(focused(window), Qt.Key.Key_1)
    assert window.session is not None and window.session.age_band is AgeBand.UNDER_16
    assert window.stack.currentWidget() is window.screening_page
    press(qtbot, window, keys_for({**PATTERN, "risk_frightened": "yes"}))
    details = window.outcome_page.details.text()
    assert "Gillick competence" in details and "before any referral" in details
    window.grab().save(str(shots / "outcome-under-16.png"))
    qtbot.mouseClick(window.outcome_page.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert "Age: Under 16." in text
    assert "Asked first that the person was on their own, somewhere private." in text


def test_the_staff_route_asks_who_and_speaks_to_them(
    qtbot: QtBot, window: MainWindow, shots: Path
) -> None:
    start_route(qtbot, window, Qt.Key.Key_S, before=False)
    qtbot.keyClick(focused(window), Qt.Key.Key_Y)
    qtbot.keyClick(focused(window), Qt.Key.Key_C)
    assert window.session is not None
    assert window.session.staff_subject is StaffSubject.COLLEAGUE
    press(qtbot, window, keys_for({**PATTERN, "other_person_registered": "yes"}))
    details = window.outcome_page.details.text()
    assert "not a failing on your colleague&#x27;s part" in details
    assert "Special Allocation Scheme" in details
    assert "keep the two records apart" not in details
    window.grab().save(str(shots / "outcome-staff.png"))
    qtbot.mouseClick(window.outcome_page.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("For the staff member's occupational health or HR record only")
    assert "NHS App" not in text


def test_back_from_the_first_question_returns_before_the_questions(
    qtbot: QtBot, window: MainWindow
) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    qtbot.keyClick(focused(window), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.before_page


def test_the_practice_clinical_code_goes_into_the_summary(qtbot: QtBot, window: MainWindow) -> None:
    from spotter.store.settings import save_settings

    window._settings_saved(
        save_settings(window.store, {"clinical_code": "999999 Practice code"}, window.settings)
    )
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, keys_for({}))
    qtbot.mouseClick(window.outcome_page.copy_button, Qt.MouseButton.LeftButton)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].startswith("SENSITIVE:") and lines[1] == "Clinical code: 999999 Practice code"


def test_the_services_screen_puts_out_of_age_services_last_and_marks_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    from dataclasses import replace

    from spotter.places.matching import Matcher

    matcher = window.services_page.matcher
    assert matcher is not None
    directory = window.directory
    adults_only = [
        replace(s, minimum_age=18) if s.id == "protection-against-stalking" else s
        for s in directory.services
    ]
    window.services_page.set_matcher(
        Matcher(replace(directory, services=tuple(adults_only)), matcher.gazetteer)
    )
    start_route(qtbot, window, Qt.Key.Key_P, before=False)
    qtbot.keyClick(focused(window), Qt.Key.Key_Y)
    qtbot.keyClick(focused(window), Qt.Key.Key_1)  # under 16
    press(qtbot, window, keys_for(PATTERN))
    qtbot.mouseClick(window.outcome_page.services_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.services_page.postcode, "ME14 1AA")
    qtbot.keyClick(window.services_page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    last = window.services_page.cards[-1]
    assert last.service.id == "protection-against-stalking"
    assert last.age_note.isVisibleTo(last) and last.age_note.text() == "Not for this age (from 18)"
    assert not window.services_page.cards[0].age_note.isVisibleTo(window.services_page.cards[0])
