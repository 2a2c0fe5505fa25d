"""Busy is not broken: SQLite errors are classified, and only damage is ever recovered.

These use real processes: a holder that takes SQLite's write lock (``BEGIN IMMEDIATE``) and
keeps it, and the CLI under a small file-size limit (a full disk).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from spotter.directory import directory_to_json, load_bundled_directory
from spotter.store.database import (
    BUSY,
    DAMAGED,
    UNAVAILABLE,
    DatabaseBusyError,
    DatabaseUnavailableError,
    open_store,
    sqlite_error_kind,
    store_error,
)
from spotter.store.recovery import open_store_safely
from spotter.system import paths

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('holder', 'x')")
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("ROLLBACK")
    """
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    paths.set_data_dir(tmp_path)
    return tmp_path


@pytest.fixture
def hold_lock() -> Iterator[object]:
    """Start a process holding the database's write lock; it is ended after the test."""
    started: list[subprocess.Popen[str]] = []

    def start(db: Path, seconds: float = 20.0) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.communicate()


def _main_py(*argv: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def preexec() -> None:
        if limit is not None:
            import resource

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        preexec_fn=preexec,
    )


def _error(code: int) -> sqlite3.Error:
    exc = sqlite3.OperationalError("simulated")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


def test_errors_are_classified_by_sqlite_result_code() -> None:
    # primary and extended codes, as https://sqlite.org/rescode.html lists them
    assert sqlite_error_kind(_error(5)) == BUSY  # SQLITE_BUSY
    assert sqlite_error_kind(_error(261)) == BUSY  # SQLITE_BUSY_RECOVERY
    assert sqlite_error_kind(_error(6)) == BUSY  # SQLITE_LOCKED
    for code in (13, 10, 778, 14, 8, 1032):  # FULL, IOERR, IOERR_WRITE, CANTOPEN, READONLY...
        assert sqlite_error_kind(_error(code)) == UNAVAILABLE, code
    assert sqlite_error_kind(_error(11)) == DAMAGED  # SQLITE_CORRUPT
    assert sqlite_error_kind(_error(26)) == DAMAGED  # SQLITE_NOTADB
    busy = store_error(Path("/x/spotter.sqlite3"), _error(5))
    assert isinstance(busy, DatabaseBusyError)
    assert "in use by another program — try again" in str(busy)
    full = store_error(Path("/x/spotter.sqlite3"), _error(13), doing="saved")
    assert isinstance(full, DatabaseUnavailableError)
    assert "full" in str(full) and "nothing was changed" in str(full)


def test_opening_takes_no_write_lock(data_dir: Path, hold_lock: object) -> None:
    db_path = data_dir / "spotter.sqlite3"
    open_store_safely()[0].close()
    before = db_path.read_bytes()
    hold_lock(db_path)  # type: ignore[operator]
    with open_store(db_path) as store:
        assert len(store.load_directory().services) == len(load_bundled_directory().services)
    assert db_path.read_bytes() == before


def test_a_held_lock_at_start_is_waited_for_and_never_called_damage(
    data_dir: Path, hold_lock: object
) -> None:
    """The reported repro: another program holds BEGIN IMMEDIATE while Spotter starts."""
    db_path = data_dir / "spotter.sqlite3"
    store, _ = open_store_safely()
    with store:
        bundled = store.load_directory()
        store.replace_directory(bundled, source="big.json")
        count = store.service_count()
    hold_lock(db_path)  # type: ignore[operator]

    store, recovery = open_store_safely()  # the app's start
    with store:
        assert recovery is None
        assert store.service_count() == count
        assert store.get_meta("directory_source") == "big.json"
    assert not (data_dir / "damaged").exists()

    # a CLI read works while the lock is held; a write waits, then says busy, changes nothing
    listed = _main_py("services", "list", "--data-dir", str(data_dir))
    assert listed.returncode == 0, listed.stderr
    assert "damaged" not in listed.stderr
    export = data_dir / "export.json"
    export.write_text(json.dumps(directory_to_json(bundled)), encoding="utf-8")
    imported = _main_py("services", "import", str(export), "--data-dir", str(data_dir))
    assert imported.returncode == 2
    assert "in use by another program — try again" in imported.stderr
    assert "Correct the file" not in imported.stderr
    assert not (data_dir / "damaged").exists()
    with open_store(db_path) as store:
        assert store.get_meta("directory_source") == "big.json"


