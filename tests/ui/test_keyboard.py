"""The keyboard path with no surprises: Back shows the answer given, the answers are one group,
Enter and Space press the focused button, the focus ring shows on every button style, no two
controls on a screen share an Alt key, and a form shown again has the focus in a visible field."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from screens import every_screen
from ui_steps import QUESTIONS, focused, press, start_route

from spotter.screening import Answer
from ui.main_window import MainWindow

ALT_LEFT = Qt.KeyboardModifier.AltModifier


def test_back_shows_the_answer_given_checked_and_focused(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    press(qtbot, window, "N")
    assert page.position.text() == f"Question 2 of {QUESTIONS}"
    qtbot.keyClick(focused(window), Qt.Key.Key_Left, ALT_LEFT)
    assert page.position.text() == f"Question 1 of {QUESTIONS}"
    no = page.answer_buttons[Answer.NO]
    assert no.isChecked() and no.text().startswith("✓")
    assert focused(window) is no  # the focus and the check agree
    others = [page.answer_buttons[Answer.YES], page.answer_buttons[Answer.UNSURE]]
    assert not any(b.isChecked() or b.text().startswith("✓") for b in others)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # presses "No" again: on to question 2
    assert page.position.text() == f"Question 2 of {QUESTIONS}"
    assert focused(window) is page.prompt  # a new question: the focus is on its words
    assert not any(b.isChecked() for b in page.answer_buttons.values())


def test_the_answers_are_one_group_by_tab_and_by_arrows(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    yes, no, unsure = (page.answer_buttons[a] for a in (Answer.YES, Answer.NO, Answer.UNSURE))
    assert focused(window) is page.prompt
    seen = []
    for _ in range(4):
        qtbot.keyClick(focused(window), Qt.Key.Key_Tab)
        seen.append(focused(window))
    assert seen == [yes, no, unsure, page.help_button]
    yes.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Right)
    assert focused(window) is no
    qtbot.keyClick(focused(window), Qt.Key.Key_Right)
    assert focused(window) is unsure
    qtbot.keyClick(focused(window), Qt.Key.Key_Left)
    assert focused(window) is no
    # moving between the answers answers nothing
    assert page.position.text() == f"Question 1 of {QUESTIONS}"
    assert window.session is not None and window.session.answers == {}


def test_enter_and_space_press_the_focused_button(qtbot: QtBot, window: MainWindow) -> None:
    start = window.start_page
    start.guidance_button.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.guidance_page
    window.guidance_page.back_button.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Enter)  # the keypad's Enter too
    assert window.stack.currentWidget() is window.start_page
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    press(qtbot, window, "N")
    page.back_button.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # Back, not Next
    assert page.position.text() == f"Question 1 of {QUESTIONS}"
    page.answer_buttons[Answer.UNSURE].setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Space)
    assert window.session is not None and window.session.answers["danger_now"] == "unsure"
    press(qtbot, window, "N" * (QUESTIONS - 1))
    outcome = window.outcome_page
    assert window.stack.currentWidget() is outcome
    outcome.back_button.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # back to the questions, not services
    assert window.stack.currentWidget() is page


def test_enter_on_a_new_question_is_next_never_an_answer(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # a danger question: it must be answered
    assert page.must_answer_hint.isVisible()
    assert window.session is not None and window.session.answers == {}
    assert page.must_answer_hint.text() in page.prompt.accessibleDescription()
    press(qtbot, window, "NN")
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # may be skipped: nothing recorded
    assert page.position.text() == f"Question 4 of {QUESTIONS}"
    assert len(window.session.answers) == 2


def _ring_colour(qtbot: QtBot, button: QAbstractButton) -> QColor:
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    QApplication.processEvents()
    image = button.grab().toImage()
    return image.pixelColor(QPoint(1, image.height() // 2))


def test_the_focus_ring_shows_on_every_button_style(qtbot: QtBot, window: MainWindow) -> None:
    start = window.start_page
    styles = {
        "route": (start.patient_button, "#1d4f91"),
        "plain": (start.guidance_button, "#1d4f91"),
    }
    start_route(qtbot, window, Qt.Key.Key_P)
    page = window.screening_page
    press(qtbot, window, "N")
    qtbot.keyClick(focused(window), Qt.Key.Key_Left, ALT_LEFT)
    styles["answer (checked)"] = (page.answer_buttons[Answer.NO], "#1d4f91")
    styles["answer"] = (page.answer_buttons[Answer.YES], "#1d4f91")
    styles["primary"] = (page.next_button, "#0b2540")
    for name, (button, ring) in styles.items():
        if button.window() is window and not button.isVisible():
            continue
        assert button.isVisible(), name
        assert _ring_colour(qtbot, button).name() == ring, name
    window.show_page(window.start_page)
    for button, ring in (styles["route"], styles["plain"]):
        assert _ring_colour(qtbot, button).name() == ring


_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _mnemonics(top: QWidget) -> list[str]:
    keys = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            text = widget.text()  # type: ignore[attr-defined]
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        keys += [m.casefold() for m in _MNEMONIC.findall(text)]
    return keys


def test_no_two_controls_on_a_screen_share_an_alt_key(qtbot: QtBot, window: MainWindow) -> None:
    clashes = {}
    walked = []
    for name, top in every_screen(qtbot, window):
        walked.append(name)
        keys = _mnemonics(top)
        assert keys, f"{name}: no Alt keys at all"
        repeated = sorted(k for k, n in Counter(keys).items() if n > 1)
        if repeated:
            clashes[name] = repeated
    assert clashes == {}
    assert {"settings", "import", "letter: form", "services: TN3"} <= set(walked)


def test_alt_b_on_settings_is_back(qtbot: QtBot, window: MainWindow) -> None:
    window.show_settings()
    qtbot.keyClick(focused(window), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start_page)  # animated click


def _shown_in_its_viewport(widget: QWidget) -> bool:
    viewport = widget.parentWidget()
    while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()
    if viewport is None:
        return widget.isVisible()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return widget.isVisible() and viewport.rect().contains(top_left)


def test_a_form_shown_again_has_the_focus_in_a_visible_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(900, 600)
    window.show_settings()
    page = window.settings_page
    page.scroll_area.verticalScrollBar().setValue(page.scroll_area.verticalScrollBar().maximum())
    page.fields["idle_timeout_minutes"].setFocus()
    page.back_button.click()
    window.show_settings()
    field = focused(window)
    assert field is page.fields["practice_name"]
    assert _shown_in_its_viewport(field)
    window.show_page(window.services_page)
    assert focused(window) is window.services_page.postcode


def test_back_to_the_letter_form_focuses_a_visible_field(qtbot: QtBot, window: MainWindow) -> None:
    from ui.app import open_letter_for

    service = window.directory.services[0]
    dialog = open_letter_for(window, service, None, window.settings)
    qtbot.waitExposed(dialog)
    dialog.resize(800, 500)
    bar = dialog.form.verticalScrollBar()
    bar.setValue(bar.maximum())
    dialog.form.fields["concerns"].setFocus()
    dialog.show_form()
    field = dialog.form.fields["patient.name"]
    assert dialog.focusWidget() is field  # the dialog's focus, whichever window is active
    assert _shown_in_its_viewport(field)
    dialog.discard()
