"""The SQLite store: directory, settings, import history and data versions.

One file (``paths.database_path()``) opened through sqlite-utils. Schema changes are
``Migrations`` steps, each in its own transaction; the file is backed up before any step runs
on an existing database, and a database written by a newer Spotter (one that has applied
steps this version does not know) is refused rather than guessed at.

No patient data is ever stored here: only services, practice settings and import records.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from spotter import paths
from spotter.directory import (
    Directory,
    Organisation,
    Phone,
    Schedule,
    Scope,
    Service,
    Status,
    load_bundled_directory,
)

log = logging.getLogger("spotter.storage")

BUSY_TIMEOUT_MS = 5000

migrations = Migrations("spotter")


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of Spotter."""


class ReadOnlyDatabaseError(StoreError):
    """The database or its folder cannot be written (permissions, a read-only share)."""


def _is_access_problem(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _read_only_message(path: Path, exc: sqlite3.OperationalError) -> str:
    return (
        f"{path} cannot be opened for writing ({exc}). Check that the data folder is writable, "
        "or start Spotter with --data-dir pointing at a folder you can write to."
    )


class CorruptDatabaseError(StoreError):
    """The database file is damaged or is not a Spotter database."""


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


def backup_database(source: sqlite_utils.Database, label: str) -> Path:
    """Copy the database with SQLite's online backup into ``backups/`` and return the copy."""
    target_dir = paths.backups_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = target_dir / f"spotter-{stamp}-{label}.sqlite3"
    dest = sqlite3.connect(str(target))
    try:
        source.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal/-shm
    finally:
        dest.close()
    log.info("backed up database to %s", target.name)
    return target


class Store:
    """An open Spotter database."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path

    # --- lifecycle ----------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        with self.db.atomic():
            self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    def settings(self) -> dict[str, str]:
        return {str(r["key"]): str(r["value"]) for r in self.db.table("settings").rows}

    def get_setting(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def set_settings(self, values: Mapping[str, str]) -> None:
        """Save several settings in one transaction."""
        with self.db.atomic():
            for key, value in values.items():
                self.db.table("settings").upsert({"key": key, "value": value}, pk="key")

    # --- directory ----------------------------------------------------------------------

    def service_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM services").fetchone()[0])

    def load_directory(self) -> Directory:
        """Read the whole directory into memory (services keep their file order).

        Read with plain cursors (rows as tuples, one pass per table): this runs before every
        import preview and at start, with up to tens of thousands of services.
        """
        conn = self.db.conn
        orgs = {
            oid: Organisation(
                id=oid,
                name=name,
                description=description or "",
                email=email or "",
                website=website or "",
            )
            for oid, name, description, email, website in conn.execute(
                "SELECT id, name, description, email, website FROM organisations"
            )
        }
        areas: defaultdict[str, list[str]] = defaultdict(list)
        for sid, name in conn.execute(
            "SELECT service_id, name FROM service_areas ORDER BY service_id, position"
        ):
            areas[sid].append(name)
        phones: defaultdict[str, list[Phone]] = defaultdict(list)
        for sid, number, ptype, description in conn.execute(
            "SELECT service_id, number, type, description FROM phones ORDER BY service_id, position"
        ):
            phones[sid].append(Phone(number, ptype, description or ""))
        schedules: defaultdict[str, list[Schedule]] = defaultdict(list)
        for sid, byday, opens_at, closes_at, description in conn.execute(
            "SELECT service_id, byday, opens_at, closes_at, description FROM schedules "
            "ORDER BY service_id, position"
        ):
            schedules[sid].append(Schedule(byday, opens_at, closes_at, description or ""))
        scopes = {s.value: s for s in Scope}
        statuses = {s.value: s for s in Status}
        dates: dict[str | None, date | None] = {None: None, "": None}
        services = []
        for (
            sid,
            organisation_id,
            name,
            description,
            scope,
            status,
            email,
            url,
            hours,
            eligibility,
            minimum_age,
            maximum_age,
            application_process,
            assured_date,
            last_modified,
            source,
            guaranteed,
            verify_note,
        ) in conn.execute(
            "SELECT id, organisation_id, name, description, scope, status, email, url, hours, "
            "eligibility, minimum_age, maximum_age, application_process, assured_date, "
            "last_modified, source, guaranteed, verify_note FROM services ORDER BY position"
        ):
            for text in (assured_date, last_modified):
                if text not in dates:
                    dates[text] = _date_or_none(text)
            services.append(
                Service(
                    id=sid,
                    organisation=orgs[organisation_id],
                    name=name,
                    scope=scopes[scope] if scope in scopes else Scope(scope),
                    areas=tuple(areas.get(sid, ())),
                    source=source or "",
                    description=description or "",
                    status=statuses[status] if status in statuses else Status(status),
                    phones=tuple(phones.get(sid, ())),
                    email=email or "",
                    url=url or "",
                    hours=hours or "",
                    schedules=tuple(schedules.get(sid, ())),
                    eligibility=eligibility or "",
                    minimum_age=minimum_age,
                    maximum_age=maximum_age,
                    application_process=application_process or "",
                    assured_date=dates[assured_date],
                    last_modified=dates[last_modified],
                    guaranteed=bool(guaranteed),
                    verify_note=verify_note or "",
                )
            )
        meta = json.loads(self.get_meta("directory_meta", "{}"))
        return Directory(
            services=tuple(services),
            version=self.get_meta("directory_version"),
            title=self.get_meta("directory_title"),
            meta={str(k): str(v) for k, v in meta.items()},
        )

    def replace_directory(self, directory: Directory, *, source: str) -> None:
        """Swap the whole directory for ``directory`` in one transaction."""
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
        now = datetime.now(UTC).isoformat(timespec="seconds")
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

    def _write_directory(self, directory: Directory, *, source: str) -> None:
        """Replace every directory row (inside the caller's transaction).

        Plain ``executemany`` with fixed column lists: the rows are known, and building each
        statement per batch is slower than writing the rows themselves.
        """
        conn = self.db.conn
        for table in ("service_areas", "phones", "schedules", "services", "organisations"):
            conn.execute(f"DELETE FROM {table}")
        services = directory.services
        conn.executemany(
            "INSERT INTO organisations (id, name, description, email, website) "
            "VALUES (?, ?, ?, ?, ?)",
            [(o.id, o.name, o.description, o.email, o.website) for o in directory.organisations],
        )
        columns = ", ".join(_SERVICE_COLUMNS)
        marks = ", ".join("?" for _ in _SERVICE_COLUMNS)
        conn.executemany(
            f"INSERT INTO services ({columns}) VALUES ({marks})",
            [_service_values(s, i) for i, s in enumerate(services)],
        )
        conn.executemany(
            "INSERT INTO service_areas (service_id, position, name) VALUES (?, ?, ?)",
            [(s.id, i, a) for s in services for i, a in enumerate(s.areas)],
        )
        conn.executemany(
            "INSERT INTO phones (service_id, position, number, type, description) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (s.id, i, p.number, p.type, p.description)
                for s in services
                for i, p in enumerate(s.phones)
            ],
        )
        conn.executemany(
            "INSERT INTO schedules "
            "(service_id, position, byday, opens_at, closes_at, description) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (s.id, i, sc.byday, sc.opens_at, sc.closes_at, sc.description)
                for s in services
                for i, sc in enumerate(s.schedules)
            ],
        )
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [
                ("directory_version", directory.version),
                ("directory_title", directory.title),
                ("directory_meta", json.dumps(dict(directory.meta), sort_keys=True)),
                ("directory_source", source),
                ("directory_loaded_at", datetime.now(UTC).isoformat(timespec="seconds")),
                ("directory_revision", uuid.uuid4().hex),
            ],
        )


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_SERVICE_COLUMNS = (
    "id",
    "position",
    "organisation_id",
    "name",
    "description",
    "scope",
    "status",
    "email",
    "url",
    "hours",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "application_process",
    "assured_date",
    "last_modified",
    "source",
    "guaranteed",
    "verify_note",
)


def _service_values(s: Service, position: int) -> tuple[Any, ...]:
    """One ``services`` row, in the order of :data:`_SERVICE_COLUMNS`."""
    return (
        s.id,
        position,
        s.organisation.id,
        s.name,
        s.description,
        s.scope.value,
        s.status.value,
        s.email,
        s.url,
        s.hours,
        s.eligibility,
        s.minimum_age,
        s.maximum_age,
        s.application_process,
        s.assured_date.isoformat() if s.assured_date else None,
        s.last_modified.isoformat() if s.last_modified else None,
        s.source,
        int(s.guaranteed),
        s.verify_note,
    )


def _check_not_newer(db: sqlite_utils.Database, path: Path) -> None:
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - set(known_steps()))
    if unknown:
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Spotter (it has schema step "
            f"{unknown[0]!r}, which this version does not know). Install the newer version, "
            "or start this one with --data-dir pointing at another folder."
        )


def open_store(path: Path | None = None, *, seed: bool = True) -> Store:
    """Open (creating, migrating and seeding as needed) the Spotter database.

    Raises :class:`StoreError` subclasses with a message fit for the user.
    """
    path = path or paths.database_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {path.parent}: {exc.strerror}") from None
    existed = path.exists() and path.stat().st_size > 0
    db: sqlite_utils.Database | None = None
    stage = "open"
    try:
        db = _connect(path)
        db.execute("PRAGMA journal_mode = WAL")
        _check_not_newer(db, path)
        stage = "upgrade"
        pending = migrations.pending(db)
        if pending and existed and migrations.applied(db):
            backup_database(db, f"before-{pending[0].name}")
        migrations.apply(db)
        # Also a write probe: a read-only file or folder fails here, at start, not mid-import.
        db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
        store = Store(db, path)
        if seed and store.get_meta("directory_source") == "":
            store.replace_directory(load_bundled_directory(), source="bundled")
            log.info("seeded the directory from the bundled file")
    except (sqlite3.Error, OSError, StoreError) as exc:
        if db is not None:
            db.close()  # never leave the file open: Windows could not move it aside
        raise _open_error(path, exc, stage) from None
    return store


def _open_error(path: Path, exc: Exception, stage: str) -> StoreError:
    """The user's message for a failure while opening (``stage`` "open") or upgrading."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        return StoreError(f"{path}: a backup before upgrading could not be written ({exc}).")
    if isinstance(exc, sqlite3.OperationalError) and _is_access_problem(exc):
        return ReadOnlyDatabaseError(_read_only_message(path, exc))
    if stage == "open":
        return CorruptDatabaseError(f"{path} is damaged or is not a Spotter database ({exc}).")
    return CorruptDatabaseError(f"{path} could not be read or upgraded ({exc}).")


@contextmanager
def opened(path: Path | None = None) -> Iterator[Store]:
    store = open_store(path)
    try:
        yield store
    finally:
        store.close()
