"""The fields table drives the CSV and JSON formats: every field read, written and read back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from import_samples import row, write_csv

from spotter.directory import Phone, Schedule, directory_to_json
from spotter.directory.fields import CSV_COLUMNS, SERVICE_FIELDS
from spotter.importing import apply_import, plan_import
from spotter.importing.csvformat import EXAMPLE_ROW
from spotter.importing.csvformat import write_csv as export_csv
from spotter.store.database import Store, open_store

TODAY = date.today()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "spotter.sqlite3") as s:
        yield s


DETAILED = row(
    id="detailed",
    alert="Temporarily closed to new referrals",
    languages="English; Polish",
    fees_description="Free",
    interpretation_services="Interpreters on request",
    phones="voice:020 7946 0018 (Mornings; not Fridays) [Urdu, Welsh]; text:07911 123456",
    schedules="MO-FR 09:00-17:00 [from 2025-10-01 until 2026-03-31]; SA 10:00-12:00 "
    "(Saturdays) [from 01/04/2026]",
)


def test_the_template_keeps_its_columns_in_their_places_and_adds_new_ones_last() -> None:
    earlier = [
        "id",
        "organisation_id",
        "organisation",
        "name",
        "description",
        "scope",
        "status",
        "areas",
        "phones",
        "email",
        "url",
        "hours",
        "schedules",
        "eligibility",
        "minimum_age",
        "maximum_age",
        "application_process",
        "assured_date",
        "last_modified",
        "source",
        "verify_note",
    ]
    assert CSV_COLUMNS[: len(earlier)] == tuple(earlier)
    assert CSV_COLUMNS[len(earlier) :] == (
        "alert",
        "languages",
        "fees_description",
        "interpretation_services",
    )
    assert tuple(EXAMPLE_ROW) == CSV_COLUMNS
    assert len({f.name for f in SERVICE_FIELDS}) == len(SERVICE_FIELDS)


def test_a_csv_row_keeps_alert_languages_fees_interpreting_and_when_hours_apply(
    store: Store, tmp_path: Path
) -> None:
    plan = plan_import(store, write_csv(tmp_path / "s.csv", [DETAILED]), today=TODAY)
    assert plan.ok, plan.report.render()
    assert plan.result is not None
    service = plan.result.by_id()["detailed"]
    assert service.alert == "Temporarily closed to new referrals"
    assert service.languages == ("English", "Polish")
    assert (service.fees_description, service.interpretation_services) == (
        "Free",
        "Interpreters on request",
    )
    assert service.phones == (
        Phone("020 7946 0018", "voice", "Mornings; not Fridays", ("Urdu", "Welsh")),
        Phone("07911 123456", "text"),
    )
    assert service.schedules == (
        Schedule("MO,TU,WE,TH,FR", "09:00", "17:00", "", date(2025, 10, 1), date(2026, 3, 31)),
        Schedule("SA", "10:00", "12:00", "Saturdays", date(2026, 4, 1), None),
    )
    assert "read as day/month/year: 2026-04-01" in plan.report.render()


def test_every_field_survives_csv_and_json_export_and_import(store: Store, tmp_path: Path) -> None:
    plan = plan_import(store, write_csv(tmp_path / "s.csv", [DETAILED]), today=TODAY)
    apply_import(store, plan)
    before = store.load_directory()
    csv_path = tmp_path / "export.csv"
    csv_path.write_text(export_csv(before.services, example=False), encoding="utf-8-sig")
    json_path = tmp_path / "export.json"
    json_path.write_text(json.dumps(directory_to_json(before)), encoding="utf-8")
    for path in (csv_path, json_path):
        plan = plan_import(store, path, "replace", today=TODAY)
        assert plan.ok, plan.report.render()
        assert plan.result is not None
        assert plan.result.by_id()["detailed"] == before.by_id()["detailed"]
        assert plan.diff.changed == (), path.name


def test_a_file_without_the_new_columns_keeps_what_a_service_had(
    store: Store, tmp_path: Path
) -> None:
    apply_import(store, plan_import(store, write_csv(tmp_path / "a.csv", [DETAILED]), today=TODAY))
    older = tmp_path / "older.csv"
    columns = [c for c in CSV_COLUMNS if c not in ("alert", "languages")]
    older.write_text(
        ",".join(columns) + "\r\n" + ",".join(f'"{DETAILED[c]}"' for c in columns) + "\r\n",
        encoding="utf-8",
    )
    plan = plan_import(store, older, today=TODAY)
    assert plan.ok, plan.report.render()
    assert plan.result is not None
    kept = plan.result.by_id()["detailed"]
    assert (kept.alert, kept.languages) == (
        "Temporarily closed to new referrals",
        ("English", "Polish"),
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("MO 09:00-17:00 [from 2026-13-01]", "'2026-13-01' is not a date like 2026-01-31"),
        ("MO 09:00-17:00 [soon]", "optionally followed by [from 2026-01-01 until 2026-03-31]"),
        (
            "MO 09:00-17:00 [from 2026-03-01 until 2026-01-01]",
            "valid until 2026-01-01, before it is valid from 2026-03-01",
        ),
    ],
)
def test_a_schedule_with_bad_dates_is_refused_naming_the_line_and_field(
    store: Store, tmp_path: Path, cell: str, message: str
) -> None:
    plan = plan_import(store, write_csv(tmp_path / "s.csv", [row(schedules=cell)]), today=TODAY)
    assert not plan.ok
    [error] = plan.report.errors
    assert (error.line, error.field) == (2, "schedules")
    assert message in error.message


def test_json_languages_as_names_objects_or_codes(store: Store, tmp_path: Path) -> None:
    service = {
        "id": "langs",
        "name": "Languages Service",
        "organization": {"id": "o", "name": "Org"},
        "service_areas": [{"name": "Kent"}],
        "phones": [{"number": "020 7946 0018", "languages": ["Welsh"]}],
        "languages": [{"name": "Urdu", "code": "ur"}, {"language": "Polish"}, {"code": "sk"}, {}],
        "regular_schedules": [
            {
                "weekday": "Monday",
                "opens_at": "09:00:00",
                "closes_at": "17:00:00",
                "valid_to": "2026-03-31T00:00:00Z",
            }
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service]), encoding="utf-8")
    plan = plan_import(store, path, today=TODAY)
    assert plan.ok, plan.report.render()
    assert plan.result is not None
    got = plan.result.by_id()["langs"]
    assert got.languages == ("Urdu", "Polish", "sk")
    assert got.phones[0].languages == ("Welsh",)
    assert got.schedules[0].valid_to == date(2026, 3, 31)
    assert "languages[3]: no name or code: left out" in plan.report.render()


def test_every_field_in_the_table_is_written_by_each_format() -> None:
    from spotter.cli.main import service_json
    from spotter.directory import load_bundled_directory, service_to_json
    from spotter.directory.fields import DETAIL_FIELDS
    from spotter.importing.csvformat import service_row

    service = load_bundled_directory().services[0]
    assert tuple(service_row(service)) == CSV_COLUMNS
    written = service_to_json(service)
    for spec in SERVICE_FIELDS:
        if spec.json_keys:
            assert spec.json_key in written, spec.name
    cli_json = service_json(service)
    for spec in DETAIL_FIELDS:
        assert spec.json_key in cli_json, spec.name
