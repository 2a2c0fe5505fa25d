"""Coverage gaps: the command's JSON and CSV, and the same table in the app."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pack_helpers import cli
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from spotter.coverage import coverage_by_authority, gap_counts
from spotter.directory import load_bundled_directory
from spotter.geography import default_gazetteer
from ui.coverage_dialog import CoverageDialog
from ui.main_window import MainWindow


def test_every_uk_authority_is_listed_with_exact_likely_or_none() -> None:
    rows = coverage_by_authority(load_bundled_directory(), default_gazetteer())
    by_name = {r.area.display_name: r for r in rows}
    assert len(rows) == len({r.area.lad_code for r in rows}) > 350
    # Kent's service covers Maidstone by an ONS area: exact.
    assert by_name["Maidstone"].status == "covered"
    assert "protection-against-stalking" in {s.id for s in by_name["Maidstone"].exact}
    # "Sussex" is an alias Spotter maps to councils: likely, never exact.
    assert by_name["Brighton and Hove"].status == "likely"
    # Nation-wide and national services do not hide a gap.
    assert by_name["City of Edinburgh"].status == "none"
    scotland = next(g for g in gap_counts(rows) if g.nation == "Scotland")
    assert scotland.without_local_service == scotland.authorities


def test_coverage_gaps_json_and_csv_agree(tmp_path: Path) -> None:
    status, out, err = cli("coverage", "gaps", "--json", "--data-dir", str(tmp_path))
    assert status == 0, err
    data = json.loads(out)
    assert set(data) == {"authorities", "summary"}
    first = data["authorities"][0]
    assert set(first) == {
        "lad_code", "lad_name", "county", "region", "nation", "icb", "status", "exact", "likely",
    }  # fmt: skip
    status, text, _ = cli("coverage", "gaps", "--csv", "--data-dir", str(tmp_path))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(data["authorities"])
    none = sum(r["status"] == "none" for r in rows)
    assert none == sum(g["without_local_service"] for g in data["summary"])
    status, text, _ = cli("coverage", "gaps", "--data-dir", str(tmp_path))
    assert "with no local specialist service" in text and str(none) in text.splitlines()[0]


def test_directory_coverage_table(qtbot: QtBot, window: MainWindow, shots: Path) -> None:
    window.show_page(window.directory_page)
    qtbot.mouseClick(window.directory_page.coverage_button, Qt.MouseButton.LeftButton)
    dialogs = window.findChildren(CoverageDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.table.rowCount() > 350
    assert dialog.status_of("Maidstone") == "Yes"
    assert dialog.status_of("Brighton and Hove") == "Likely (check)"
    assert dialog.status_of("City of Edinburgh") == "No local service"
    assert dialog.summary.rowCount() == 12  # nine English regions and three nations
    dialog.resize(1000, 700)
    QApplication.processEvents()
    assert dialog.grab().save(str(shots / "coverage.png"))
    dialog.accept()
