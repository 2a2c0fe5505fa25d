"""Opening the database safely: damage is recovered from a backup; busy is never damage.

Only a file SQLite calls corrupt or not a database (SQLITE_CORRUPT/NOTADB), an empty file, or
one that fails ``PRAGMA quick_check`` counts as damage: it is moved aside to ``damaged/`` and
the newest good backup restored (the bundled directory only when no backup is good), and the
user is told. A busy database (another program holds the lock), a full disk, an I/O error or
a read-only folder is reported and nothing is moved. A database from a newer version is
refused untouched (:class:`~spotter.store.database.NewerDatabaseError`).

Every entry point opens through :func:`open_store_safely`: the app, every CLI command that uses
the database, and ``doctor --repair``. A healthy open takes the day's backup if none exists
(:mod:`spotter.store.backups`), so CLI-only installs are backed up too.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from spotter.directory import Directory
from spotter.store import backups
from spotter.store.database import (
    DAMAGED,
    CorruptDatabaseError,
    DatabaseUnavailableError,
    Store,
    StoreError,
    backup_database,
    open_store,
    sqlite_error_kind,
    store_error,
)
from spotter.system import paths

log = logging.getLogger("spotter.store.database")


@dataclass(frozen=True)
class Recovery:
    """What happened when a damaged database was found (shown to the user)."""

    moved_to: Path
    restored_from: Path | None  # None: the bundled directory was used
    reason: str = ""
    #: The directory and settings were read back from the damaged file (newer than a backup).
    salvaged: bool = False

    @property
    def message(self) -> str:
        source = (
            f"the last good backup ({self.restored_from.name})"
            if self.restored_from
            else "the bundled directory (no good backup was found)"
        )
        why = f" ({self.reason})" if self.reason else ""
        if self.salvaged:
            return (
                f"Spotter's database was damaged{why}, so it was moved aside to "
                f"{self.moved_to} and restored from {source}; the services directory and "
                "practice settings were intact and were kept as they were. The import history "
                "may be missing recent entries."
            )
        return (
            f"Spotter's database was damaged{why}, so it was moved aside to "
            f"{self.moved_to} and restored from {source}. Check the practice settings and "
            "re-import any services file imported since that backup."
        )


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


def prune_backups() -> None:
    """Apply retention to the backups folder (see :mod:`spotter.store.backups`)."""
    backups.prune(paths.backups_dir())


def damage(store: Store) -> str | None:
    """Why an open store counts as damaged (quick_check), or None when it is healthy.

    Raises :class:`StoreError` for errors that are not damage (busy, disk, permissions).
    """
    try:
        problems = store.integrity_check(quick=True)
        store.db.execute("SELECT count(*) FROM services").fetchone()
    except sqlite3.Error as exc:
        if sqlite_error_kind(exc) != DAMAGED:
            raise store_error(store.path, exc, doing="checked") from None
        return str(exc)
    return "; ".join(problems[:3]) or None


def open_store_safely(path: Path | None = None) -> tuple[Store, Recovery | None]:
    """Open the store; if it is damaged, move it aside and restore the newest good backup.

    Errors that are not damage propagate as :class:`StoreError` with nothing moved.
    """
    path = path or paths.database_path()
    try:
        store = open_store(path)
    except CorruptDatabaseError as exc:
        reason = str(exc)
    else:
        try:
            problem = damage(store)
        except StoreError:
            store.close()
            raise
        if problem is None:
            if not store.read_only:
                daily_backup(store)
            return store, None
        store.close()
        reason = f"integrity check: {problem}"
    return recover(path, reason)


def recover(path: Path, reason: str = "") -> tuple[Store, Recovery]:
    """Move the damaged ``path`` aside and put the newest good backup (or the bundled
    directory) in its place."""
    log.error("database failed its check (%s); moving it aside", reason)
    try:
        moved = _move_aside(path)
    except OSError as exc:
        raise StoreError(
            f"{path} is damaged and could not be moved aside ({exc.strerror}); "
            "ask your IT support to check the data folder's permissions and free space."
        ) from None
    restored = backups.newest_good(path.parent / "backups")
    if restored is not None:
        staging = path.with_name(path.name + ".restoring")
        try:
            shutil.copyfile(restored, staging)
            staging.replace(path)
        except OSError as exc:
            staging.unlink(missing_ok=True)
            moved.replace(path)  # leave things as they were: nothing half-done
            raise DatabaseUnavailableError(
                f"{path} is damaged, and the backup {restored.name} could not be copied "
                f"back ({exc.strerror}); nothing was changed. Free some space and try again."
            ) from None
    store = open_store(path)
    salvaged = salvage(moved)
    if salvaged is not None:
        try:
            store.replace_directory(salvaged.directory, source=salvaged.source)
            store.set_settings(salvaged.settings)
        except (sqlite3.Error, StoreError) as exc:  # the restored copy stands as it is
            log.warning("salvaged rows could not be written back: %s", exc)
            salvaged = None
    recovery = Recovery(
        moved_to=moved,
        restored_from=restored,
        reason=_short(reason),
        salvaged=salvaged is not None,
    )
    log.warning(
        "database restored from %s%s",
        restored.name if restored else "bundled data",
        "; directory and settings salvaged from the damaged file" if salvaged else "",
    )
    return store, recovery


#: What a salvage needs intact: the directory's tables and the settings.
SALVAGE_TABLES = (
    "organisations",
    "services",
    "service_areas",
    "phones",
    "schedules",
    "settings",
    "meta",
)


@dataclass(frozen=True)
class Salvage:
    directory: Directory
    settings: dict[str, str]
    source: str


def salvage(damaged: Path) -> Salvage | None:
    """The directory and settings from a damaged file, if every table they live in passes
    ``PRAGMA integrity_check`` (damage confined to the import history or its snapshots).

    Newer than any backup, so they are kept; anything less than whole tables is not trusted.
    """
    try:
        conn = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        for table in SALVAGE_TABLES:
            rows = conn.execute(f"PRAGMA integrity_check({table})").fetchall()
            if [r[0] for r in rows] != ["ok"]:
                return None
        store = Store(sqlite_utils.Database(conn, execute_plugins=False), damaged, read_only=True)
        directory = store.load_directory()
        settings = store.settings()
        source = store.get_meta("directory_source") or "salvaged"
    except (sqlite3.Error, ValueError, KeyError) as exc:
        log.info("nothing salvaged from %s: %s", damaged.name, exc)
        return None
    finally:
        conn.close()
    if not directory.services:
        return None
    return Salvage(directory, settings, source)


def _short(reason: str) -> str:
    """The reason in a few words, without the path (the message names the moved file)."""
    if "empty (0 bytes)" in reason:
        return "the file was empty"
    if reason.startswith("integrity check"):
        return reason
    return reason.rsplit(" (", 1)[-1].rstrip(").") if " (" in reason else reason.rstrip(".")


def daily_backup(store: Store) -> Path | None:
    """Take today's backup if none has been taken yet (never raises: it must not stop work)."""
    folder = store.backups_folder
    if backups.taken_today(folder):
        return None
    try:
        return backup_database(store.db, "daily", folder)
    except (OSError, sqlite3.Error) as exc:
        log.warning("daily backup failed: %s", exc)
        return None
