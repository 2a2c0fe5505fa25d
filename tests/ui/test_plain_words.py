"""Plain words on the Services page: a mistyped postcode, no local service, a split district,
scope labels a receptionist can read, and a one-line summary after each search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    page = window.services_page
    window.show_page(page)
    page.postcode.clear()
    qtbot.keyClicks(page.postcode, text)
    qtbot.keyClick(page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.cards) and page.find_button.isEnabled(), timeout=5000)


def test_a_mistyped_postcode_says_check_it(qtbot: QtBot, window: MainWindow) -> None:
    _search(qtbot, window, "ME99 9ZZ")
    page = window.services_page
    assert page.advice.isVisible()
    assert page.advice.text() == (
        "ME99 9ZZ is not in the postcode data — check it. Only national services are shown."
    )
    assert page.hint.text() == "1 service for ME99 9ZZ: national only"
    assert [c.service.name for c in page.cards] == ["National Stalking Helpline"]


def test_no_local_service_is_said(qtbot: QtBot, window: MainWindow) -> None:
    _search(qtbot, window, "G1 1AA")
    page = window.services_page
    assert page.advice.text() == (
        "No local specialist service on record for Glasgow City; these national services cover it."
    )
    scopes = [card.scope.text().split(" · ")[0] for card in page.cards]
    assert scopes == ["Scotland-wide", "Scotland-wide", "UK-wide"]
    assert page.hint.text() == "3 services for Glasgow City, Scotland"


def test_the_hint_is_the_summary_after_a_search_and_follows_typing_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    _search(qtbot, window, "ME14 1AA")
    page = window.services_page
    assert page.hint.text() == "3 services for Maidstone, Kent"
    assert not page.advice.isVisible()
    assert page.cards[0].scope.text().startswith("Local")
    assert page.cards[0].reason.text() == "Covers Kent: ME14 1AA is in Maidstone, Kent."
    qtbot.keyClick(page.postcode, Qt.Key.Key_Backspace)
    assert "Keep typing" in page.hint.text() or "postcode" in page.hint.text()
    assert page.hint.text() != "3 services for Maidstone, Kent"


def test_a_glossary_page_in_guidance_with_its_sources(window: MainWindow) -> None:
    page = window.guidance_page
    titles = [page.list.item(i).text() for i in range(page.list.count())]
    row = titles.index("Words used in Spotter")
    page.list.setCurrentRow(row)
    text = page.text.toPlainText()
    for term in ("MARAC", "ISA (Independent Stalking Advocate)", "Safeguarding lead"):
        assert term in text
    assert "Sources" in text and "SafeLives" in text and "Suzy Lamplugh Trust" in text


def test_terms_are_explained_where_they_appear(qtbot: QtBot, window: MainWindow) -> None:
    from ui_steps import PATTERN, keys_for, press, start_route

    start_route(qtbot, window, Qt.Key.Key_P)
    press(
        qtbot,
        window,
        keys_for({**PATTERN, "risk_violence": "yes", "ex_partner": "yes", "children": "yes"}),
    )
    out = window.outcome_page
    marac = next(f for f in out.flag_boxes if "MARAC" in f.accessibleName())
    assert marac.toolTip().startswith("MARAC: Multi-agency risk assessment conference")
    assert "Safeguarding lead: " in marac.toolTip()
    assert marac.whatsThis() == marac.toolTip()
    assert "ISA (Independent Stalking Advocate): " in out.details.toolTip()
    window.clear()
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, "Y")
    danger = window.danger_page
    assert danger.lead.toolTip().startswith("Safeguarding lead: ")
    assert "Silent Solution: " in danger.silent.toolTip()


def test_settings_show_the_idle_timeout_in_force(window: MainWindow) -> None:
    window.show_settings()
    page = window.settings_page
    assert page.value("idle_timeout_minutes") == "5"  # the default, not a blank
    assert page.value("review_months") == "12"


def test_the_danger_banner_is_as_large_as_the_question(qtbot: QtBot, window: MainWindow) -> None:
    from ui_steps import press, start_route

    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, "Y")
    assert window.danger_banner.isVisible()
    question = window.screening_page.prompt.font().pointSizeF()
    assert window.danger_text.font().pointSizeF() >= question
