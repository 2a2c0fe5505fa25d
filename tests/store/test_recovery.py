"""A damaged database at start is detected, moved aside and restored; the user is told."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotter.directory import load_bundled_directory
from spotter.store.database import NewerDatabaseError, migrations, open_store
from spotter.store.recovery import open_store_safely
from spotter.system import paths


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    paths.set_data_dir(tmp_path)
    return tmp_path


def _corrupt(path: Path, *, offset: int = 4096, length: int = 8192) -> None:
    data = bytearray(path.read_bytes())
    data[offset : offset + length] = b"\xde\xad\xbe\xef" * (length // 4)
    path.write_bytes(bytes(data))


def test_a_healthy_start_makes_one_daily_backup(data_dir: Path) -> None:
    store, recovery = open_store_safely()
    store.close()
    store, _ = open_store_safely()
    store.close()
    assert recovery is None
    assert len(list((data_dir / "backups").glob("*-daily.sqlite3"))) == 1


def test_corrupted_bytes_are_detected_and_the_last_good_backup_restored(data_dir: Path) -> None:
    store, _ = open_store_safely()
    store.set_settings({"practice_name": "Riverside Surgery"})
    store.close()
    for backup in (data_dir / "backups").glob("*.sqlite3"):
        backup.unlink()
    store, _ = open_store_safely()  # takes a backup that holds the practice name
    store.close()
    db_path = data_dir / "spotter.sqlite3"
    _corrupt(db_path)

    store, recovery = open_store_safely()
    with store:
        assert recovery is not None
        assert recovery.restored_from is not None
        assert "damaged" in recovery.message and "backup" in recovery.message
        assert store.get_setting("practice_name") == "Riverside Surgery"
        assert store.integrity_check() == []
    assert recovery.moved_to.exists()
    assert recovery.moved_to.parent == data_dir / "damaged"
    side_files = [p.name for p in (data_dir / "backups").iterdir() if p.suffix != ".sqlite3"]
    assert side_files == []  # backups are self-contained: no -wal or -shm left beside them


def test_a_truncated_file_with_no_backup_falls_back_to_the_bundled_directory(
    data_dir: Path,
) -> None:
    store = open_store()
    store.close()
    db_path = data_dir / "spotter.sqlite3"
    db_path.write_bytes(db_path.read_bytes()[:3000])

    store, recovery = open_store_safely()
    with store:
        assert recovery is not None and recovery.restored_from is None
        assert "bundled directory" in recovery.message
        assert store.load_directory().services == load_bundled_directory().services


def test_a_newer_database_is_refused_not_treated_as_damage(data_dir: Path) -> None:
    store = open_store()
    store.db.table(migrations.migrations_table).insert(
        {"migration_set": "spotter", "name": "m999_future", "applied_at": "2030-01-01"}
    )
    store.close()
    before = (data_dir / "spotter.sqlite3").read_bytes()
    with pytest.raises(NewerDatabaseError):
        open_store_safely()
    assert (data_dir / "spotter.sqlite3").read_bytes() == before
    assert not (data_dir / "damaged").exists()


def test_a_damaged_file_that_cannot_be_moved_is_a_clear_store_error(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spotter.store import recovery
    from spotter.store.database import StoreError

    open_store().close()
    db_path = data_dir / "spotter.sqlite3"
    db_path.write_bytes(b"garbage" * 1000)

    def refuse(path: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(recovery, "_move_aside", refuse)
    with pytest.raises(StoreError, match="could not be moved aside"):
        open_store_safely()
    assert db_path.read_bytes() == b"garbage" * 1000
