"""The SQLite store on real files: migrations, backups, refusal of newer files, seeding."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from spotter.directory import Directory, load_bundled_directory
from spotter.store.database import (
    CorruptDatabaseError,
    NewerDatabaseError,
    known_steps,
    migrations,
    open_store,
)
from spotter.system import paths


def test_first_run_creates_and_seeds_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "spotter.sqlite3"
    with open_store(db_path) as store:
        assert store.schema_version == len(known_steps())
        assert store.integrity_check() == []
        assert store.get_meta("directory_source") == "bundled"
        directory = store.load_directory()
    assert directory.services == load_bundled_directory().services
    assert directory.version == load_bundled_directory().version


def test_default_location_follows_the_data_dir_override(tmp_path: Path) -> None:
    paths.set_data_dir(tmp_path / "elsewhere")
    try:
        with open_store() as store:
            assert store.path == tmp_path / "elsewhere" / "spotter.sqlite3"
        assert (tmp_path / "elsewhere" / "spotter.sqlite3").exists()
    finally:
        paths.set_data_dir(None)


def test_reopening_does_not_reseed_or_lose_changes(tmp_path: Path) -> None:
    db_path = tmp_path / "s.sqlite3"
    with open_store(db_path) as store:
        directory = store.load_directory()
        smaller = replace(directory, services=directory.services[:3])
        store.replace_directory(smaller, source="test.json")
        store.set_settings({"practice_name": "Riverside Surgery"})
    with open_store(db_path) as store:
        assert len(store.load_directory().services) == 3
        assert store.get_setting("practice_name") == "Riverside Surgery"
        assert store.get_meta("directory_source") == "test.json"


def test_wal_mode_and_busy_timeout(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_a_failed_directory_replace_keeps_the_old_directory(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3") as store:
        before = store.load_directory()
        broken = Directory(services=(before.services[0], before.services[0]))  # duplicate id
        with pytest.raises(sqlite3.IntegrityError):
            store.replace_directory(broken, source="broken.json")
        assert store.load_directory().services == before.services
        assert store.get_meta("directory_source") == "bundled"


def test_database_is_backed_up_before_a_migration(tmp_path: Path) -> None:
    db_path = tmp_path / "s.sqlite3"
    db = sqlite_utils.Database(db_path)
    # an older release's schema: before the settings step (later steps are added over time)
    migrations.apply(db, stop_before="m002_settings_and_meta")
    db.close()
    paths.set_data_dir(tmp_path)
    try:
        with open_store(db_path) as store:
            assert store.schema_version == len(known_steps())
        backups = list((tmp_path / "backups").glob("*.sqlite3"))
        assert len(backups) == 1
        assert "m002_settings_and_meta" in backups[0].name
        old = sqlite_utils.Database(backups[0])
        assert "settings" not in old.table_names()
        assert "services" in old.table_names()
        old.close()
    finally:
        paths.set_data_dir(None)


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "s.sqlite3"
    open_store(db_path).close()
    db = sqlite_utils.Database(db_path)
    db[migrations.migrations_table].insert(
        {"migration_set": "spotter", "name": "m999_future", "applied_at": "2030-01-01"}
    )
    db.close()
    with pytest.raises(NewerDatabaseError, match="newer version of Spotter"):
        open_store(db_path)
    # and nothing was changed
    db = sqlite_utils.Database(db_path)
    assert db[migrations.migrations_table].count == len(known_steps()) + 1
    db.close()


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    db_path = tmp_path / "s.sqlite3"
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CorruptDatabaseError, match="damaged or is not a Spotter database"):
        open_store(db_path)
    assert db_path.read_bytes() == b"this is not sqlite" * 100


def test_a_database_that_cannot_be_written_is_reported_not_treated_as_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spotter.store import database as storage
    from spotter.store.database import ReadOnlyDatabaseError, store_error
    from spotter.store.recovery import open_store_safely

    db_path = tmp_path / "spotter.sqlite3"
    open_store(db_path).close()
    before = db_path.read_bytes()

    monkeypatch.setattr(storage, "folder_writable", lambda path: False)
    paths.set_data_dir(tmp_path)
    store, recovery = open_store_safely()
    with store:
        assert recovery is None and store.read_only
        assert "read-only mode" in store.read_only_notice
        assert store.load_directory().services  # reading works
        with pytest.raises(ReadOnlyDatabaseError, match=r"read-only mode.*Nothing was changed"):
            store.set_settings({"practice_name": "Riverside Surgery"})
        # and a write refused by SQLite itself is reported the same way, never as damage
        refused = sqlite3.OperationalError("attempt to write a readonly database")
        refused.sqlite_errorcode = 8  # type: ignore[attr-defined]  # SQLITE_READONLY
        error = store_error(db_path, refused)
        assert isinstance(error, ReadOnlyDatabaseError)
        assert "cannot be opened for writing" in str(error)
    assert db_path.read_bytes() == before
    assert not (tmp_path / "damaged").exists()


def test_a_failed_open_leaves_the_file_closed(tmp_path: Path) -> None:
    """Windows cannot move an open file aside, so recovery needs it closed at once."""
    import os

    db_path = tmp_path / "s.sqlite3"
    db_path.write_bytes(b"this is not sqlite" * 100)

    def open_handles() -> list[str]:
        found = []
        for fd in Path("/proc/self/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:  # the listing's own descriptor, already closed
                continue
            if str(db_path) in target:
                found.append(target)
        return found

    with pytest.raises(CorruptDatabaseError):
        open_store(db_path)
    assert open_handles() == []
