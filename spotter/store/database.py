"""The SQLite store: directory, settings, import history and data versions.

This module is the database itself: opening it (read-only when its folder cannot be
written), its schema steps, backups, refusing a file from a newer Spotter, transactions and
the errors a user sees. How a directory becomes rows and back is
``spotter.store.repository``'s.

One file (``paths.database_path()``) opened through sqlite-utils. Schema changes are
``Migrations`` steps, each in its own transaction; the file is backed up before any step runs
on an existing database, and a database written by a newer Spotter (one that has applied
steps this version does not know) is refused rather than guessed at.

No patient data is ever stored here: only services, practice settings and import records.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from spotter.directory import (
    Directory,
    load_bundled_directory,
)
from spotter.store.repository import DirectoryRepository
from spotter.system import paths

log = logging.getLogger("spotter.store.database")

BUSY_TIMEOUT_MS = 5000

migrations = Migrations("spotter")


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of Spotter."""


class DatabaseBusyError(StoreError):
    """Another program holds the database's lock (SQLITE_BUSY/LOCKED): wait and try again.

    Never damage: nothing is moved aside or changed.
    """


class DatabaseUnavailableError(StoreError):
    """The disk or folder refused (full, I/O error, cannot open, read-only); nothing changed."""


class ReadOnlyDatabaseError(DatabaseUnavailableError):
    """The database or its folder cannot be written (permissions, a read-only share)."""


class CorruptDatabaseError(StoreError):
    """The database file is damaged or is not a Spotter database."""


# SQLite's primary result codes (https://sqlite.org/rescode.html). Extended codes carry the
# primary one in their low byte.
_PERM, _BUSY, _LOCKED, _NOMEM, _READONLY = 3, 5, 6, 7, 8
_IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 10, 11, 13, 14, 26

BUSY = "busy"
UNAVAILABLE = "unavailable"
DAMAGED = "damaged"
OTHER = "other"


def sqlite_error_kind(exc: BaseException) -> str:
    """Classify a SQLite error the way SQLite documents its result codes.

    ``busy`` (another connection holds a lock: wait, then say so), ``unavailable`` (disk full,
    I/O error, cannot open, read-only: report, change nothing), ``damaged`` (the file is
    corrupt or not a database: the only kind that justifies recovery) or ``other``.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        primary = code & 0xFF
        if primary in (_BUSY, _LOCKED):
            return BUSY
        if primary in (_FULL, _IOERR, _CANTOPEN, _READONLY, _PERM, _NOMEM):
            return UNAVAILABLE
        if primary in (_CORRUPT, _NOTADB):
            return DAMAGED
        return OTHER
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return BUSY
    if "malformed" in text or "not a database" in text:
        return DAMAGED
    if any(w in text for w in ("readonly", "read-only", "unable to open", "disk", "i/o")):
        return UNAVAILABLE
    return OTHER


def _is_access_problem(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_READONLY, _PERM, _CANTOPEN)
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _read_only_message(path: Path, exc: sqlite3.Error) -> str:
    return (
        f"{path} cannot be opened for writing ({exc}). Check that the data folder is writable, "
        "or start Spotter with --data-dir pointing at a folder you can write to."
    )


def busy_message(path: Path) -> str:
    return (
        "Spotter's database is in use by another program — try again in a moment "
        f"({path}; waited {BUSY_TIMEOUT_MS // 1000} s). Nothing was changed. If this keeps "
        "happening, close other copies of Spotter and any program that has the file open."
    )


def store_error(path: Path, exc: sqlite3.Error, *, doing: str = "opened") -> StoreError:
    """The user's message for a SQLite error on ``path``, classified by its result code."""
    kind = sqlite_error_kind(exc)
    if kind == BUSY:
        return DatabaseBusyError(busy_message(path))
    if kind == UNAVAILABLE:
        code = getattr(exc, "sqlite_errorcode", 0) or 0
        if code & 0xFF == _FULL:
            return DatabaseUnavailableError(
                f"the disk holding {path} is full, so Spotter's database could not be "
                f"{doing}; nothing was changed. Free some space and try again."
            )
        if code & 0xFF in (_IOERR, _NOMEM):
            return DatabaseUnavailableError(
                f"{path} could not be {doing} (the disk or system reported: {exc}; the disk "
                "may be full or failing); nothing was changed. Free some space and try again; "
                "if it keeps happening ask IT support to check the disk."
            )
        return ReadOnlyDatabaseError(_read_only_message(path, exc))
    if kind == DAMAGED:
        return CorruptDatabaseError(f"{path} is damaged or is not a Spotter database ({exc}).")
    return StoreError(f"{path} could not be {doing} ({exc}); nothing was changed.")


