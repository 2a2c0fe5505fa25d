"""Copies of the database: taken with SQLite's backup API, checked, and kept by a calendar.

A copy is taken before every schema upgrade, import and rollback, and once a day by whatever
opens the database first that day (the app or any CLI command). Each copy is a self-contained
file (no -wal/-shm) in ``backups/`` beside the database, checked by reopening it after writing;
a copy that fails its check is deleted and the failure raised, so an import never goes ahead
without a good copy to return to.

Retention keeps the newest copy of each of the last 7 days, 4 weeks and 6 months that have one,
and always the newest ``KEEP_NEWEST`` copies (several imports in one afternoon each keep their
restore point). Everything else is deleted after a new copy is written.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("spotter.store.database")

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
KEEP_NEWEST = 5

PATTERN = "spotter-*.sqlite3"
_NAME = re.compile(r"^spotter-(\d{8}T\d{6}\d*Z)-(.+)\.sqlite3$")


class BackupError(OSError):
    """A copy could not be written or failed its check after writing."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    label: str

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def _parse(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    stamp, label = match.groups()
    try:
        taken = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return Backup(path, taken, label)


def list_backups(folder: Path) -> list[Backup]:
    """Every backup in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [b for p in folder.glob(PATTERN) if (b := _parse(p)) is not None]
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def check_copy(path: Path) -> list[str]:
    """Problems with a backup file (empty list: it opens, passes quick_check, has services)."""
    try:
        # immutable: read the copy as it is, without creating -wal/-shm files beside it
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
            conn.execute("SELECT count(*) FROM services").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def take_backup(conn: sqlite3.Connection, folder: Path, label: str) -> Path:
    """Copy the open database ``conn`` into ``folder`` with the backup API, then check it.

    Raises :class:`BackupError` (nothing left behind) if the copy cannot be written or is bad.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"spotter-{stamp}-{label}.sqlite3"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(str(target))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal/-shm
        finally:
            dest.close()
    except (OSError, sqlite3.Error) as exc:
        _remove(target)
        raise BackupError(f"a backup could not be written to {folder} ({exc})") from None
    problems = check_copy(target)
    if problems:
        _remove(target)
        raise BackupError(f"the backup written to {target} failed its check ({problems[0]})")
    log.info("backed up database to %s", target.name)
    prune(folder)
    return target


def _remove(path: Path) -> None:
    for side in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            side.unlink(missing_ok=True)


def kept(backups: list[Backup]) -> set[Path]:
    """Which of ``backups`` (newest first) retention keeps."""
    keep = {b.path for b in backups[:KEEP_NEWEST]}
    for width, key in (
        (KEEP_DAILY, lambda b: b.taken_at.strftime("%Y-%m-%d")),
        (KEEP_WEEKLY, lambda b: "{}-W{:02d}".format(*b.taken_at.isocalendar()[:2])),
        (KEEP_MONTHLY, lambda b: b.taken_at.strftime("%Y-%m")),
    ):
        seen: list[str] = []
        for b in backups:
            period = key(b)
            if period in seen:
                continue
            seen.append(period)
            if len(seen) > width:
                break
            keep.add(b.path)
    return keep


def prune(folder: Path) -> list[Path]:
    """Delete the backups retention does not keep; returns what was deleted."""
    backups = list_backups(folder)
    keep = kept(backups)
    deleted = []
    for b in backups:
        if b.path not in keep:
            _remove(b.path)
            deleted.append(b.path)
    return deleted


def newest_good(folder: Path) -> Path | None:
    """The newest backup that passes its check, or None."""
    for b in list_backups(folder):
        if not check_copy(b.path):
            return b.path
    return None


def taken_today(folder: Path, now: datetime | None = None) -> bool:
    today = (now or datetime.now(UTC)).strftime("%Y%m%d")
    return any(folder.glob(f"spotter-{today}T*.sqlite3"))
