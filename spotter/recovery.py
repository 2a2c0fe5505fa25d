"""Start-up recovery: a damaged database is moved aside and the newest good backup restored.

A healthy start takes one backup a day (the newest ``KEEP_BACKUPS`` are kept), so there is
usually a recent good copy. A database from a newer version is *not* damage: it is refused
untouched (:class:`~spotter.storage.NewerDatabaseError`).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from spotter import paths
from spotter.storage import CorruptDatabaseError, Store, StoreError, backup_database, open_store

log = logging.getLogger("spotter.storage")


KEEP_BACKUPS = 10


@dataclass(frozen=True)
class Recovery:
    """What happened when a damaged database was found at start (shown to the user)."""

    moved_to: Path
    restored_from: Path | None  # None: the bundled directory was used

    @property
    def message(self) -> str:
        source = (
            f"the last good backup ({self.restored_from.name})"
            if self.restored_from
            else "the bundled directory (no good backup was found)"
        )
        return (
            "Spotter's database was damaged, so it was moved aside to "
            f"{self.moved_to} and restored from {source}. Check the practice settings and "
            "re-import any services file imported since that backup."
        )


def _healthy(path: Path) -> bool:
    try:
        # immutable: read the copy as it is, without creating -wal/-shm files beside it
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            conn.execute("SELECT count(*) FROM services").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return [r[0] for r in rows] == ["ok"]


def _move_aside(path: Path) -> Path:
    folder = path.parent / "damaged"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target


def prune_backups(keep: int = KEEP_BACKUPS) -> None:
    """Keep only the ``keep`` newest backups."""
    folder = paths.backups_dir()
    if not folder.is_dir():
        return
    for old in sorted(folder.glob("spotter-*.sqlite3"), reverse=True)[keep:]:
        for side in (old, old.with_name(old.name + "-wal"), old.with_name(old.name + "-shm")):
            side.unlink(missing_ok=True)


def open_store_safely(path: Path | None = None) -> tuple[Store, Recovery | None]:
    """Open the store; if it is damaged, move it aside and restore the newest good backup.

    A database from a newer version is *not* treated as damage: :class:`NewerDatabaseError`
    propagates so nothing of the newer version's data is touched.
    """
    path = path or paths.database_path()
    try:
        store = open_store(path)
    except CorruptDatabaseError:
        pass
    else:
        try:
            healthy = not store.integrity_check(quick=True)
        except sqlite3.DatabaseError:  # damage bad enough that the check itself fails
            healthy = False
        if healthy:
            _daily_backup(store)
            return store, None
        store.close()
    log.error("database failed its check; moving it aside")
    try:
        moved = _move_aside(path)
    except OSError as exc:
        raise StoreError(
            f"{path} is damaged and could not be moved aside ({exc.strerror}); "
            "ask your IT support to check the data folder's permissions and free space."
        ) from None
    restored: Path | None = None
    backups = sorted(paths.backups_dir().glob("spotter-*.sqlite3"), reverse=True)
    for candidate in backups:
        if _healthy(candidate):
            shutil.copyfile(candidate, path)
            restored = candidate
            break
    store = open_store(path)
    recovery = Recovery(moved_to=moved, restored_from=restored)
    log.warning("database restored from %s", restored.name if restored else "bundled data")
    return store, recovery


def _daily_backup(store: Store) -> None:
    folder = paths.backups_dir()
    today = datetime.now(UTC).strftime("%Y%m%d")
    if any(folder.glob(f"spotter-{today}*-daily.sqlite3")):
        return
    try:
        backup_database(store.db, "daily")
        prune_backups()
    except (OSError, sqlite3.Error) as exc:  # a backup failure must not stop the app
        log.warning("daily backup failed: %s", exc)
