"""Services: the postcode is checked as you type, matched off the GUI thread, and explained."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from spotter.directory import Service
from spotter.screening import Outcome
from spotter.store.settings import Settings
from ui.main_window import MainWindow


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.show_page(window.services_page)
    box = window.services_page.postcode
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def _names(window: MainWindow) -> list[str]:
    return [card.service.name for card in window.services_page.cards]


def test_hint_follows_typing(qtbot: QtBot, window: MainWindow) -> None:
    page = window.services_page
    window.show_page(page)
    qtbot.keyClicks(page.postcode, "ME")
    assert "Keep typing" in page.hint.text()
    qtbot.keyClicks(page.postcode, "14")
    assert "district" in page.hint.text()
    qtbot.keyClicks(page.postcode, " 1AA")
    assert "full postcode" in page.hint.text()
    page.postcode.clear()
    qtbot.keyClicks(page.postcode, "QQ")
    assert "does not look like a UK postcode" in page.hint.text()


def test_maidstone_shows_protection_against_stalking(qtbot: QtBot, window: MainWindow) -> None:
    _search(qtbot, window, "ME14 1AA")
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    names = _names(window)
    assert names[0] == "Protection Against Stalking"
    assert names[-1] == "National Stalking Helpline"
    assert not window.services_page.advice.isVisible()
    first = window.services_page.cards[0]
    assert "Maidstone" in first.reason.text()
    assert first.verified.text() == "Not yet verified"


def test_boundary_district_says_possibly_covers(qtbot: QtBot, window: MainWindow) -> None:
    # TN3 straddles Tunbridge Wells (Kent) and Wealden (East Sussex).
    _search(qtbot, window, "TN3")
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    page = window.services_page
    assert page.advice.isVisible()
    assert page.advice.text() == (
        "TN3 is split between councils: about 6 in 10 of its postcodes are in "
        "Tunbridge Wells. Enter the full postcode to be sure."
    )
    assert page.hint.text() == "4 services for TN3"
    reasons = {card.service.name: card.reason.text() for card in page.cards}
    assert reasons["Protection Against Stalking"].startswith("Possibly covers")
    assert reasons["Veritas Justice"].startswith("Possibly covers")


def test_bad_postcode_is_explained_in_words(qtbot: QtBot, window: MainWindow) -> None:
    _search(qtbot, window, "nonsense")
    page = window.services_page
    assert page.error.isVisible()
    assert "not a UK postcode" in page.error.text()
    assert page.cards == []
    _search(qtbot, window, "BFPO 123")
    assert "British Forces" in page.error.text()


def test_phone_copy_button(qtbot: QtBot, window: MainWindow) -> None:
    _search(qtbot, window, "ME14 1AA")
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    helpline = window.services_page.cards[-1]
    qtbot.mouseClick(helpline.copy_buttons[0], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "0808 802 0300"


def test_letter_handler_hook(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    calls: list[tuple[Service, Outcome | None, Settings]] = []
    window = make_window(letter_handler=lambda *args: calls.append(args))
    _search(qtbot, window, "ME14 1AA")
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    cards = {card.service.id: card for card in window.services_page.cards}
    assert not cards["protection-against-stalking"].letter_button.isEnabled()  # no contact
    button = cards["paladin-advocacy"].letter_button
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert calls and calls[0][0].name == "Paladin National Stalking Advocacy Service"
    assert calls[0][1] is None  # no screening was done


def test_tab_goes_through_the_results_before_back(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    window.show_page(window.services_page)
    page = window.services_page
    qtbot.keyClicks(page.postcode, "ME14 1AA")
    qtbot.keyClick(page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.cards), timeout=5000)
    page.find_button.setFocus()
    seen = []
    for _ in range(30):  # copy, letter and report buttons on each card
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is page.back_button:
            break
    letter_buttons = [card.letter_button for card in page.cards]
    assert seen[-1] is page.back_button
    assert all(button in seen for button in letter_buttons if button.isEnabled())
    assert all(card.report_button in seen for card in page.cards)
