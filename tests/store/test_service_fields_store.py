"""The service fields added after the first release: stored, read back, and upgraded into."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import sqlite_utils

from spotter.directory import Phone, Schedule, Service
from spotter.directory.fields import SERVICE_FIELDS
from spotter.store.database import known_steps, migrations, open_store
from spotter.store.repository import DirectoryRepository


def detailed(service: Service) -> Service:
    return replace(
        service,
        alert="Temporarily closed to new referrals until March",
        languages=("English", "Polish"),
        fees_description="Free",
        interpretation_services="Interpreters on request; BSL by video",
        phones=(Phone("020 7946 0018", "voice", "ext 100", ("Urdu", "Welsh")),),
        schedules=(
            Schedule("MO,TU", "09:00", "17:00", "winter", date(2025, 10, 1), date(2026, 3, 31)),
            Schedule("WE", "10:00", "12:00"),
        ),
    )


def test_every_new_field_is_stored_and_read_back(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3") as store:
        directory = store.load_directory()
        changed = detailed(directory.services[0])
        store.replace_directory(
            replace(directory, services=(changed, *directory.services[1:])), source="t"
        )
    with open_store(tmp_path / "s.sqlite3") as store:
        assert store.load_directory().services[0] == changed


def test_every_stored_field_has_its_column_in_a_new_database(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3") as store:
        columns = {c.name for c in store.db.table("services").columns}
    wanted = {f.sql for f in SERVICE_FIELDS if f.sql is not None}
    assert wanted <= columns, "a field in SERVICE_FIELDS needs a migration adding its column"
    assert set(Service.__dataclass_fields__) == {
        f.name for f in SERVICE_FIELDS if f.name != "organisation_id"
    }, "Service and SERVICE_FIELDS must list the same fields"


def test_a_database_from_the_previous_schema_is_upgraded_keeping_its_directory(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "spotter.sqlite3"
    with open_store(tmp_path / "fresh.sqlite3") as store:
        bundled = store.load_directory()
    # The previous release's schema, filled as that release filled it (no new columns).
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m005_service_details")
    db.execute(f"PRAGMA user_version = {len(known_steps()) - 1}")
    source = sqlite3.connect(tmp_path / "fresh.sqlite3")
    for table in ("organisations", "services", "service_areas", "phones", "schedules", "meta"):
        old_columns = [c.name for c in db.table(table).columns]
        rows = source.execute(f"SELECT {', '.join(old_columns)} FROM {table}").fetchall()
        db.table(table).insert_all([dict(zip(old_columns, r, strict=True)) for r in rows])
    source.close()
    db.close()
    # Read as it is, before any upgrade (as recovery salvages a damaged older file).
    conn = sqlite3.connect(db_path)
    assert DirectoryRepository(conn).read().services == bundled.services
    conn.close()
    with open_store(db_path) as store:
        assert store.schema_version == len(known_steps())
        directory = store.load_directory()
        assert directory.services == bundled.services
        assert directory.services[0].languages == ()
        assert directory.services[0].alert == ""
        # and the new fields can now be written
        changed = detailed(directory.services[0])
        store.replace_directory(
            replace(directory, services=(changed, *directory.services[1:])), source="t"
        )
        assert store.load_directory().services[0] == changed
    assert any("m005_service_details" in p.name for p in (tmp_path / "backups").iterdir())