def test_a_full_disk_during_an_import_changes_nothing_and_says_so(data_dir: Path) -> None:
    db_path = data_dir / "spotter.sqlite3"
    open_store_safely()[0].close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db_path.read_bytes()
    bundled = load_bundled_directory()
    many = {
        **directory_to_json(bundled),
        "services": [
            {
                **directory_to_json(bundled)["services"][1],
                "id": f"svc-{i}",
                "description": "x" * 500,
            }
            for i in range(2000)
        ],
    }
    big = data_dir / "big.json"
    big.write_text(json.dumps(many), encoding="utf-8")
    limit = db_path.stat().st_size + 64 * 1024  # room for the backup, not for the import
    result = _main_py("services", "import", str(big), "--data-dir", str(data_dir), limit=limit)
    assert result.returncode == 2, result.stderr
    assert "nothing was changed" in result.stderr.lower() or "Nothing was changed" in result.stderr
    assert "Correct the file" not in result.stderr
    assert "damaged" not in result.stderr
    assert not (data_dir / "damaged").exists()
    store, recovery = open_store_safely()  # the next start: the old directory, untouched
    with store:
        assert recovery is None
        assert store.load_directory().services == bundled.services
    assert db_path.stat().st_size == len(before)


def test_a_full_disk_at_start_moves_nothing(data_dir: Path) -> None:
    db_path = data_dir / "spotter.sqlite3"
    open_store_safely()[0].close()
    for side in data_dir.glob("spotter.sqlite3-*"):
        side.unlink()
    before = db_path.read_bytes()
    result = _main_py("services", "list", "--data-dir", str(data_dir), limit=1)
    assert "damaged" not in result.stderr
    assert not (data_dir / "damaged").exists()
    assert db_path.read_bytes() == before
    store, recovery = open_store_safely()
    with store:
        assert recovery is None
        assert store.load_directory().services == load_bundled_directory().services


def _cli(*argv: str) -> tuple[int, str, str]:
    import io

    from spotter.cli import run

    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return status, out.getvalue(), err.getvalue()


def _with_practice_backup(data_dir: Path) -> Path:
    """A database whose newest backup holds a practice name; returns the database path."""
    store, _ = open_store_safely()
    with store:
        store.set_settings({"practice_name": "Riverside Surgery"})
        store.backup("before-import")
    return data_dir / "spotter.sqlite3"


def test_an_empty_database_is_restored_from_the_newest_backup_by_any_command(
    data_dir: Path,
) -> None:
    db_path = _with_practice_backup(data_dir)
    for side in data_dir.glob("spotter.sqlite3-*"):
        side.unlink()
    db_path.write_bytes(b"")
    status, _out, err = _cli("services", "list", "--data-dir", str(data_dir))
    assert status == 0
    assert "database was damaged (the file was empty)" in err
    assert "restored from the last good backup" in err
    assert list((data_dir / "damaged").iterdir())
    with open_store(db_path) as store:
        assert store.get_setting("practice_name") == "Riverside Surgery"


def test_doctor_reports_an_empty_database_and_repair_restores_it(data_dir: Path) -> None:
    db_path = _with_practice_backup(data_dir)
    for side in data_dir.glob("spotter.sqlite3-*"):
        side.unlink()
    db_path.write_bytes(b"")
    status, out, _ = _cli("doctor", "--data-dir", str(data_dir))
    assert status == 1
    assert "empty (0 bytes)" in out
    assert "spotter doctor --repair" in out
    assert db_path.read_bytes() == b""  # doctor alone changes nothing
    status, out, _ = _cli("doctor", "--repair", "--data-dir", str(data_dir))
    assert "REPAIRED" in out and "restored from the last good backup" in out
    assert status == 0, out
    with open_store(db_path) as store:
        assert store.get_setting("practice_name") == "Riverside Surgery"


