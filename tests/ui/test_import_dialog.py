"""The import dialog driven with pytest-qt: errors, preview, confirm, rollback; screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_samples import row, write_csv
from pytestqt.qtbot import QtBot

from spotter.directory import directory_to_json
from spotter.store.database import open_store
from ui.import_dialog import ImportDialog


def _directory(db: Path) -> dict[str, object]:
    with open_store(db) as store:
        return directory_to_json(store.load_directory())


def _check(qtbot: QtBot, dialog: ImportDialog, path: Path) -> None:
    dialog.path_edit.setText(path.name)  # relative to the working folder: tidy screenshots
    qtbot.mouseClick(dialog.check_button, _left())
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _shot(shots: Path, dialog: ImportDialog, name: str) -> None:
    assert dialog.grab().save(str(shots / name))


def test_dialog_shows_errors_previews_imports_and_rolls_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: Path
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
    text = dialog.details.toPlainText()
    assert "line 2, areas" in text and "did you mean" in text and "line 3, phones" in text
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
    assert "assured_date" in dialog.details.toPlainText()
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
    from PySide6.QtCore import Qt

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
