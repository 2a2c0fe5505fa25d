"""Activity counts in the app: off by default, counted at the hooks when on, shown as charts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot
from ui_steps import HIGH_CONCERN_EX_PARTNER_CHILDREN, focused, press, start_route

from spotter.directory import load_bundled_directory
from spotter.stats.counts import all_counts
from spotter.store.database import Store
from spotter.store.settings import Settings
from ui.activity_dialog import ActivityDialog
from ui.app import open_letter_for
from ui.main_window import MainWindow


def _screen_and_search(qtbot: QtBot, window: MainWindow, postcode: str) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    qtbot.keyClicks(window.services_page.postcode, postcode)
    qtbot.keyClick(window.services_page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)


def test_nothing_is_counted_unless_turned_on(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    assert not window.settings.activity_counts
    _screen_and_search(qtbot, window, "ME14 1AA")
    assert all_counts(store) == []


def test_when_on_the_screening_services_and_letter_are_counted(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    window = make_window(settings=Settings(values={"activity_counts": "on"}))
    _screen_and_search(qtbot, window, "ME14 1AA")
    service = window.services_page.cards[0].service
    dialog = open_letter_for(window, service, window.outcome, window.settings)
    dialog.produced.emit()  # printed or saved
    dialog.discard()
    rows = {(k, v): c for _m, k, v, c in all_counts(store)}
    assert rows[("screenings", "all")] == 1
    assert rows[("route", "patient")] == 1
    assert rows[("outcome", "high_concern")] == 1
    assert rows[("flag", "safeguarding_children")] == 1
    assert rows[("services_shown", "local")] == 1
    assert rows[("letter", service.id)] == 1
    assert {m for m, _k, _v, _c in all_counts(store)} == {"2026-03"}  # the month, no finer
    # Nothing typed reaches the database file.
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"ME14 1AA" not in store.path.read_bytes()


def test_the_settings_switch_and_the_activity_charts(
    qtbot: QtBot, window: MainWindow, store: Store, shots: Path
) -> None:
    window.show_settings()
    switch = window.settings_page.fields["activity_counts"]
    assert isinstance(switch, QCheckBox) and not switch.isChecked()
    switch.setChecked(True)
    ods = window.settings_page.fields["practice_ods_code"]
    assert isinstance(ods, QLineEdit)
    ods.setText("G81012")
    assert window.settings_page.save()
    assert window.settings.activity_counts and store.get_setting("activity_counts") == "on"
    window.show_start()
    _screen_and_search(qtbot, window, "ME14 1AA")
    directory = load_bundled_directory()
    for _ in range(6):
        window.letter_produced(directory.get("protection-against-stalking"))  # type: ignore[arg-type]
    # Five earlier months, so the charts (and the screenshot in the ICB guide) have a shape.
    from spotter.stats.counts import record

    for i, month in enumerate(("2025-10", "2025-11", "2025-12", "2026-01", "2026-02")):
        for n in range(8 + 3 * i):
            level = ("no_indication", "stalking_indicated", "high_concern")[n % 3]
            record(store, month, [("screenings", "all"), ("outcome", level)])
        for _ in range(2 + i):
            record(store, month, [("letter", "protection-against-stalking")])
    window.show_page(window.directory_page)
    qtbot.mouseClick(window.directory_page.activity_button, Qt.MouseButton.LeftButton)
    dialogs = window.findChildren(ActivityDialog)
    assert len(dialogs) == 1 and dialogs[0].pages >= 1
    assert "ON" in dialogs[0].state.text()
    dialogs[0].resize(900, 720)
    qtbot.wait(200)  # the PDF view paints its page
    QApplication.processEvents()
    assert dialogs[0].grab().save(str(shots / "activity.png"))
    page = dialogs[0].memory_pdf.document.render(0, QSize(893, 1263))  # A4 at 108 dpi
    images = shots.parent / "images"  # docs/images with --update-screenshots
    images.mkdir(exist_ok=True)
    assert page.save(str(images / "activity-report-1.png"))
    dialogs[0].accept()
    qtbot.waitUntil(lambda: not window.findChildren(ActivityDialog))  # deleted on close