def _damage_a_table_page(db_path: Path, table: str) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    conn.close()
    data = bytearray(db_path.read_bytes())
    start = (root[0] - 1) * page_size
    data[start : start + page_size] = b"\xde\xad\xbe\xef" * (page_size // 4)
    db_path.write_bytes(bytes(data))


def test_doctor_reports_a_damaged_page_and_never_crashes(data_dir: Path) -> None:
    db_path = _with_practice_backup(data_dir)
    _damage_a_table_page(db_path, "services")
    status, out, err = _cli("doctor", "--data-dir", str(data_dir))
    assert status == 1
    assert "doctor failed" not in err and "Traceback" not in out + err
    assert "integrity_check" in out or "damaged" in out
    assert "spotter doctor --repair" in out
    assert "Bundled data" in out and "gazetteer" in out  # the later checks still ran
    assert "Backups" in out and "before-import" in out
    status, out, _ = _cli("doctor", "--repair", "--data-dir", str(data_dir))
    assert "REPAIRED" in out
    assert status == 0, out


def test_backups_are_checked_and_kept_by_calendar(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from spotter.store import backups

    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    made = []
    for day in range(200):  # two a day for 200 days
        for hour in (9, 15):
            taken = start + timedelta(days=day, hours=hour - 9)
            name = f"spotter-{taken:%Y%m%dT%H%M%S}000000Z-daily.sqlite3"
            made.append(backups.Backup(tmp_path / name, taken, "daily"))
    made.sort(key=lambda b: b.path.name, reverse=True)
    kept = backups.kept(made)
    days = {p.name[8:16] for p in kept}
    assert len(kept) <= backups.KEEP_NEWEST + 7 + 4 + 6
    newest = made[0].taken_at
    for back in range(7):  # one for each of the last 7 days
        assert (newest - timedelta(days=back)).strftime("%Y%m%d") in days
    months = {p.name[8:14] for p in kept}
    assert len(months) == 6

    paths.set_data_dir(tmp_path / "data")
    store, _ = open_store_safely()
    with store:
        copy = store.backup("before-import")
    assert backups.check_copy(copy) == []
    assert copy in [b.path for b in backups.list_backups(tmp_path / "data" / "backups")]


def test_every_import_and_rollback_is_preceded_by_a_checked_backup(data_dir: Path) -> None:
    from spotter.store import backups

    source = data_dir / "services.json"
    bundled = load_bundled_directory()
    smaller = {**directory_to_json(bundled), "services": directory_to_json(bundled)["services"][:3]}
    source.write_text(json.dumps(smaller), encoding="utf-8")
    assert (
        _cli("services", "import", str(source), "--mode", "replace", "--data-dir", str(data_dir))[0]
        == 0
    )
    assert _cli("services", "rollback", "--data-dir", str(data_dir))[0] == 0
    labels = [b.label for b in backups.list_backups(data_dir / "backups")]
    assert "before-import" in labels and "before-rollback" in labels and "daily" in labels
    for b in backups.list_backups(data_dir / "backups"):
        assert backups.check_copy(b.path) == []
    # the copy before the import holds the directory the import replaced
    before = next(
        b for b in backups.list_backups(data_dir / "backups") if b.label == "before-import"
    )
    conn = sqlite3.connect(f"file:{before.path}?mode=ro&immutable=1", uri=True)
    assert conn.execute("SELECT count(*) FROM services").fetchone()[0] == len(bundled.services)
    conn.close()


def test_an_import_does_not_go_ahead_without_a_backup(data_dir: Path) -> None:
    open_store_safely()[0].close()
    shutil_target = data_dir / "backups"
    for f in shutil_target.iterdir():
        f.unlink()
    shutil_target.rmdir()
    shutil_target.write_text("a file where the backups folder should be", encoding="utf-8")
    source = data_dir / "services.json"
    bundled = load_bundled_directory()
    smaller = {**directory_to_json(bundled), "services": directory_to_json(bundled)["services"][:3]}
    source.write_text(json.dumps(smaller), encoding="utf-8")
    status, _out, err = _cli(
        "services", "import", str(source), "--mode", "replace", "--data-dir", str(data_dir)
    )
    assert status == 2
    assert "backup could not be written" in err and "nothing was changed" in err
    with open_store(data_dir / "spotter.sqlite3") as store:
        assert store.service_count() == len(bundled.services)


def test_intact_directory_and_settings_are_salvaged_from_a_damaged_file(data_dir: Path) -> None:
    """Damage confined to the import history: the newer directory and settings are kept."""
    source = data_dir / "services.json"
    bundled = load_bundled_directory()
    smaller = {**directory_to_json(bundled), "services": directory_to_json(bundled)["services"][:3]}
    source.write_text(json.dumps(smaller), encoding="utf-8")
    assert (
        _cli("services", "import", str(source), "--mode", "replace", "--data-dir", str(data_dir))[0]
        == 0
    )
    with open_store(data_dir / "spotter.sqlite3") as store:
        store.set_settings({"practice_name": "Set after the last backup"})
        imported = store.load_directory()
    db_path = data_dir / "spotter.sqlite3"
    _damage_a_table_page(db_path, "directory_snapshots")

    store, recovery = open_store_safely()
    with store:
        assert recovery is not None and recovery.salvaged
        assert "were kept as they were" in recovery.message
        assert store.load_directory().services == imported.services
        assert store.get_setting("practice_name") == "Set after the last backup"
        assert store.integrity_check() == []


def test_a_damaged_directory_table_is_not_salvaged(data_dir: Path) -> None:
    db_path = _with_practice_backup(data_dir)
    with open_store(db_path) as store:
        store.set_settings({"practice_name": "Not in any backup"})
    _damage_a_table_page(db_path, "service_areas")
    store, recovery = open_store_safely()
    with store:
        assert recovery is not None and not recovery.salvaged
        assert store.get_setting("practice_name") == "Riverside Surgery"  # the backup's
        assert store.load_directory().services == load_bundled_directory().services