@migrations()
def m001_directory(db: sqlite_utils.Database) -> None:
    db.table("organisations").create(
        {"id": str, "name": str, "description": str, "email": str, "website": str}, pk="id"
    )
    db.table("services").create(
        {
            "id": str,
            "position": int,
            "organisation_id": str,
            "name": str,
            "description": str,
            "scope": str,
            "status": str,
            "email": str,
            "url": str,
            "hours": str,
            "eligibility": str,
            "minimum_age": int,
            "maximum_age": int,
            "application_process": str,
            "assured_date": str,
            "last_modified": str,
            "source": str,
            "guaranteed": int,
            "verify_note": str,
        },
        pk="id",
        foreign_keys=[("organisation_id", "organisations", "id")],
    )
    for table, columns in (
        ("service_areas", {"name": str}),
        ("phones", {"number": str, "type": str, "description": str}),
        (
            "schedules",
            {"byday": str, "opens_at": str, "closes_at": str, "description": str},
        ),
    ):
        db.table(table).create(
            {"service_id": str, "position": int, **columns},
            pk=("service_id", "position"),
            foreign_keys=[("service_id", "services", "id")],
        )


@migrations()
def m002_settings_and_meta(db: sqlite_utils.Database) -> None:
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("meta").create({"key": str, "value": str}, pk="key")


@migrations()
def m003_import_history(db: sqlite_utils.Database) -> None:
    """Imports and rollbacks, each with a snapshot of the directory it replaced."""
    db.table("directory_snapshots").create(
        {
            "id": int,
            "taken_at": str,
            "sha256": str,
            "service_count": int,
            "directory_json": str,
        },
        pk="id",
    )
    db.table("import_history").create(
        {
            "id": int,
            "at": str,
            "action": str,
            "file_name": str,
            "sha256": str,
            "mode": str,
            "added": int,
            "changed": int,
            "removed": int,
            "unchanged": int,
            "snapshot_id": int,
            "undone_by": int,
            "note": str,
        },
        pk="id",
        foreign_keys=[("snapshot_id", "directory_snapshots", "id")],
    )


@migrations()
def m004_feedback_and_activity(db: sqlite_utils.Database) -> None:
    """Problems reported with directory entries, and opt-in activity counts.

    Neither table can hold a patient detail: feedback is a service id, a field, a kind of
    problem, a short checked note and the day; activity is counts keyed by month, a fixed
    measure and a value from a closed list (see ``spotter.stats.counts``).
    """
    db.table("feedback").create(
        {"id": int, "reported_on": str, "service_id": str, "field": str, "problem": str,
         "note": str},
        pk="id",
    )  # fmt: skip
    db.table("activity_counts").create(
        {"month": str, "measure": str, "value": str, "count": int},
        pk=("month", "measure", "value"),
    )


@migrations()
def m005_service_details(db: sqlite_utils.Database) -> None:
    """What Open Referral files give that earlier versions dropped: a service's alert,
    languages, fees and interpreting; a phone's languages; when a schedule applies.

    Languages are stored as a JSON list of names ("" for none)."""
    for table, columns in (
        ("services", ("alert", "languages", "fees_description", "interpretation_services")),
        ("phones", ("languages",)),
        ("schedules", ("valid_from", "valid_to")),
    ):
        for column in columns:
            db.table(table).add_column(column, str)


#: How many previous directories are kept for rollback (older snapshots are dropped; their
#: history lines stay).
KEEP_SNAPSHOTS = 20


class StaleDirectoryError(StoreError):
    """The directory changed between a preview and its confirmation."""


