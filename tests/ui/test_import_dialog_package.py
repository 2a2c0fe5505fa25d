"""The import dialog reads an HSDS tabular package: a .zip from Browse, or a folder."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from spotter.store.database import open_store
from ui.import_dialog import ImportDialog

HSDS3 = Path(__file__).parents[1] / "data" / "openreferral" / "hsds3-tabular"
SENTENCE = b"The service is available to all residents of the MyCity area. We provide"


def _package(tmp_path: Path) -> Path:
    """The real HSDS 3 package with its area (a sentence) given as a place."""
    folder = tmp_path / "hsds-tables"
    shutil.copytree(HSDS3, folder)
    areas = folder / "service_areas.csv"
    head, _, rest = areas.read_bytes().partition(SENTENCE)
    _, _, tail = rest.partition(b",")
    areas.write_bytes(head + b"Bedford," + tail)
    return folder


def test_the_folder_button_checks_a_package_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # the folder is shown by its name: a tidy screenshot
    db = tmp_path / "spotter.sqlite3"
    open_store(db).close()
    folder = _package(tmp_path)
    asked: list[str] = []

    def choose(*args: object) -> str:
        asked.append(str(args[1]))
        return folder.name

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    button = dialog.findChild(QPushButton, "folderButton")
    assert button is not None and button.text() == "Fol&der…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)
    assert asked == ["Choose the folder of HSDS tables"]
    plan = dialog.plan
    assert plan is not None and plan.ok, plan.report.render()
    assert plan.file.shape == "HSDS tabular package (HSDS 3 columns)"
    assert any("Community Counselling" in name for _, name in dialog.details.visible_rows())
    assert dialog.import_button.isEnabled()
    assert dialog.grab().save(str(shots / "import-hsds-package.png"))


def test_browse_offers_zip_files_and_a_zip_is_checked(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "spotter.sqlite3"
    open_store(db).close()
    target = tmp_path / "hsds.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(_package(tmp_path).iterdir()):
            archive.write(file, file.name)
    filters: list[str] = []

    def choose(*args: object) -> tuple[str, str]:
        filters.append(str(args[3]))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog._browse()
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)
    assert "*.zip" in filters[0]
    assert dialog.plan is not None and dialog.plan.ok, dialog.plan.report.render()
