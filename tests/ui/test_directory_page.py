"""The practice manager's Directory screen: which services cover a postcode (with how sure),
the directory exported as JSON or CSV, and the CSV template, saved where they choose."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from spotter.importing import validate_file
from ui.main_window import MainWindow
from ui.pages.directory import DirectoryPage
from ui.widgets import ANNOUNCED


def _page(qtbot: QtBot, window: MainWindow) -> DirectoryPage:
    qtbot.keyClick(window.start_page, Qt.Key.Key_D)
    page = window.directory_page
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.matcher is not None, timeout=10_000)
    return page


def _cover(qtbot: QtBot, page: DirectoryPage, postcode: str) -> None:
    page.postcode.clear()
    page.postcode.setFocus()
    qtbot.keyClicks(page.postcode, postcode)
    qtbot.keyClick(page.postcode, Qt.Key.Key_Return)


def _wait_result(qtbot: QtBot, page: DirectoryPage, postcode: str) -> None:
    _cover(qtbot, page, postcode)
    qtbot.waitUntil(lambda: page.cover_result is not None, timeout=10_000)


def test_a_postcode_lists_the_services_that_cover_it_and_how_sure(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window)
    everything = page.visible_names()
    _wait_result(qtbot, page, "me14 1aa")
    assert page.visible_names() == [
        "Protection Against Stalking\nCovers Kent",
        "Paladin National Stalking Advocacy Service\nCovers England and Wales",
        "National Stalking Helpline\nCovers United Kingdom",
    ]
    assert page.count.text().startswith("3 services for Maidstone, Kent: 3 shown")
    assert "Covers Kent" in page.details.toPlainText()  # the reason above the details

    # Medway is in ceremonial Kent but has its own council: said, never implied
    _wait_result(qtbot, page, "ME4 4TR")
    assert page.visible_names()[0] == (
        "Protection Against Stalking\nLikely covers Kent — check with the service"
    )
    assert "check with the service" in page.details.toPlainText()

    # a district split between councils: "possibly", and what to do about it
    _wait_result(qtbot, page, "TN3")
    names = page.visible_names()
    assert "Veritas Justice\nPossibly covers Sussex — enter the full postcode to be sure" in names
    assert page.cover_notice.isVisible() and "split between councils" in page.cover_notice.text()

    # the name search narrows the services that cover it
    page.search.setText("veritas")
    assert page.visible_names() == [n for n in names if n.startswith("Veritas")]
    page.search.setText("")

    # clearing the postcode lists every service again
    page.postcode.clear()
    assert page.cover_result is None and page.visible_names() == everything
    assert not page.cover_notice.isVisible()


def test_a_wrong_or_unknown_postcode_is_said_in_words(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    everything = page.visible_names()
    _cover(qtbot, page, "XX1 1AA")
    assert page.cover_error.isVisible()
    assert (
        page.cover_error.text() == '"XX1 1AA" is not a UK postcode (expected e.g. ME14 1AA or ME14)'
    )
    assert ANNOUNCED[-1] == page.cover_error.text()
    assert page.postcode.property("invalid") is True
    assert page.visible_names() == everything  # nothing listed as if it were an answer
    qtbot.keyClicks(page.postcode, "x")  # typing again clears the error
    assert not page.cover_error.isVisible()

    _wait_result(qtbot, page, "ME99 9ZZ")
    assert page.cover_notice.text() == (
        "ME99 9ZZ is not in the postcode data — check it. Only national services are shown."
    )
    assert all("Covers" in name or "helpline" in name for name in page.visible_names())

    window.clear()  # the postcode is not kept past Clear
    assert page.postcode.text() == "" and page.cover_result is None


def test_export_and_template_write_where_the_manager_chooses(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = _page(qtbot, window)
    asked: list[tuple[str, str, str]] = []
    answer = {"path": str(tmp_path / "directory"), "filter": "JSON (*.json)"}

    def choose(caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append((caption, start, filters))
        return answer["path"], answer["filter"]

    page.choose_save_path = choose
    qtbot.keyClick(page, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.file_status.isVisible(), timeout=5000)
    written = tmp_path / "directory.json"  # the chosen kind's extension added
    data = json.loads(written.read_text("utf-8"))
    assert [s["id"] for s in data["services"]] == [s.id for s in window.directory.services]
    assert asked[0][2] == "JSON (*.json);;CSV for Excel (*.csv)"
    assert page.file_status.text() == (
        f"Exported {len(window.directory.services)} services to {written}."
    )

    answer.update(path=str(tmp_path / "for-excel.csv"), filter="CSV for Excel (*.csv)")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    text = (tmp_path / "for-excel.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [s.id for s in window.directory.services]
    assert validate_file(tmp_path / "for-excel.csv").ok  # what it writes imports again

    answer.update(path=str(tmp_path / "template"))
    qtbot.keyClick(page, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil((tmp_path / "template.csv").exists, timeout=5000)  # an animated click
    template = (tmp_path / "template.csv").read_text("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(template)))) == len(rows) + 1  # the example row
    assert "delete the example row" in page.file_status.text()

    # cancelled: nothing written, nothing said
    before = sorted(p.name for p in tmp_path.iterdir())
    page.file_status.setText("")
    answer.update(path="")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert page.file_status.text() == ""

    # a folder that is not there: said in words, and no part file left behind
    answer.update(path=str(tmp_path / "gone" / "x.json"))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.file_status.text().startswith(f"Could not write {tmp_path / 'gone' / 'x.json'}")
    assert "Nothing was written" in page.file_status.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_directory_screenshot_with_a_postcode_search(
    qtbot: QtBot, window: MainWindow, shots: Path
) -> None:
    page = _page(qtbot, window)
    _wait_result(qtbot, page, "ME4 4TR")
    page.list.setFocus()
    QApplication.processEvents()
    assert window.grab().save(str(shots / "directory-postcode.png"))
