"""The import preview's rows (every outcome, filtered), its grouped problems, and the exports
the Directory screen writes (the same bytes as `services export`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from import_samples import row, write_csv

from spotter.cli import run
from spotter.importing import plan_import
from spotter.importing.export import ExportKind, export_bytes, export_directory, kind_for
from spotter.importing.preview import Outcome, preview
from spotter.importing.report import ValidationReport
from spotter.store.database import Store, open_store

TODAY = date(2026, 6, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "spotter.sqlite3")
    yield s
    s.close()


def _feed(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / "council.json"
    path.write_text(json.dumps({"total_items": len(records), "contents": records}), "utf-8")
    return path


def _service(id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": id,
        "name": name,
        "description": extra.pop("description", "A service"),
        "organization": {"id": "council", "name": "Medway Council"},
        "phones": [{"id": "p", "number": "020 7946 0018"}],
        **extra,
    }


def test_a_selected_council_feed_lists_added_and_not_selected_with_reasons(
    store: Store, tmp_path: Path
) -> None:
    path = _feed(
        tmp_path,
        [
            _service("youth", "Youth Club"),
            _service(
                "da", "Outreach", service_taxonomys=[{"taxonomy_term": {"name": "Domestic abuse"}}]
            ),
            _service("stalk", "Stalking Advocacy"),
        ],
    )
    plan = plan_import(store, path, today=TODAY, select=[], area="Medway")
    assert plan.ok, plan.report.render()
    shown = preview(plan)
    added = shown.shown(Outcome.ADDED)
    assert [(r.id, r.note) for r in added] == [
        ("da", "taxonomy term 'Domestic abuse'"),
        ("stalk", "name mentions 'stalking'"),
    ]
    assert [(r.id, r.name) for r in shown.shown(Outcome.NOT_SELECTED)] == [("youth", "Youth Club")]
    assert any(line.startswith("selected ") for line in shown.about)
    assert any(line.startswith("read as: ") for line in shown.about)
    # unchanged: the bundled directory's services are kept by a merge
    assert shown.count(Outcome.UNCHANGED) > 10
    assert not shown.removes
    # the text filter finds names, ids and notes, whatever the case
    assert [r.id for r in shown.shown(None, "YOUTH")] == ["youth"]
    assert [r.id for r in shown.shown(Outcome.ADDED, "youth")] == []


def test_replace_lists_removals_first_and_changes_field_by_field(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "icb.csv",
        [
            row(id="kent-advocacy", name="Kent Stalking Advocacy", areas="Kent; Medway"),
            row(
                id="veritas-justice",
                organisation_id="veritas-justice",
                organisation="Veritas Justice",
                name="Veritas Justice",
                areas="Sussex; Kent",
            ),
        ],
    )
    plan = plan_import(store, path, "replace", today=TODAY)
    assert plan.ok, plan.report.render()
    shown = preview(plan)
    assert shown.removes
    assert shown.rows[0].outcome is Outcome.REMOVED
    assert "removed" in shown.rows[0].note
    changed = shown.shown(Outcome.CHANGED)
    assert [r.id for r in changed] == ["veritas-justice"]
    assert [r.id for r in shown.shown(Outcome.ADDED)] == ["kent-advocacy"]
    assert {c.field for c in changed[0].changes} >= {"areas"}
    # the always-kept helpline is listed once, as unchanged, and says why
    helpline = [r for r in shown.rows if r.note == "not in the file; always kept"]
    assert len(helpline) >= 1
    assert len({r.id for r in shown.rows}) == len(shown.rows)
    assert shown.count(Outcome.REMOVED) == len(plan.diff.removed)


def test_problems_are_grouped_by_kind_with_their_count() -> None:
    report = ValidationReport("feed.json")
    for i in range(5):
        report.warning("phones", f"leading 0 restored on {i}", line=i + 2, kind="leading 0")
    report.error("email", "not an email", line=9)
    groups = report.groups()
    assert [(g.severity, g.what, g.count, g.summarised) for g in groups] == [
        ("error", "not an email", 1, False),
        ("warning", "leading 0", 5, True),
    ]
    assert "leading 0: 5 times" in report.render()


def test_the_exports_write_what_services_export_writes(store: Store, tmp_path: Path) -> None:
    directory = store.load_directory()
    target = tmp_path / "out.json"
    count = export_directory(directory, target, ExportKind.JSON)
    assert count == len(directory.services)
    cli = tmp_path / "cli.json"
    assert run(["services", "export", str(cli)], out=io.StringIO()) == 0
    assert cli.read_bytes() == target.read_bytes()
    assert kind_for(Path("x.CSV")) is ExportKind.CSV and kind_for(target) is ExportKind.JSON
    text = export_bytes(directory, ExportKind.CSV).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [s.id for s in directory.services]
    template = export_bytes(directory, ExportKind.TEMPLATE).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(template)))) == len(rows) + 1  # the example
    # nothing is left behind when the folder cannot be written
    with pytest.raises(OSError):
        export_directory(directory, tmp_path / "missing" / "x.json", ExportKind.JSON)
    assert not list((tmp_path).glob("*.part"))
