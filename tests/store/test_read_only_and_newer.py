"""A newer database is refused byte-for-byte unchanged; a read-only data folder still works
for finding services, listing them and writing letters; one app per data folder."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from spotter.store import database as storage
from spotter.store.database import NewerDatabaseError, known_steps, open_store
from spotter.store.recovery import open_store_safely
from spotter.system import paths

ROOT = Path(__file__).resolve().parents[2]


def cli(*argv: str) -> tuple[int, str, str]:
    from spotter.cli import run

    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return status, out.getvalue(), err.getvalue()


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    """The database and every backup (SQLite's -wal/-shm scratch files aside: a reader may
    make them where it can, and a truly read-only folder would not let it)."""
    found = {p.name: p.read_bytes() for p in folder.glob("spotter.sqlite3")}
    found.update({p.name: p.read_bytes() for p in (folder / "backups").glob("*")})
    return found


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_newer_user_version_is_refused_and_the_file_left_unchanged(
    tmp_path: Path, journal: str
) -> None:
    db_path = tmp_path / "spotter.sqlite3"
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("PRAGMA user_version = 99")  # a newer Spotter's schema number
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for side in tmp_path.glob("spotter.sqlite3-*"):
        side.unlink()
    before = db_path.read_bytes()
    paths.set_data_dir(tmp_path)
    with pytest.raises(NewerDatabaseError, match="newer version of Spotter"):
        open_store_safely()
    status, _out, err = cli("services", "list", "--data-dir", str(tmp_path))
    assert status == 2 and "newer version" in err
    assert db_path.read_bytes() == before  # journal mode, user_version, every byte
    check = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 99
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == journal
    check.close()
    assert not (tmp_path / "damaged").exists()
    assert len(known_steps()) < 99


def test_a_read_only_data_folder_still_matches_lists_and_writes_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    status, _out, _err = cli("services", "list", "--data-dir", str(data))
    assert status == 0
    before = _folder_bytes(data)
    # the folder cannot be written (tests run as any user, so the check is what is replaced)
    monkeypatch.setattr(storage, "folder_writable", lambda path: False)

    status, out, err = cli("match", "ME14 1AA", "--data-dir", str(data))
    assert status == 0, err
    assert "Protection Against Stalking" in out
    assert err.count("read-only mode") == 1  # said once

    status, out, err = cli("services", "list", "--data-dir", str(data))
    assert status == 0 and "National Stalking Helpline" in out
    assert err.count("read-only mode") == 1

    letter = tmp_path / "letter.pdf"
    example = ROOT / "docs" / "examples" / "referral.json"
    status, _out, err = cli(
        "letter", "--input", str(example), "--out", str(letter), "--data-dir", str(data)
    )
    assert status == 0, err
    assert letter.read_bytes().startswith(b"%PDF")

    export = tmp_path / "services.json"
    status, _out, _err = cli("services", "export", str(export), "--data-dir", str(data))
    assert status == 0
    status, _out, err = cli("services", "import", str(export), "--data-dir", str(data))
    assert status == 2
    assert "read-only" in err and "Nothing was changed" in err
    assert _folder_bytes(data) == before  # no backup, no journal, nothing written
    json.loads(export.read_text(encoding="utf-8"))


def test_one_app_per_data_folder(tmp_path: Path, qapp: object) -> None:
    from ui.startup import ALREADY_OPEN, lock_data_folder

    first, ok = lock_data_folder(tmp_path)
    assert ok and first is not None and first.isLocked()
    second, ok2 = lock_data_folder(tmp_path)
    assert second is None and not ok2  # a second start is told the app is already open
    assert str(tmp_path) in ALREADY_OPEN.format(folder=tmp_path)
    first.unlock()
    third, ok3 = lock_data_folder(tmp_path)
    assert ok3 and third is not None
    third.unlock()


def test_self_test_with_an_unusable_qt_platform_does_not_abort(tmp_path: Path) -> None:
    import os

    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "no-such-platform"},
        cwd=tmp_path,
    )
    assert result.returncode in (0, 1), result.stderr  # never 134 (Qt's abort)
    assert "ignored: the self-test runs offscreen" in result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
