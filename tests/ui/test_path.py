"""The clinician's path, driven by the keyboard as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from ui_steps import (
    HIGH_CONCERN,
    HIGH_CONCERN_EX_PARTNER_CHILDREN,
    IMMEDIATE_DANGER,
    NO_INDICATION,
    QUESTIONS,
    STALKING_INDICATED,
    focused,
    keys_for,
    press,
    start_route,
)

from spotter.screening.session import DANGER_BANNER
from ui.main_window import MainWindow


def test_start_offers_the_two_routes_and_the_helpline(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.start_page
    assert "0808 802 0300" in window.helpline_label.accessibleName()
    assert "0808&nbsp;802&nbsp;0300" in window.helpline_label.text()
    # the hours come from the helpline's schedule in the directory, not from the window
    assert "Mon, Tue, Thu, Fri 09:30–16:00; Wed 13:00–16:00" in window.helpline_label.text()
    assert "open now" in window.hours_label.text()
    assert "bank holidays" in window.hours_label.text()
    assert window.start_page.patient_button.accessibleName() == "A patient"


def test_patient_route_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    assert window.stack.currentWidget() is page
    assert "patient" in page.heading.text()
    assert page.position.text() == f"Question 1 of {QUESTIONS}"
    assert page.progress.value() == 1
    press(qtbot, window, "N")
    assert page.position.text() == f"Question 2 of {QUESTIONS}"
    qtbot.keyClick(focused(window), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.position.text() == f"Question 1 of {QUESTIONS}"
    assert page.answer_buttons[next(iter(page.answer_buttons))].isChecked() is False
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # Enter = Next, keeps the answer
    assert page.position.text() == f"Question 2 of {QUESTIONS}"
    assert window.session is not None and window.session.answers == {"danger_now": "no"}


def test_help_toggles(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    assert not page.help_text.isVisible()
    qtbot.mouseClick(page.help_button, Qt.MouseButton.LeftButton)
    assert page.help_text.isVisible() and page.help_text.text()
    qtbot.mouseClick(page.help_button, Qt.MouseButton.LeftButton)
    assert not page.help_text.isVisible()


def test_staff_route_says_so_and_adds_staff_support(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_S)
    assert "member of staff" in window.screening_page.heading.text()
    press(qtbot, window, STALKING_INDICATED)
    assert window.stack.currentWidget() is window.outcome_page
    text = window.outcome_page.details.text()
    assert "staff-support contact" in text or "staff support" in text


@pytest.mark.parametrize(
    ("keys", "title"),
    [
        (NO_INDICATION, "No indication"),
        (STALKING_INDICATED, "Stalking indicated"),
        (HIGH_CONCERN, "High concern"),
        (keys_for({"risk_visits": "unsure"}), "Not completed"),
        (IMMEDIATE_DANGER, "Immediate danger"),
    ],
)
def test_each_outcome_level(qtbot: QtBot, window: MainWindow, keys: str, title: str) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, keys)
    if window.stack.currentWidget() is window.danger_page:
        qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # what to do now
    assert window.stack.currentWidget() is window.outcome_page
    assert window.outcome_page.level_title.text() == title
    assert window.outcome_page.details.text().strip()


def test_danger_yes_stops_the_questions_and_shows_what_to_do(
    qtbot: QtBot, window: MainWindow
) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    assert not window.danger_banner.isVisible()
    press(qtbot, window, "Y")
    assert window.danger_banner.isVisible()
    assert window.danger_text.text() == DANGER_BANNER
    page = window.danger_page
    assert window.stack.currentWidget() is page
    assert "999" in page.call.text()
    assert "55" in page.silent.text() and "stay on the line" in page.silent.text()
    assert "safeguarding lead now" in page.lead.text()
    assert window.session is not None and window.session.answers == {"danger_now": "yes"}
    assert focused(window) is page.outcome_button
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.outcome_page
    assert window.outcome_page.level_title.text() == "Immediate danger"


def test_continue_the_questions_when_it_is_safe(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, "Y")
    qtbot.mouseClick(window.danger_page.continue_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.screening_page
    assert window.screening_page.position.text() == f"Question 2 of {QUESTIONS}"
    press(qtbot, window, "NN")
    assert window.danger_banner.isVisible()
    assert window.session is not None and len(window.session.answers) == 3


def test_enter_cannot_skip_a_danger_question(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    assert not page.next_button.isEnabled()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    qtbot.keyClick(focused(window), Qt.Key.Key_Enter)
    assert page.position.text() == f"Question 1 of {QUESTIONS}"
    assert page.must_answer_hint.isVisibleTo(page)
    assert window.session is not None and window.session.answers == {}
    press(qtbot, window, "N")
    assert page.position.text() == f"Question 2 of {QUESTIONS}"  # the second danger question
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert page.position.text() == f"Question 2 of {QUESTIONS}"
    press(qtbot, window, "S")  # "not sure" answers it and moves on
    assert page.position.text() == f"Question 3 of {QUESTIONS}"
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # other questions may be skipped
    assert page.position.text() == f"Question 4 of {QUESTIONS}"


def test_outcome_opens_at_the_top_whatever_the_last_scroll(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(900, 600)
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    bar = window.outcome_page.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0, "the outcome should be long enough to scroll at this size"
    bar.setValue(bar.maximum())
    qtbot.mouseClick(window.outcome_page.back_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.outcome_page
    assert bar.value() == 0
    window.clear()
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, NO_INDICATION)
    assert bar.value() == 0


def test_flags_show_as_boxes(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    names = [f.accessibleName() for f in window.outcome_page.flag_boxes]
    assert any("safeguarding lead" in n for n in names)
    assert any("MARAC" in n for n in names)


def test_copy_summary_puts_the_level_on_the_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN)
    qtbot.mouseClick(window.outcome_page.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert "Outcome: High concern" in text
    assert "SNOMED" not in text


def test_back_to_questions_and_on_to_services(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, NO_INDICATION)
    qtbot.mouseClick(window.outcome_page.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.screening_page
    assert window.screening_page.position.text() == f"Question {QUESTIONS} of {QUESTIONS}"
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.outcome_page
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.services_page
    assert QGuiApplication.focusObject() is window.services_page.postcode


def test_the_copied_summary_is_marked_private_for_windows_clipboard_history() -> None:
    from ui.clipboard import private_mime_data

    data = private_mime_data("Outcome: High concern.")
    assert data.text() == "Outcome: High concern."
    formats = data.formats()
    for name in (
        "ExcludeClipboardContentFromMonitorProcessing",
        "CanIncludeInClipboardHistory",
        "CanUploadToCloudClipboard",
    ):
        assert f'application/x-qt-windows-mime;value="{name}"' in formats
    history = data.data('application/x-qt-windows-mime;value="CanIncludeInClipboardHistory"')
    assert bytes(history.data()) == b"\x00\x00\x00\x00"


def test_enter_on_the_danger_screen_presses_the_focused_button(
    qtbot: QtBot, window: MainWindow
) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, "Y")
    window.danger_page.continue_button.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.screening_page