def known_steps() -> list[str]:
    return [m.name for m in migrations._migrations]


def _connect(path: Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def backup_database(source: sqlite_utils.Database, label: str, folder: Path | None = None) -> Path:
    """Copy the database with SQLite's online backup into ``backups/``, check the copy, and
    apply retention; returns the copy. Raises :class:`~spotter.store.backups.BackupError`."""
    from spotter.store.backups import take_backup

    return take_backup(source.conn, folder or paths.backups_dir(), label)


class Store:
    """An open Spotter database."""

    def __init__(self, db: sqlite_utils.Database, path: Path, *, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        #: Opened without write access (a read-only data folder): reading works, writes fail.
        self.read_only = read_only
        #: The directory's tables: services read and written (``spotter.store.repository``).
        self.directory_rows = DirectoryRepository(db.conn)

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyDatabaseError(f"{self.read_only_notice} Nothing was changed.")

    @property
    def read_only_notice(self) -> str:
        """The one sentence that says the store is read-only (empty when it is not)."""
        return READ_ONLY_NOTICE.format(folder=self.path.parent) if self.read_only else ""

    # --- lifecycle ----------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backups_folder(self) -> Path:
        return self.path.parent / "backups"

    def backup(self, label: str) -> Path:
        """A checked copy of this database in :attr:`backups_folder` (before a change).

        Raises :class:`DatabaseUnavailableError` when no good copy can be written, so the
        change it protects does not go ahead.
        """
        from spotter.store.backups import BackupError

        try:
            return backup_database(self.db, label, self.backups_folder)
        except BackupError as exc:
            raise DatabaseUnavailableError(f"{exc}; nothing was changed.") from None
        except sqlite3.Error as exc:
            raise store_error(self.path, exc, doing="copied") from None

    @property
    def schema_version(self) -> int:
        """How many schema steps this file has applied."""
        return len(migrations.applied(self.db))

    def integrity_check(self, *, quick: bool = False) -> list[str]:
        """Problems ``PRAGMA integrity_check`` reports; an empty list means healthy."""
        pragma = "quick_check" if quick else "integrity_check"
        rows = [str(r[0]) for r in self.db.execute(f"PRAGMA {pragma}").fetchall()]
        return [] if rows == ["ok"] else rows

    # --- meta and settings --------------------------------------------------------------

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, key: str, value: str) -> None:
        self._check_writable()
        with self.db.atomic():
            self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    def settings(self) -> dict[str, str]:
        return {str(r["key"]): str(r["value"]) for r in self.db.table("settings").rows}

    def get_setting(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def set_settings(self, values: Mapping[str, str]) -> None:
        """Save several settings in one transaction."""
        self._check_writable()
        with self.db.atomic():
            for key, value in values.items():
                self.db.table("settings").upsert({"key": key, "value": value}, pk="key")

    # --- directory ----------------------------------------------------------------------

    def service_count(self) -> int:
        return self.directory_rows.count()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the same committed database.

        Without it each SELECT sees whatever was committed when it ran, so a directory read
        during an import elsewhere could pair the new services with the old areas.
        """
        conn = self.db.conn
        if conn.in_transaction:  # already inside one (a write transaction sees its own)
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            conn.rollback()  # only read: nothing to keep

    def load_directory_and_revision(self) -> tuple[Directory, str]:
        """The directory and its revision, read from the same snapshot."""
        with self.snapshot():
            return self._load_directory(), self.directory_revision()

    def data_version(self) -> int:
        """Changes when another connection (another process) commits to the database."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def load_directory(self) -> Directory:
        """Read the whole directory into memory, in one read transaction."""
        with self.snapshot():
            return self._load_directory()

    def _load_directory(self) -> Directory:
        """Read the whole directory (inside the caller's read transaction)."""
        return self.directory_rows.read()

    def _write_directory(self, directory: Directory, *, source: str) -> None:
        """Replace every directory row (inside the caller's transaction)."""
        self.directory_rows.write(directory, source=source)

    def replace_directory(self, directory: Directory, *, source: str) -> None:
        """Swap the whole directory for ``directory`` in one transaction."""
        self._check_writable()
        with self.db.atomic():
            self._write_directory(directory, source=source)

    def directory_revision(self) -> str:
        """Changes whenever the directory is written; a preview checks it before applying."""
        return self.get_meta("directory_revision")

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """One write transaction, taken at the start so nobody changes things under it."""
        conn = self.db.conn
        if conn.in_transaction:
            raise StoreError("a directory change cannot run inside another transaction")
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.rollback()
            raise
        else:
            conn.commit()

    def change_directory(
        self,
        directory: Directory | None,
        *,
        previous_json: str,
        previous_sha256: str,
        previous_count: int,
        expected_revision: str,
        history: Mapping[str, Any],
        undo_id: int | None = None,
    ) -> int:
        """Replace the directory and record it, all in one transaction; returns the history id.

        ``previous_json`` (the directory being replaced) is kept as a snapshot for rollback.
        ``directory`` None records the history line only (an import that changed nothing).
        Raises :class:`StaleDirectoryError` if the directory's revision is no longer
        ``expected_revision``. After a crash the database holds the old directory or the new
        one, with or without its history line accordingly, never a mix.
        """
        self._check_writable()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if directory is not None:
            self.backup(f"before-{history.get('action', 'change')}")
        with self._immediate():
            if self.directory_revision() != expected_revision:
                raise StaleDirectoryError(
                    "the directory was changed since this preview; preview the file again"
                )
            snapshot_id: int | None = None
            if directory is not None:
                snapshot_id = (
                    self.db.table("directory_snapshots")
                    .insert(
                        {
                            "taken_at": now,
                            "sha256": previous_sha256,
                            "service_count": previous_count,
                            "directory_json": previous_json,
                        }
                    )
                    .last_pk
                )
                self._write_directory(directory, source=str(history.get("file_name", "")))
            row = {
                "at": now,
                "undone_by": None,
                "note": "",
                **history,
                "snapshot_id": snapshot_id,
            }
            history_id = self.db.table("import_history").insert(row).last_pk
            assert isinstance(history_id, int)
            if undo_id is not None:
                self.db.execute(
                    "UPDATE import_history SET undone_by = ? WHERE id = ?", [history_id, undo_id]
                )
            self._prune_snapshots()
        return history_id

    def _prune_snapshots(self) -> None:
        old = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM directory_snapshots ORDER BY id DESC LIMIT -1 OFFSET ?",
                [KEEP_SNAPSHOTS],
            ).fetchall()
        ]
        for sid in old:
            self.db.execute(
                "UPDATE import_history SET snapshot_id = NULL WHERE snapshot_id = ?", [sid]
            )
            self.db.execute("DELETE FROM directory_snapshots WHERE id = ?", [sid])

    def import_history(self) -> list[dict[str, Any]]:
        """Every import and rollback, newest first."""
        return [dict(r) for r in self.db.query("SELECT * FROM import_history ORDER BY id DESC")]

    def snapshot_json(self, snapshot_id: int) -> str | None:
        row = self.db.execute(
            "SELECT directory_json FROM directory_snapshots WHERE id = ?", [snapshot_id]
        ).fetchone()
        return str(row[0]) if row else None


