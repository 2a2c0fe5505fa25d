"""Activity counts: only counts from closed lists can be stored; exports hide small numbers;
merging and the PDF report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pack_helpers import cli
from pypdf import PdfReader

from spotter.directory import load_bundled_directory
from spotter.screening import Route, evaluate, load_bundled
from spotter.stats import counts
from spotter.stats.counts import CountError, check, record
from spotter.stats.exchange import Cell, ExchangeError, from_store_rows, merge, read_counts
from spotter.store.database import Store, open_store

DAY = date(2026, 3, 3)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "s.sqlite3")


def test_the_table_holds_month_measure_value_and_count_only(store: Store) -> None:
    columns = {c.name for c in store.db.table("activity_counts").columns}
    assert columns == {"month", "measure", "value", "count"}


def test_only_permitted_counts_can_be_stored(store: Store) -> None:
    for month, measure, value in [
        ("2026-03-03", counts.ROUTE, "patient"),  # a day is finer than a month
        ("2026-13", counts.ROUTE, "patient"),
        ("2026-03", "postcode", "ME14 1AA"),
        ("2026-03", counts.ROUTE, "Jane Smith"),
        ("2026-03", counts.OUTCOME, "she said he follows her"),
        ("2026-03", counts.SHOWN, "ME14"),
        ("2026-03", counts.LETTER, "ME14 1AA"),
        ("2026-03", counts.LETTER, "no-such-service"),
    ]:
        with pytest.raises(CountError):
            record(store, month, [(measure, value)], frozenset({"veritas-justice"}))
    with pytest.raises(CountError):  # all or nothing: one bad item stores none
        record(store, "2026-03", [(counts.ROUTE, "patient"), (counts.FLAG, "free text")])
    assert counts.all_counts(store) == []


@settings(max_examples=300, deadline=None)
@given(measure=st.text(max_size=20), value=st.text(max_size=40), month=st.text(max_size=10))
def test_any_other_text_is_refused(measure: str, value: str, month: str) -> None:
    allowed = {
        counts.SCREENINGS: {"all"},
        counts.ROUTE: {"patient", "staff"},
        counts.OUTCOME: {"no_indication", "stalking_indicated", "high_concern", "immediate_danger"},
        counts.FLAG: {*counts.FLAGS, counts.OTHER_FLAG},
        counts.SHOWN: {"local", "nation", "national"},
    }
    ids = frozenset(s.id for s in load_bundled_directory().services)
    try:
        check(month, measure, value, ids)
    except CountError:
        return
    assert len(month) == 7 and month[4] == "-" and month[:4].isdigit()
    assert value in (ids if measure == counts.LETTER else allowed[measure])


def test_a_screening_services_and_a_letter_are_counted(store: Store) -> None:
    content = load_bundled()
    outcome = evaluate(content, {p.id: "yes" for p in content.prompts[:1]}, Route.PATIENT)
    counts.record_screening(store, DAY, Route.PATIENT, outcome)
    counts.record_services_shown(store, DAY, ["local", "national", "national"])
    counts.record_letter(store, DAY, "veritas-justice", load_bundled_directory())
    rows = counts.all_counts(store)
    assert ("2026-03", "screenings", "all", 1) in rows
    assert ("2026-03", "route", "patient", 1) in rows
    assert ("2026-03", "outcome", outcome.level.value, 1) in rows
    assert ("2026-03", "services_shown", "national", 1) in rows
    assert ("2026-03", "letter", "veritas-justice", 1) in rows


def _practice(store: Store, ods: str, screenings: int, letters: int) -> Path:
    for _ in range(screenings):
        record(store, "2026-03", [(counts.SCREENINGS, "all"), (counts.ROUTE, "patient")])
    for _ in range(letters):
        record(store, "2026-03", [(counts.LETTER, "veritas-justice")])
    target = store.path.parent / f"{ods}.json"
    target.write_text(from_store_rows(ods, counts.all_counts(store)).to_json_text())
    return target


def test_exports_hide_small_numbers_and_merging_hides_them_again(tmp_path: Path) -> None:
    with (
        open_store(tmp_path / "a" / "s.sqlite3") as a,
        open_store(tmp_path / "b" / "s.sqlite3") as b,
    ):
        first = _practice(a, "G81012", screenings=7, letters=3)
        second = _practice(b, "G81013", screenings=2, letters=1)
    data = json.loads(first.read_text())
    cells = {(c["measure"], c["value"]): c["count"] for c in data["counts"]}
    assert cells[("screenings", "all")] == "7" and cells[("letter", "veritas-justice")] == "<5"
    assert data["practices"] == ["G81012"] and data["suppressed_below"] == 5
    merged = merge([read_counts(first), read_counts(second)])
    texts = {
        (k, v): c for (_m, k, v), c in ((key, cell.text()) for key, cell in merged.cells.items())
    }
    assert texts[("screenings", "all")] == "8-11"  # 7 and a hidden 1-4
    assert texts[("letter", "veritas-justice")] == "<=8"  # two hidden cells
    assert Cell.parse("<5") + Cell.parse("<5") == Cell(2, 8)
    out = tmp_path / "icb.csv"
    status, _o, err = cli("stats", "merge", str(first), str(second), "--out", str(out))
    assert status == 0, err
    assert out.read_text().splitlines()[0] == "practices,month,measure,value,count"
    assert read_counts(out).practices == ("G81012", "G81013")
    status, _o, err = cli("stats", "merge", str(first), str(first), "--out", str(out))
    assert status == 2 and "G81012 appears in two" in err


def test_malformed_exports_are_refused_with_the_line(tmp_path: Path) -> None:
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text(
        "practices,month,measure,value,count\r\nG1,2026-03,route,patient,12\r\n"
        "G1,2026-03,route,staff,3\r\n"
    )
    with pytest.raises(ExchangeError, match=r"bad\.csv: line 3: 3 is below 5"):
        read_counts(bad_csv)
    bad_csv.write_text("practices,month,measure,value,count\r\nG1,2026-03,postcode,ME14 1AA,9\r\n")
    with pytest.raises(ExchangeError, match=r"line 2: measure: 'postcode' is not counted"):
        read_counts(bad_csv)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text(
        json.dumps(
            {
                "format": "spotter-activity/1",
                "practices": ["G1"],
                "counts": [
                    {"month": "2026-03", "measure": "route", "value": "patient", "count": "9"},
                    {"month": "2026-03-01", "measure": "route", "value": "staff", "count": "9"},
                ],
            }
        )
    )
    with pytest.raises(ExchangeError, match=r"counts\[1\]: month"):
        read_counts(bad_json)
    status, _o, err = cli("stats", "merge", str(bad_json), "--out", str(tmp_path / "o.json"))
    assert status == 2 and "counts[1]" in err and not (tmp_path / "o.json").exists()


def test_the_report_has_the_charts_and_hides_small_numbers(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "practice")]
    with open_store(tmp_path / "practice" / "spotter.sqlite3") as store:
        store.set_settings({"practice_ods_code": "G81012"})
        for month in ("2026-01", "2026-02", "2026-03"):
            for _ in range(6):
                record(store, month, [(counts.SCREENINGS, "all"), (counts.OUTCOME, "high_concern")])
            record(store, month, [(counts.LETTER, "veritas-justice")])
    status, _out, err = cli("stats", "export", str(tmp_path / "mine.csv"), *data)
    assert status == 0, err
    assert "<5" in (tmp_path / "mine.csv").read_text()
    status, _out, err = cli("stats", "report", "--out", str(tmp_path / "report.pdf"), *data)
    assert status == 0, err
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages)
    for words in (
        "Spotter activity report",
        "G81012",
        "Screenings and letters by month",
        "Outcome levels",
        "High concern",
        "Letters produced, by service",
        "Veritas Justice",
        "2026-01",
    ):
        assert words in text, words


def test_the_administrator_can_turn_counts_on_and_lock_them() -> None:
    import os

    from spotter.store.deployment import load_deployment
    from spotter.store.settings import Settings

    site = Path(os.environ["SPOTTER_SITE_CONFIG_DIR"])
    site.mkdir(parents=True, exist_ok=True)
    (site / "spotter.toml").write_text('[settings]\nactivity_counts = "ON"\n', encoding="utf-8")
    settings = load_deployment().apply_to(Settings())
    assert settings.activity_counts and settings.is_locked("activity_counts")
    (site / "spotter.toml").write_text('[settings]\nactivity_counts = "maybe"\n', encoding="utf-8")
    from spotter.store.deployment import DeploymentError

    with pytest.raises(DeploymentError, match="on or off"):
        load_deployment()
