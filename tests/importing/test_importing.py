"""Importing a services file: formats, every check, preview, apply, rollback and the CLI.

Real SQLite files in tmp_path; no mocks.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from import_samples import csv_text, large_rows, row, write_csv

from spotter.cli import run
from spotter.directory import HELPLINE_ID, directory_to_json, load_bundled_directory
from spotter.importing import (
    MAX_FILE_BYTES,
    ImportMode,
    ImportValidationError,
    NothingToRollBack,
    apply_import,
    history,
    plan_import,
    rollback,
    template_text,
    validate_file,
)
from spotter.store.database import Store, known_steps, open_store

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "spotter.sqlite3")
    yield s  # type: ignore[misc]
    s.close()


def snapshot(store: Store) -> dict[str, object]:
    return directory_to_json(store.load_directory())


def import_file(store: Store, path: Path, mode: str = "merge") -> None:
    plan = plan_import(store, path, mode)
    assert plan.ok, plan.report.render()
    apply_import(store, plan)


# --- formats ------------------------------------------------------------------------------


def test_export_then_import_is_an_exact_round_trip(store: Store, tmp_path: Path) -> None:
    directory = store.load_directory()
    smaller = replace(directory, services=directory.services[:5], version="test-1")
    store.replace_directory(smaller, source="test")
    exported = tmp_path / "export.json"
    code = run(
        ["services", "export", str(exported), "--data-dir", str(tmp_path)], out=io.StringIO()
    )
    assert code == 0
    before = snapshot(store)

    fresh = open_store(tmp_path / "other.sqlite3")
    plan = plan_import(fresh, exported, ImportMode.REPLACE)
    assert plan.ok and plan.report.problems == [], plan.report.render()
    apply_import(fresh, plan)
    assert directory_to_json(fresh.load_directory()) == before
    fresh.close()

    plan = plan_import(store, exported, "replace")
    assert plan.ok and not plan.diff.has_changes
    assert plan.diff.counts() == {"added": 0, "changed": 0, "removed": 0, "unchanged": 5}


def test_csv_template_round_trips_with_the_example_row_ignored_or_deleted(
    store: Store, tmp_path: Path
) -> None:
    template = tmp_path / "template.csv"
    assert run(["services", "export", "--template", str(template)], out=io.StringIO()) == 0
    raw = template.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw

    plan = plan_import(store, template, "replace")
    assert plan.ok, plan.report.render()
    assert [(p.line, p.field) for p in plan.report.warnings] == [(2, "id")]
    assert "example row: ignored" in plan.report.warnings[0].message
    assert not plan.diff.has_changes

    lines = raw.split(b"\r\n")
    edited = tmp_path / "edited.csv"
    edited.write_bytes(b"\r\n".join([lines[0], *lines[2:]]))
    plan = plan_import(store, edited, "replace")
    assert plan.ok, plan.report.render()
    assert not plan.diff.has_changes
    assert plan.diff.counts()["unchanged"] == len(load_bundled_directory().services)


def test_excel_csv_with_bom_and_crlf(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "excel.csv",
        [row(id="new-one", areas="West Sussex; Basildon", name="Women’s Aid Café")],
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    checked = validate_file(path)
    assert checked.ok and checked.report.problems == [], checked.report.render()
    assert checked.encoding == "utf-8-sig"
    assert checked.services[0].service.name == "Women’s Aid Café"


def test_windows_1252_is_decoded_with_a_warning(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cp1252.csv",
        [
            row(id="first", name="Plain Service"),
            row(id="womens-aid", name="Women’s Aid", description="Drop-in at the café"),
        ],
        encoding="cp1252",
    )
    assert b"\x92" in path.read_bytes()  # the curly apostrophe, as Excel writes it
    checked = validate_file(path)
    assert checked.ok, checked.report.render()
    assert checked.encoding == "cp1252"
    [warning] = checked.report.warnings
    assert "Windows-1252" in warning.message and "line 3" in warning.message
    service = checked.services[1].service
    assert service.name == "Women’s Aid" and service.description == "Drop-in at the café"


def test_bytes_that_are_neither_utf8_nor_1252_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_text([row()]).encode() + b"x,\x81\x8d,y\r\n")
    checked = validate_file(path)
    assert not checked.ok
    assert "neither UTF-8 nor Windows-1252" in checked.report.errors[0].message


def test_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    text = csv_text([row(id="tabbed")]).replace(",", "\t")
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    checked = validate_file(path)
    assert checked.ok, checked.report.render()


def test_oruk_json_as_it_comes(store: Store) -> None:
    plan = plan_import(store, DATA / "oruk-services.json", "merge")
    assert plan.ok, plan.report.render()
    warnings = " ".join(p.message for p in plan.report.warnings)
    assert "scope" in plan.report.render() and "source" in warnings
    result = plan.result
    assert result is not None
    new = result.by_id()["sample-county-stalking-clinic"]
    assert new.scope.value == "local"
    assert new.areas == ("E07000110", "Tunbridge Wells")
    assert [(p.type, p.number) for p in new.phones] == [
        ("voice", "020 7946 0018"),
        ("text", "020 7946 0019"),
    ]
    assert [(s.byday, s.opens_at, s.closes_at) for s in new.schedules] == [("MO", "10:00", "14:00")]
    assert new.status.value == "temporarily closed"
    assert new.source == "oruk-services.json (Open Referral UK file)"
    paladin = result.by_id()["paladin-advocacy"]
    assert paladin.scope.value == "national"  # kept, as the file gives none
    assert paladin.source == store.load_directory().by_id()["paladin-advocacy"].source
    assert paladin.schedules[0].opens_at == "09:00" and paladin.minimum_age == 16
    veritas = result.by_id()["veritas-justice"]
    assert veritas.phones[0].number == "01273 234773"
    changed = {c.id: {f.field for f in c.changes} for c in plan.diff.changed}
    assert "assured_date" in changed["paladin-advocacy"]
    assert plan.diff.counts()["added"] == 1 and plan.diff.counts()["removed"] == 0


def test_oruk_scope_is_derived_from_areas(tmp_path: Path) -> None:
    services = [
        {
            "id": f"s{i}",
            "name": f"S{i}",
            "organization": {"id": "o", "name": "O"},
            "service_areas": [{"name": area}],
            "phones": [{"number": "020 7946 0018"}],
        }
        for i, area in enumerate(["United Kingdom", "England and Wales", "Wales", "Basildon"])
    ]
    path = tmp_path / "oruk.json"
    path.write_text(json.dumps({"services": services}))
    checked = validate_file(path)
    assert checked.ok, checked.report.render()
    scopes = [c.service.scope.value for c in checked.services]
    assert scopes == ["national", "national", "nation", "local"]


# --- validation ---------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_with_line_and_field(tmp_path: Path) -> None:
    rows = [
        row(id="ok-1"),
        row(id="bad-area", areas="Kent; Westt Sussex"),
        row(id="bad-phone", phones="12345"),
        row(id="retired", phones="voice:0300 636 0300"),
        row(id="bad-email", email="not-an-email"),
        row(id="bad-url", url="ftp://example.org"),
        row(id="future", assured_date="2999-01-01"),
        row(id="bad-date", assured_date="31.13.2026"),
        row(id="bad-status", status="open"),
        row(id="ok-1", name="Duplicate"),
        row(id="", name=""),
        row(id="bad-scope", scope="county"),
        row(id="bad-ages", minimum_age="18", maximum_age="16"),
        row(id="bad-sched", schedules="Monday 9-5"),
        row(id="no-source", source=""),
    ]
    path = write_csv(tmp_path / "many.csv", rows)
    report = validate_file(path, today=date(2026, 6, 1)).report
    got = {(p.line, p.field) for p in report.errors}
    expected = {
        (3, "areas"),
        (4, "phones"),
        (5, "phones"),
        (6, "email"),
        (7, "url"),
        (8, "assured_date"),
        (9, "assured_date"),
        (10, "status"),
        (11, "id"),
        (12, "id"),
        (12, "name"),
        (13, "scope"),
        (14, "maximum_age"),
        (15, "schedules"),
        (16, "source"),
    }
    assert expected <= got, report.render()
    assert all(p.line is not None and p.field for p in report.errors)
    text = report.render()
    assert "line 3, areas" in text and "nothing was imported" in text


def test_unknown_area_suggests_a_known_one(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [row(areas="Westt Sussex")])
    [problem] = validate_file(path).report.errors
    assert problem.line == 2 and problem.field == "areas"
    assert "did you mean" in problem.message and "West Sussex" in problem.message


def test_ons_codes_are_accepted_as_areas(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [row(areas="E07000110; E10000016")])
    assert validate_file(path).ok


def test_retired_number_is_refused_in_json_with_its_path(tmp_path: Path) -> None:
    data = directory_to_json(load_bundled_directory())
    data["services"][1]["phones"][0]["number"] = "0300 636 0300"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data))
    [problem] = validate_file(path).report.errors
    assert problem.path == "services[1]" and problem.field == "phones[0].number"
    assert "retired" in problem.message


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "services": [\n    {"id": "x",,}\n  ]\n}\n')
    [problem] = validate_file(path).report.errors
    assert problem.line == 3 and "not valid JSON" in problem.message


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "empty"), (b"   \r\n\r\n", "empty"), (b"id,name\r\n", "missing required column")],
)
def test_empty_files_are_refused(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    report = validate_file(path).report
    assert not report.ok and needle in report.render()


def test_header_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(csv_text([]))
    assert "no services" in validate_file(path).report.render()


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    report = validate_file(path).report
    assert "largest Spotter accepts is 100 MB" in report.render()


def test_missing_file_is_a_report_not_an_exception(tmp_path: Path) -> None:
    report = validate_file(tmp_path / "nope.csv").report
    assert "there is no file" in report.render()


def test_short_codes_and_uk_numbers_pass_foreign_numbers_do_not(tmp_path: Path) -> None:
    rows = [
        row(id="a", phones="116 123; +44 20 7946 0018; text:07860 077333"),
        row(id="b", phones="+33 1 42 68 53 00"),
    ]
    report = validate_file(write_csv(tmp_path / "p.csv", rows)).report
    assert [(p.line, p.field) for p in report.errors] == [(3, "phones")]


# --- the helpline -------------------------------------------------------------------------


def test_replace_keeps_the_helpline_and_says_so(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "one.csv", [row(id="only-one")])
    plan = plan_import(store, path, "replace")
    assert plan.ok
    assert [s.id for s in plan.diff.kept] == [HELPLINE_ID]
    assert any(HELPLINE_ID in p.message for p in plan.report.warnings)
    apply_import(store, plan)
    ids = [s.id for s in store.load_directory().services]
    assert ids == [HELPLINE_ID, "only-one"]
    assert store.load_directory().by_id()[HELPLINE_ID].guaranteed


def test_the_helpline_cannot_be_switched_off(store: Store, tmp_path: Path) -> None:
    data = directory_to_json(store.load_directory())
    data["services"][0]["status"] = "defunct"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data))
    plan = plan_import(store, path, "replace")
    assert not plan.ok
    assert plan.report.errors[0].field == "status"


def test_a_file_cannot_make_another_service_guaranteed(tmp_path: Path) -> None:
    data = directory_to_json(load_bundled_directory())
    data["services"][1]["guaranteed"] = True
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data))
    checked = validate_file(path)
    assert checked.ok and not checked.services[1].service.guaranteed
    assert checked.report.warnings[0].field == "guaranteed"


# --- preview, apply, rollback, history ----------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [row(id="a"), row(id="b", areas="Basildon")])
    import_file(store, path)
    after_first = snapshot(store)
    plan = plan_import(store, path)
    assert not plan.diff.has_changes and plan.diff.counts()["added"] == 0
    record = apply_import(store, plan)
    assert record.snapshot_id is None and record.note == "no changes"
    assert snapshot(store) == after_first
    assert store.service_count() == len(load_bundled_directory().services) + 2


def test_merge_updates_by_id_and_keeps_the_rest(store: Store, tmp_path: Path) -> None:
    before = store.load_directory()
    path = write_csv(
        tmp_path / "m.csv",
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
            row(id="brand-new"),
        ],
    )
    plan = plan_import(store, path, "merge")
    assert plan.ok, plan.report.render()
    counts = plan.diff.counts()
    assert counts["added"] == 1 and counts["removed"] == 0 and counts["changed"] == 1
    [change] = plan.diff.changed
    fields = {f.field: (f.old, f.new) for f in change.changes}
    assert fields["assured_date"] == ("", "2025-10-01")
    apply_import(store, plan)
    after = store.load_directory()
    assert [s.id for s in after.services] == [s.id for s in before.services] + ["brand-new"]

    replace_plan = plan_import(store, path, "replace")
    assert replace_plan.diff.counts()["removed"] == len(before.services) - 2  # all but 2 kept
    assert {s.id for s in replace_plan.diff.kept} == {HELPLINE_ID}


def test_rollback_restores_exactly_and_history_records_it(store: Store, tmp_path: Path) -> None:
    original = snapshot(store)
    first = write_csv(tmp_path / "first.csv", [row(id="a")])
    second = write_csv(tmp_path / "second.csv", [row(id="b"), row(id="c")])
    import_file(store, first, "merge")
    after_first = snapshot(store)
    import_file(store, second, "replace")

    records = history(store)
    assert [r.file_name for r in records] == ["second.csv", "first.csv"]
    assert records[0].sha256 == hashlib.sha256(second.read_bytes()).hexdigest()
    assert (records[0].added, records[0].removed, records[0].unchanged) == (
        2,
        15,
        1,
    )  # the helpline is kept
    assert (records[1].added, records[1].changed, records[1].removed) == (1, 0, 0)

    undo = rollback(store)
    assert undo.action == "rollback" and undo.added == 15 and undo.removed == 2
    assert snapshot(store) == after_first
    rollback(store)
    assert snapshot(store) == original
    with pytest.raises(NothingToRollBack):
        rollback(store)
    assert [r.action for r in history(store)] == ["rollback", "rollback", "import", "import"]
    assert all(r.undone_by for r in history(store) if r.action == "import")


def test_an_invalid_plan_cannot_be_applied(store: Store, tmp_path: Path) -> None:
    before = snapshot(store)
    plan = plan_import(store, write_csv(tmp_path / "x.csv", [row(areas="Nowhere")]))
    with pytest.raises(ImportValidationError) as info:
        apply_import(store, plan)
    assert info.value.report.errors
    assert snapshot(store) == before and history(store) == []


def test_a_stale_preview_is_refused(store: Store, tmp_path: Path) -> None:
    plan = plan_import(store, write_csv(tmp_path / "x.csv", [row(id="x")]))
    import_file(store, write_csv(tmp_path / "y.csv", [row(id="y")]))
    before = snapshot(store)
    with pytest.raises(ImportValidationError, match="changed since this preview"):
        apply_import(store, plan)
    assert snapshot(store) == before


def test_the_history_migration_is_appended() -> None:
    assert known_steps()[:3] == [
        "m001_directory",
        "m002_settings_and_meta",
        "m003_import_history",
    ]


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = write_csv(tmp_path / "p.csv", large_rows(450))
    assert validate_file(path, on_progress=lambda d, t: calls.append((d, t))).ok
    assert calls[-1] == (450, 450) and len(calls) >= 3


def test_ten_thousand_services(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", large_rows(10_000))
    started = time.perf_counter()
    plan = plan_import(store, path, "replace")
    planned = time.perf_counter()
    assert plan.ok, plan.report.render()[:2000]
    apply_import(store, plan)
    applied = time.perf_counter()
    assert store.service_count() == 10_001  # and the helpline
    print(
        f"10,000 services: checked in {planned - started:.2f}s, saved in {applied - planned:.2f}s"
    )
    assert applied - started < 30


# --- command line -------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_invalid_file_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = write_csv(tmp_path / "bad.csv", [row(id="a", phones="0300 636 0300"), row(areas="")])
    code, out, err = _cli("services", "import", str(bad), "--data-dir", str(data))
    assert code == 2 and out == ""
    assert "line 2, phones" in err and "line 3, areas" in err
    code, out, err = _cli("services", "import", str(bad), "--json", "--data-dir", str(data))
    assert code == 2
    payload = json.loads(out)
    assert payload["ok"] is False and payload["applied"] is False
    assert {"severity", "file", "line", "path", "field", "message"} <= set(
        payload["report"]["problems"][0]
    )
    assert [(p["line"], p["field"]) for p in payload["report"]["problems"]] == [
        (2, "phones"),
        (3, "areas"),
    ]
    code, out, _ = _cli("services", "history", "--json", "--data-dir", str(data))
    assert json.loads(out) == []


def test_cli_import_dry_run_history_and_rollback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    good = write_csv(tmp_path / "good.csv", [row(id="cli-new")])
    code, out, _ = _cli("services", "import", str(good), "--dry-run", "--data-dir", str(data))
    assert code == 0 and "1 added" in out and "dry run" in out
    code, out, _ = _cli("services", "list", "--json", "--data-dir", str(data))
    assert "cli-new" not in out

    code, out, _ = _cli(
        "services", "import", str(good), "--mode", "merge", "--json", "--data-dir", str(data)
    )
    payload = json.loads(out)
    assert code == 0 and payload["applied"] and payload["diff"]["counts"]["added"] == 1
    assert payload["record"]["sha256"] == payload["sha256"]

    code, out, _ = _cli("services", "history", "--json", "--data-dir", str(data))
    [entry] = json.loads(out)
    assert entry["action"] == "import" and entry["can_roll_back"] and entry["added"] == 1

    code, out, _ = _cli("services", "rollback", "--data-dir", str(data))
    assert code == 0 and "rolled back" in out
    code, _, err = _cli("services", "rollback", "--data-dir", str(data))
    assert code == 2 and "no import to roll back" in err
    code, out, _ = _cli("services", "history", "--data-dir", str(data))
    assert "rollback" in out and "good.csv" in out


def test_template_text_lists_every_column() -> None:
    header = template_text(load_bundled_directory()).splitlines()[0]
    assert header.startswith("id,organisation_id,organisation,name")


@pytest.mark.parametrize("number", ["+44 300 636 0300", "0044 300 636 0300", "0300-636-0300"])
def test_the_retired_number_is_refused_in_any_form(tmp_path: Path, number: str) -> None:
    from spotter.directory import is_retired_number

    assert is_retired_number(number)
    path = write_csv(tmp_path / "f.csv", [row(id="kent-advocacy", phones=number)])
    report = validate_file(path).report
    assert not report.ok
    assert any("retired" in p.message for p in report.errors)


def test_an_import_cannot_change_the_helpline_number(store: Store, tmp_path: Path) -> None:
    from spotter.directory import HELPLINE_ID

    path = write_csv(
        tmp_path / "f.csv",
        [row(id=HELPLINE_ID, name="National Stalking Helpline", phones="0808 802 0301")],
    )
    plan = plan_import(store, path)
    assert not plan.ok
    assert any("0808 802 0300" in p.message for p in plan.report.errors)
    helpline = store.load_directory().get(HELPLINE_ID)
    assert helpline is not None and helpline.phones[0].number == "0808 802 0300"


def test_ids_that_differ_only_in_case_are_errors(store: Store, tmp_path: Path) -> None:
    in_file = write_csv(
        tmp_path / "a.csv", [row(id="kent-x", areas="Kent"), row(id="KENT-X", areas="Kent")]
    )
    assert any("ignoring case" in p.message for p in validate_file(in_file).report.errors)
    fake = write_csv(
        tmp_path / "b.csv",
        [row(id="National-Stalking-Helpline", name="Fake helpline", phones="020 7946 0018")],
    )
    errors = validate_file(fake).report.errors
    assert any("national-stalking-helpline" in p.message for p in errors)
    against_store = write_csv(tmp_path / "c.csv", [row(id="Veritas-Justice", areas="Sussex")])
    plan = plan_import(store, against_store)
    assert not plan.ok
    assert any("'veritas-justice'" in p.message for p in plan.report.errors)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Phone number", "phones"),
        ("Telephone number", "phones"),
        ("E-mail", "email"),
        ("Email address", "email"),
        ("Web site", "url"),
    ],
)
def test_common_header_spellings_are_recognised(tmp_path: Path, header: str, field: str) -> None:
    from spotter.importing.csvformat import COLUMNS

    values = row(
        id="kent-advocacy",
        areas="Kent",
        phones="020 7946 0018",
        email="a@example.org",
        url="https://example.org",
    )
    columns = tuple(header if c == field else c for c in COLUMNS)
    text = csv_text([{header if k == field else k: v for k, v in values.items()}], columns)
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    validated = validate_file(path)
    assert validated.ok, validated.report.render()
    service = validated.services[0].service
    assert {"phones": bool(service.phones), "email": bool(service.email), "url": bool(service.url)}[
        field
    ]


def test_a_misspelt_column_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    from spotter.importing.csvformat import COLUMNS

    columns = tuple("phnoes" if c == "phones" else c for c in COLUMNS)
    values = row(id="kent-advocacy", areas="Kent")
    text = csv_text([{("phnoes" if k == "phones" else k): v for k, v in values.items()}], columns)
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    errors = validate_file(path).report.errors
    assert any("did you mean 'phones'" in p.message for p in errors)


def test_a_semicolon_inside_a_description_survives_the_csv_round_trip(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [
            row(
                id="kent-advocacy",
                areas="Kent",
                phones="voice:020 7946 0018 (Mon-Fri; answerphone out of hours); text:07860 077333",
            )
        ],
    )
    validated = validate_file(path)
    assert validated.ok, validated.report.render()
    phones = validated.services[0].service.phones
    assert [p.description for p in phones] == ["Mon-Fri; answerphone out of hours", ""]


def test_oruk_closed_days_and_unusual_phone_types_are_read_with_warnings(tmp_path: Path) -> None:
    data = json.loads(
        (Path(__file__).parents[1] / "data" / "oruk-services.json").read_text("utf-8")
    )
    services = data if isinstance(data, list) else data.get("services") or data.get("content")
    first = services[0]
    first["phones"] = [{"number": "020 7946 0018", "type": "Main"}]
    first["regular_schedules"] = [
        {"weekday": "Monday", "opens_at": "09:00", "closes_at": "17:00"},
        {"weekday": "Sunday", "opens_at": None, "closes_at": None},
    ]
    first.pop("schedules", None)
    path = tmp_path / "oruk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    validated = validate_file(path)
    assert validated.ok, validated.report.render()
    service = next(c.service for c in validated.services if c.service.id == first["id"])
    assert [p.type for p in service.phones] == ["voice"]
    assert [s.byday for s in service.schedules] == ["MO"]
    warnings = " ".join(p.message for p in validated.report.warnings)
    assert "read as a voice line" in warnings and "read as closed that day" in warnings
