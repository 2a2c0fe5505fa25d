"""The directory's tables: reading and writing every service, organisation, area, phone and
schedule, as the fields table (``spotter.directory.fields``) describes them.

Opening the database, its schema steps, backups and transactions are ``spotter.store.database``'s;
this module only maps a :class:`~spotter.directory.Directory` to rows and back, inside whatever
transaction its caller holds.
"""

from __future__ import annotations

import json
import operator
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from spotter.directory import Directory, Organisation, Phone, Schedule, Scope, Service, Status
from spotter.directory.fields import SERVICE_FIELDS, SQL_COLUMNS, Kind

#: The directory's tables, children first (the order rows are deleted in).
DIRECTORY_TABLES = ("service_areas", "phones", "schedules", "services", "organisations")


class DirectoryRepository:
    """The directory's rows in one open connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._columns: dict[str, set[str]] = {}

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM services").fetchone()[0])

    def _meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def read(self) -> Directory:
        """Read the whole directory into memory (services keep their file order).

        Read with plain cursors (rows as tuples, one pass per table): this runs before every
        import preview and at start, with up to tens of thousands of services.
        """
        conn = self.conn
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
        for sid, number, ptype, description, languages in conn.execute(
            f"SELECT service_id, number, type, description, {self._or_null('phones', 'languages')}"
            " FROM phones ORDER BY service_id, position"
        ):
            phones[sid].append(Phone(number, ptype, description or "", _names_from_sql(languages)))
        schedules: defaultdict[str, list[Schedule]] = defaultdict(list)
        dates: dict[str | None, date | None] = {None: None, "": None}

        def day(text: str | None) -> date | None:
            if text not in dates:
                dates[text] = _date_or_none(text)
            return dates[text]

        valid = ", ".join(self._or_null("schedules", c) for c in ("valid_from", "valid_to"))
        for sid, byday, opens_at, closes_at, description, valid_from, valid_to in conn.execute(
            f"SELECT service_id, byday, opens_at, closes_at, description, {valid} FROM schedules "
            "ORDER BY service_id, position"
        ):
            schedules[sid].append(
                Schedule(
                    byday, opens_at, closes_at, description or "", day(valid_from), day(valid_to)
                )
            )
        scopes = {s.value: s for s in Scope}
        statuses = {s.value: s for s in Status}
        readers: dict[Kind, Callable[[Any], Any]] = {
            Kind.DATE: day,
            Kind.SCOPE: lambda v: scopes[v] if v in scopes else Scope(v),
            Kind.STATUS: lambda v: statuses[v] if v in statuses else Status(v),
            Kind.FLAG: bool,
            Kind.NAMES: _names_from_sql,
        }
        fields = [
            f for f in SERVICE_FIELDS if f.sql is not None and f.kind is not Kind.ORGANISATION
        ]
        names = [f.name for f in fields]
        # Text comes out of SQL as it is stored ('' for NULL); only the other kinds are
        # converted in Python, one call per value that needs it (start-up reads every row).
        convert = [(i, f.name, readers[f.kind]) for i, f in enumerate(fields) if f.kind in readers]
        columns = ", ".join(
            f"COALESCE({self._or_null('services', f.sql or '')}, '')"
            if f.kind in _TEXT_KINDS
            else self._or_null("services", f.sql or "")
            for f in fields
        )
        services = []
        for organisation_id, *row in conn.execute(
            f"SELECT organisation_id, {columns} FROM services ORDER BY position"
        ):
            sid = row[0]
            values = dict(zip(names, row, strict=True))
            for i, name, read in convert:
                values[name] = read(row[i])
            services.append(
                Service(
                    organisation=orgs[organisation_id],
                    areas=tuple(areas.get(sid, ())),
                    phones=tuple(phones.get(sid, ())),
                    schedules=tuple(schedules.get(sid, ())),
                    **values,
                )
            )
        meta = json.loads(self._meta("directory_meta", "{}"))
        return Directory(
            services=tuple(services),
            version=self._meta("directory_version"),
            title=self._meta("directory_title"),
            meta={str(k): str(v) for k, v in meta.items()},
        )

    def _or_null(self, table: str, column: str) -> str:
        """``column``, or NULL when ``table`` lacks it (a damaged older file being salvaged,
        read before any upgrade)."""
        if table not in self._columns:
            rows = self.conn.execute(f"PRAGMA table_info({table})").fetchall()
            self._columns[table] = {str(r[1]) for r in rows}
        return column if column in self._columns[table] else "NULL"

    def write(self, directory: Directory, *, source: str) -> None:
        """Replace every directory row (inside the caller's transaction).

        Plain ``executemany`` with fixed column lists: the rows are known, and building each
        statement per batch is slower than writing the rows themselves.
        """
        conn = self.conn
        for table in DIRECTORY_TABLES:
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
            "INSERT INTO phones (service_id, position, number, type, description, languages) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (s.id, i, p.number, p.type, p.description, _names_to_sql(p.languages))
                for s in services
                for i, p in enumerate(s.phones)
            ],
        )
        conn.executemany(
            "INSERT INTO schedules (service_id, position, byday, opens_at, closes_at, "
            "description, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    s.id,
                    i,
                    sc.byday,
                    sc.opens_at,
                    sc.closes_at,
                    sc.description,
                    _day_to_sql(sc.valid_from),
                    _day_to_sql(sc.valid_to),
                )
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


#: Kinds stored as text and read back as it is.
_TEXT_KINDS = frozenset({Kind.TEXT, Kind.PROSE, Kind.EMAIL, Kind.URL})


def _names_from_sql(value: str | None) -> tuple[str, ...]:
    return tuple(json.loads(value)) if value else ()


def _names_to_sql(names: tuple[str, ...]) -> str:
    return json.dumps(list(names), ensure_ascii=False) if names else ""


def _day_to_sql(value: date | None) -> str | None:
    return value.isoformat() if value else None


#: How a stored value of each kind becomes its column (kinds not here are stored as they are).
_TO_SQL: dict[Kind, Callable[[Any], Any]] = {
    Kind.DATE: _day_to_sql,
    Kind.SCOPE: lambda v: v.value,
    Kind.STATUS: lambda v: v.value,
    Kind.FLAG: int,
    Kind.NAMES: _names_to_sql,
}


def _service_writers() -> tuple[Callable[[Service], Any], ...]:
    """How each stored field of :data:`SERVICE_FIELDS` becomes its ``services`` column."""
    writers: list[Callable[[Service], Any]] = []
    for spec in SERVICE_FIELDS:
        if spec.sql is None:
            continue
        if spec.kind is Kind.ORGANISATION:
            writers.append(lambda s: s.organisation.id)
            continue
        convert = _TO_SQL.get(spec.kind)
        name = spec.name
        if convert is None:
            writers.append(lambda s, name=name: getattr(s, name))  # type: ignore[misc]
        else:
            writers.append(lambda s, name=name, c=convert: c(getattr(s, name)))  # type: ignore[misc]
    return tuple(writers)


#: The ``services`` columns written, in the order of :func:`_service_values`.
_SERVICE_COLUMNS = ("position", *SQL_COLUMNS)
_SERVICE_WRITERS = _service_writers()


def _service_getters() -> tuple[Callable[[Service], tuple[Any, ...]], tuple[tuple[int, Any], ...]]:
    """What :data:`_SERVICE_WRITERS` does in one C call: every stored attribute at once, then
    the conversions by position (1 onwards: 0 is the service's position)."""
    names: list[str] = []
    converts: list[tuple[int, Any]] = []
    for spec in SERVICE_FIELDS:
        if spec.sql is None:
            continue
        if spec.kind is Kind.ORGANISATION:
            names.append("organisation.id")
            continue
        names.append(spec.name)
        convert = _TO_SQL.get(spec.kind)
        if convert is not None:
            converts.append((len(names), convert))
    return operator.attrgetter(*names), tuple(converts)


_GET_SERVICE, _CONVERT_SERVICE = _service_getters()


def _service_values(s: Service, position: int) -> list[Any]:
    """One ``services`` row, in the order of :data:`_SERVICE_COLUMNS` (as the
    :data:`_SERVICE_WRITERS` give it; a test compares the two)."""
    row = [position, *_GET_SERVICE(s)]
    for i, convert in _CONVERT_SERVICE:
        row[i] = convert(row[i])
    return row