def _check_not_newer(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a file written by a newer Spotter; only reads (no lock beyond a read)."""
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - set(known_steps()))
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if unknown or version > len(known_steps()):
        found = f"schema step {unknown[0]!r}" if unknown else f"schema version {version}"
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Spotter (it has {found}, which this "
            "version does not know). It was left unchanged. Install the newer version, or "
            "start this one with --data-dir pointing at another folder."
        )


def folder_writable(path: Path) -> bool:
    """Whether the database file and its folder (for -wal/-shm and backups) can be written."""
    if not os.access(path.parent, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _connect_read_only(path: Path) -> sqlite_utils.Database:
    """A connection that cannot write, for a read-only folder or a file refused as newer."""
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        conn.close()  # never leave the file open: Windows could not move it aside
        if sqlite_error_kind(exc) != UNAVAILABLE:
            raise
        # A WAL file in a folder we cannot write has no -shm to share: read it as it is.
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db


def open_store(path: Path | None = None, *, seed: bool = True) -> Store:
    """Open (creating, migrating and seeding as needed) the Spotter database.

    Opening an up-to-date database only reads: it takes no write lock, so another program
    holding one (an import elsewhere) does not stop Spotter from starting. A folder that
    cannot be written gives a read-only store (:attr:`Store.read_only`). A file from a newer
    Spotter is checked through a read-only connection and refused byte-for-byte unchanged.

    Raises :class:`StoreError` subclasses with a message fit for the user: busy and
    unavailable are never reported as damage.
    """
    path = path or paths.database_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailableError(
            f"cannot create the data folder {path.parent}: {exc.strerror}"
        ) from None
    try:
        existed = path.exists()
        size = path.stat().st_size if existed else 0
    except OSError as exc:
        raise DatabaseUnavailableError(f"{path} cannot be read: {exc.strerror}") from None
    if existed and size == 0:
        raise CorruptDatabaseError(f"{path} is empty (0 bytes): its contents were lost.")
    writable = folder_writable(path)
    if existed:
        _probe(path)  # newer? damaged header? read-only connection, nothing written
    if not writable:
        if not existed:
            raise ReadOnlyDatabaseError(
                f"{path} cannot be created: the data folder {path.parent} is read-only. Start "
                "Spotter with --data-dir pointing at a folder you can write to."
            )
        return _open_read_only(path)
    db: sqlite_utils.Database | None = None
    stage = "opened"
    try:
        db = _connect(path)
        _check_not_newer(db, path)
        mode = str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if mode != "wal":
            stage = "prepared"
            db.execute("PRAGMA journal_mode = WAL")
        pending = migrations.pending(db)
        if pending:
            stage = "upgraded"
            if existed and migrations.applied(db):
                backup_database(db, f"before-{pending[0].name}", path.parent / "backups")
            migrations.apply(db)
            db.execute(f"PRAGMA user_version = {len(known_steps())}")
        store = Store(db, path)
        if seed and store.get_meta("directory_source") == "":
            stage = "filled"
            store.replace_directory(load_bundled_directory(), source="bundled")
            log.info("seeded the directory from the bundled file")
    except (sqlite3.Error, OSError, StoreError) as exc:
        if db is not None:
            db.close()  # never leave the file open: Windows could not move it aside
        raise _open_error(path, exc, stage) from None
    return store


def _connect_checked(path: Path) -> sqlite_utils.Database:
    """A read-only connection to an existing file not written by a newer Spotter."""
    try:
        db = _connect_read_only(path)
    except sqlite3.Error as exc:
        raise _open_error(path, exc, "opened") from None
    try:
        _check_not_newer(db, path)
    except (sqlite3.Error, StoreError) as exc:
        db.close()
        raise _open_error(path, exc, "opened") from None
    return db


def _probe(path: Path) -> None:
    """Check an existing file through a read-only connection before anything writes to it."""
    _connect_checked(path).close()


def _open_read_only(path: Path) -> Store:
    db = _connect_checked(path)
    try:
        if migrations.pending(db):
            raise ReadOnlyDatabaseError(
                f"{path} needs upgrading, but its folder is read-only. Start Spotter with "
                "--data-dir pointing at a folder you can write to."
            )
        store = Store(db, path, read_only=True)
        store.get_meta("directory_source")
    except (sqlite3.Error, StoreError) as exc:
        db.close()
        raise _open_error(path, exc, "opened") from None
    log.warning("data folder %s is read-only: opened the database read-only", path.parent)
    return store


def _open_error(path: Path, exc: Exception, stage: str) -> StoreError:
    """The user's message for a failure while opening, upgrading or seeding."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        return DatabaseUnavailableError(
            f"{path}: a backup before upgrading could not be written ({exc}); nothing was changed."
        )
    assert isinstance(exc, sqlite3.Error)
    return store_error(path, exc, doing=stage)


READ_ONLY_NOTICE = (
    "Spotter's data folder {folder} is read-only, so Spotter is in read-only mode: finding "
    "services, listing them and writing letters work; imports and settings cannot be saved."
)


@contextmanager
def opened(path: Path | None = None) -> Iterator[Store]:
    store = open_store(path)
    try:
        yield store
    finally:
        store.close()
