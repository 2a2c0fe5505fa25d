"""Directory, guidance and settings pages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_steps import focused

from spotter.store.database import Store
from spotter.store.settings import load_settings
from ui.main_window import MainWindow
from ui.pages.settings import LOCKED_NOTE


def test_directory_search_and_area_filter(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(focused(window), Qt.Key.Key_D)
    page = window.directory_page
    assert window.stack.currentWidget() is page
    total = page.list.count()
    assert total >= 15
    qtbot.keyClicks(page.search, "KENT")
    assert page.visible_names() == ["Protection Against Stalking"]
    assert "Kent" in page.details.toPlainText()
    assert "Not yet verified" in page.details.toPlainText()
    page.search.clear()
    qtbot.keyClicks(page.search, "women's aid")
    assert set(page.visible_names()) == {
        "Black Country Women's Aid",
        "Fylde Coast Women's Aid",
        "Women's Aid Leicestershire",
    }
    page.search.clear()
    page.area.setCurrentText("Scotland")
    names = page.visible_names()
    assert "Action Against Stalking" in names
    assert "National Stalking Helpline" in names  # UK-wide services cover every area
    assert "Veritas Justice" not in names
    qtbot.keyClicks(page.search, "zzzz")
    assert page.list.count() == 0
    assert "No service matches" in page.details.toPlainText()


def test_guidance_pages_are_sourced(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(focused(window), Qt.Key.Key_G)
    page = window.guidance_page
    assert window.stack.currentWidget() is page
    assert not page.text.openExternalLinks()
    titles = [page.list.item(i).text() for i in range(page.list.count())]
    assert titles[0] == "What stalking is"
    expected = {
        0: ["Fixated", "two or more occasions", "1997"],
        1: ["91%", "78%", "94%", "358"],
        2: ["Independent Stalking Advocate", "88%", "90%"],
        3: ["21%", "10,429", "64%", "25.4%"],
    }
    for row, words in expected.items():
        page.list.setCurrentRow(row)
        text = page.text.toPlainText()
        assert "Sources" in text
        for word in words:
            assert word in text, (row, word)


def test_settings_save_and_feed_the_guidance(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    qtbot.keyClick(focused(window), Qt.Key.Key_T)
    page = window.settings_page
    assert window.stack.currentWidget() is page
    qtbot.keyClicks(page.fields["practice_name"], "Riverside Surgery")
    qtbot.keyClicks(page.fields["staff_support_contact"], "Practice manager, 01234 567890")
    page.fields["idle_timeout_minutes"].clear()  # type: ignore[union-attr]
    qtbot.keyClicks(page.fields["idle_timeout_minutes"], "10")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Settings saved."
    stored = load_settings(store)
    assert stored.get("practice_name") == "Riverside Surgery"
    assert window.idle_timer.interval() + window._warning_ms() == 10 * 60_000
    window.guidance_page.list.setCurrentRow(3)
    assert "01234 567890" in window.guidance_page.text.toPlainText()


def test_settings_errors_are_shown_inline(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    window.show_page(window.settings_page)
    page = window.settings_page
    qtbot.keyClicks(page.fields["idle_timeout_minutes"], "999")
    qtbot.keyClicks(page.fields["practice_logo_path"], "/no/such/logo.png")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors["idle_timeout_minutes"].isVisible()
    assert "1 to 120" in page.errors["idle_timeout_minutes"].text()
    assert "does not exist" in page.errors["practice_logo_path"].text()
    assert "Not saved" in page.status.text()
    assert load_settings(store).get("idle_timeout_minutes") == ""


def test_locked_settings_are_read_only(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    settings = load_settings(store).with_overrides({"practice_name": "Set Centrally"}, "site")
    window = make_window(settings=settings)
    window.show_page(window.settings_page)
    page = window.settings_page
    field = page.fields["practice_name"]
    assert field.isReadOnly()
    assert field.text() == "Set Centrally"  # type: ignore[union-attr]
    notes = [w.text() for w in page.findChildren(type(page.status)) if w.text() == LOCKED_NOTE]
    assert notes
    qtbot.keyClicks(page.fields["clinician_name"], "Dr A Example")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Settings saved."
    assert load_settings(store).get("practice_name") == ""
    assert load_settings(store).get("clinician_name") == "Dr A Example"


def test_about_page_shows_the_data_versions_and_the_ons_attribution(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.guidance_page
    titles = [page.list.item(i).text() for i in range(page.list.count())]
    assert "About Spotter and its data" in titles
    page.list.setCurrentRow(titles.index("About Spotter and its data"))
    text = page.text.toPlainText()
    assert "Contains OS data © Crown copyright and database right 2025" in text
    assert "Open Government Licence" in text
    assert "spotter-core" in text
    assert "Land & Property Services NI" in text


def test_unsaved_settings_edits_are_not_shown_as_kept(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.start_page, Qt.Key.Key_T)
    page = window.settings_page
    assert window.stack.currentWidget() is page
    before = page.value("practice_name")
    qtbot.keyClicks(page.fields["practice_name"], " (draft)")
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.start_page, Qt.Key.Key_T)
    assert page.value("practice_name") == before
