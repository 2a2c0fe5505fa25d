"""The import dialog driven with pytest-qt: errors, preview, confirm, rollback; screenshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from import_samples import row, write_csv
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from spotter.directory import directory_to_json
from spotter.importing.preview import Outcome
from spotter.store.database import open_store
from ui.import_dialog import ImportDialog


def _directory(db: Path) -> dict[str, object]:
    with open_store(db) as store:
        return directory_to_json(store.load_directory())


def _check(qtbot: QtBot, dialog: ImportDialog, path: Path) -> None:
    dialog.path_edit.setText(path.name)  # relative to the working folder: tidy screenshots
    qtbot.mouseClick(dialog.check_button, _left())
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)


def _left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


def _shot(shots: Path, dialog: ImportDialog, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # the layout of what was just shown
    assert dialog.grab().save(str(shots / name))


def test_dialog_shows_errors_previews_imports_and_rolls_back(
    qtbot: QtBot, styled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "spotter.sqlite3"
    open_store(db).close()
    original = _directory(db)
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()

    bad = write_csv(
        tmp_path / "kent-services.csv",
        [
            row(id="kent-advocacy", areas="Westt Sussex"),
            row(id="kent-helpline", phones="0300 636 0300"),
            row(id="kent-advocacy", email="not-an-email"),
        ],
    )
    _check(qtbot, dialog, bad)
    assert dialog.plan is not None and not dialog.plan.ok
    assert "4 problems" in dialog.summary.text()  # line 4: duplicate id and email
    text = "\n".join(dialog.details.problem_lines())
    assert "line 2, areas" in text and "did you mean" in text and "line 3, phones" in text
    assert text.startswith("Error: ")
    assert not dialog.details.table.isVisible()  # nothing to import: the problems alone
    assert not dialog.import_button.isEnabled()
    _shot(shots, dialog, "import-errors.png")

    good = write_csv(
        tmp_path / "icb-update.csv",
        [
            row(
                id="veritas-justice",
                organisation_id="veritas-justice",
                organisation="Veritas Justice",
                name="Veritas Justice",
                areas="Sussex",
                phones="01273 234773",
                assured_date="2025-10-01",
            ),
            row(id="kent-advocacy", name="Kent Stalking Advocacy", areas="Kent; Medway"),
        ],
    )
    dialog.replace_radio.setChecked(True)
    _check(qtbot, dialog, good)
    assert dialog.plan is not None and dialog.plan.ok
    assert "1 added, 1 changed" in dialog.summary.text()
    view = dialog.details
    # replace removes services: listed first, in words as well as colour, and said above
    rows = view.visible_rows()
    assert rows[0][0] == "Removed" and view.removing.isVisible()
    assert "Replace removes" in view.removing.text()
    view.set_outcome(Outcome.CHANGED)
    assert view.visible_rows() == [("Changed (5 fields)", "Veritas Justice")]
    changed = view.item_for("veritas-justice")
    assert changed is not None
    fields = {changed.child(i).text(1): changed.child(i).text(2) for i in range(5)}  # type: ignore[union-attr]
    assert "→" in fields["assured_date"]
    view.set_outcome(None)  # the rows are built again for each filter
    changed = view.item_for("veritas-justice")
    assert changed is not None
    view.table.setFocus()
    view.table.setCurrentItem(changed)
    qtbot.keyClick(view.table, Qt.Key.Key_Right)  # the keyboard opens a change to its fields
    assert changed.isExpanded()
    view.table.scrollToItem(changed.child(4))  # type: ignore[arg-type]
    assert dialog.import_button.isEnabled()
    _shot(shots, dialog, "import-preview.png")

    qtbot.mouseClick(dialog.import_button, _left())
    qtbot.waitUntil(lambda: dialog.last_record is not None and not dialog.busy, timeout=20_000)
    assert "Imported icb-update.csv" in dialog.summary.text()
    with open_store(db) as store:
        ids = {s.id for s in store.load_directory().services}
    assert "kent-advocacy" in ids and "paladin-advocacy" not in ids
    _shot(shots, dialog, "import-done.png")

    dialog.confirm_rollback = lambda: True
    dialog.last_record = None
    qtbot.mouseClick(dialog.rollback_button, _left())
    qtbot.waitUntil(lambda: dialog.last_record is not None and not dialog.busy, timeout=20_000)
    assert "Rolled back" in dialog.summary.text()
    assert _directory(db) == original


def test_the_dialog_cannot_be_closed_while_it_is_working(qtbot: QtBot, tmp_path: Path) -> None:
    from import_samples import large_rows

    db = tmp_path / "spotter.sqlite3"
    open_store(db).close()
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    big = write_csv(tmp_path / "big.csv", large_rows(3000))
    dialog.path_edit.setText(str(big))
    qtbot.mouseClick(dialog.check_button, _left())
    assert dialog.busy
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.mouseClick(dialog.close_button, _left())
    assert dialog.isVisible()
    assert "Please wait" in dialog.summary.text()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    qtbot.mouseClick(dialog.close_button, _left())
    assert not dialog.isVisible()


def _council_feed(folder: Path) -> Path:
    """A council's whole feed as published (ORUK 3 paged list): mostly services a referral
    never needs, no service_areas, bare web addresses, keys Spotter does not keep."""

    def service(id: str, name: str, description: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": id,
            "name": name,
            "description": f"<p>{description}</p>",
            "url": f"www.example.org/{id}",
            "organization": {"id": "example-council", "name": "Example Borough Council"},
            "phones": [{"id": f"{id}-phone", "number": "020 7946 0" + str(100 + len(id))}],
            "pc_category": "community",
            "funding": [{"source": "council"}],
            **extra,
        }

    abuse = [{"taxonomy_term": {"name": "Domestic abuse"}}]
    records = [
        service("youth-club", "Riverside Youth Club", "Games and sport on Friday nights"),
        service("library-home", "Home Library Service", "Books delivered to your door"),
        service("stalking-advocacy", "Stalking Advocacy Service", "Help for people stalked"),
        service("da-outreach", "Outreach Team", "Support at home", service_taxonomys=abuse),
        service(
            "idva", "Independent Advocates", "Advocates for people at risk", service_taxonomys=abuse
        ),
        service("victim-care", "Victim Care Unit", "Victim support after any crime"),
        service("harassment-line", "Harassment Advice Line", "Advice on harassment"),
        service("leisure", "Leisure Centre", "Swimming and gym"),
        service("adult-learning", "Adult Learning", "Evening classes"),
        service("carers", "Carers' Café", "A weekly café for carers"),
        service("parks", "Parks Volunteers", "Help look after the parks"),
    ]
    path = folder / "council-feed.json"
    feed = {"total_items": len(records), "total_pages": 1, "page_number": 1, "contents": records}
    path.write_text(json.dumps(feed), encoding="utf-8")
    return path


def test_a_council_feed_is_selected_covered_and_summarised(
    qtbot: QtBot, styled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "spotter.sqlite3"
    open_store(db).close()
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    feed = _council_feed(tmp_path)

    qtbot.mouseClick(dialog.select_box, _left())
    assert dialog.select_terms.isEnabled()
    dialog.area_edit.setText("Medway")
    _check(qtbot, dialog, feed)
    plan = dialog.plan
    assert plan is not None and plan.ok, plan.report.render()
    assert "5 added" in dialog.summary.text() and "6 not selected" in dialog.summary.text()
    about = dialog.details.about.text()
    assert "read as: " in about
    assert "selected 5 of 11, because: 2 by taxonomy term 'Domestic abuse'" in about
    assert "not kept: " in about and "funding" in about
    view = dialog.details
    view.set_outcome(Outcome.NOT_SELECTED)
    assert ("Not selected", "Riverside Youth Club") in view.visible_rows()
    assert len(view.visible_rows()) == 6
    view.text_filter.setText("advoca")
    assert [name for _what, name in view.visible_rows()] == []
    view.set_outcome(None)
    assert view.visible_rows() == [
        ("Added", "Stalking Advocacy Service"),
        ("Added", "Independent Advocates"),
        ("Unchanged", "Paladin National Stalking Advocacy Service"),
    ]
    view.text_filter.clear()
    # repeated problems are one line with their count, each place under it
    lines = view.problem_lines()
    summarised = [line for line in lines if line.startswith("Warning: web address")]
    assert summarised and summarised[0].endswith("[5×]")
    view.set_outcome(Outcome.ADDED)
    _shot(shots, dialog, "import-preview-selection.png")

    view.set_outcome(None)
    web = next(
        view.problems.topLevelItem(i)
        for i in range(view.problems.topLevelItemCount())
        if view.problems.topLevelItem(i).text(0).startswith("Warning: web address")  # type: ignore[union-attr]
    )
    assert web is not None
    web.setExpanded(True)
    view.problems.setCurrentItem(web)
    assert view.problem_full.text().startswith("Warning: web address without https://")
    assert "5 times (first: contents[2].url: " in view.problem_full.text()
    qtbot.keyClick(view.tabs, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentIndex() == 1
    _shot(shots, dialog, "import-report-summarised.png")
