"""HSDS tabular packages: a folder or a .zip of CSV files, one per table, joined by id.

Open Referral publishes the Human Services Data Specification as a *tabular data package*:
``services.csv``, ``organizations.csv``, ``phones.csv``, ``service_areas.csv`` and
``schedules.csv`` (``regular_schedules.csv`` in HSDS 1), each row naming the service it
belongs to in ``service_id``; an optional ``datapackage.json`` names the file of each
resource. This module reads such a package and builds the nested service objects an HSDS 3
JSON feed gives, so the JSON reader, the checks, ``--select``, "not kept" and the report are
the same for both. Problems are then placed back where they are in the package:
``phones.csv line 12, number``.

A .zip is read in memory, never extracted. What it may hold is limited: the CSV files read
count together against :data:`MAX_FILE_BYTES` *uncompressed* (a few KB of zip can inflate to
gigabytes), sizes are counted as the bytes come out rather than trusted from the zip's own
header, and a zip with a member named with ``..`` or an absolute path is refused outright.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from spotter.importing.reading import MAX_FILE_BYTES, RawFile, decode
from spotter.importing.report import Problem, ValidationReport
from spotter.importing.validate import Checked

#: More members than this is not a package of tables (and not worth listing).
MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024

#: The tables Spotter reads, with the file names they have when there is no datapackage.json.
TABLES: dict[str, tuple[str, ...]] = {
    "service": ("services.csv", "service.csv"),
    "organization": ("organizations.csv", "organization.csv"),
    "phone": ("phones.csv", "phone.csv"),
    "service_area": ("service_areas.csv", "service_area.csv"),
    "schedule": ("schedules.csv", "schedule.csv"),
    "regular_schedule": ("regular_schedules.csv", "regular_schedule.csv"),
    "service_at_location": (
        "service_at_location.csv",
        "services_at_location.csv",
        "service_at_locations.csv",
    ),
    "contact": ("contacts.csv", "contact.csv"),
}
#: Service columns that are always passed on (even empty: an empty cell clears the value).
_SERVICE_KEYS = frozenset(
    {
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "application_process",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "last_modified",
    }
)
_ORG_KEYS = frozenset({"id", "name", "description", "email", "website", "url"})
#: Columns that join a row to its service (not service data).
_LINK_KEYS = frozenset(
    {"service_id", "location_id", "organization_id", "contact_id", "service_at_location_id"}
)
_DAY_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
#: The columns an area is read from, in the JSON reader's order.
_AREA_COLUMNS = ("name", "service_area", "uri", "extent")
_SERVICE_PATH = re.compile(r"^services\[(\d+)\]$")
_ITEM_REF = re.compile(
    r"^(phones|service_areas|schedules|regular_schedules)\[(\d+)\](?:\.(?P<rest>.*))?$"
)
_ORG_REF = re.compile(r"^organizations\[(\d+)\](?:\.(?P<rest>.*))?$")
_SERVICE_IN_TEXT = re.compile(r"services\[(\d+)\]")


def is_package(path: Path) -> bool:
    """True for a folder or a .zip: what :func:`read_package` reads."""
    return path.is_dir() or path.suffix.lower() == ".zip"


# --- where each object came from --------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """A row of a file in the package (line 1 is the header)."""

    member: str
    line: int
    #: The column a whole item was read from (an area's ``name`` or ``service_area``).
    column: str = ""


@dataclass
class Origins:
    """Where each service, organisation and list item of the built document came from."""

    services: list[Origin] = field(default_factory=list)
    organizations: list[Origin] = field(default_factory=list)
    #: (service index, list key, item index) -> origin
    items: dict[tuple[int, str, int], Origin] = field(default_factory=dict)

    def place(self, problem: Problem) -> Problem:
        """``problem`` with the file and line it is about instead of a JSON path."""
        message = _SERVICE_IN_TEXT.sub(self._text, problem.message)
        path = problem.path or ""
        if (match := _ORG_REF.match(problem.field)) and int(match[1]) < len(self.organizations):
            origin = self.organizations[int(match[1])]
            return self._at(problem, origin, match["rest"] or "", message)
        if (match := _ORG_REF.match(path)) and int(match[1]) < len(self.organizations):
            return self._at(problem, self.organizations[int(match[1])], problem.field, message)
        match = _SERVICE_PATH.match(path)
        if match is None or int(match[1]) >= len(self.services):
            return replace(problem, message=message)
        index = int(match[1])
        item = _ITEM_REF.match(problem.field)
        if item is not None:
            found = self.items.get((index, item[1], int(item[2])))
            if found is not None:
                return self._at(problem, found, item["rest"] or found.column, message)
        return self._at(problem, self.services[index], problem.field, message)

    def service(self, path: str | None) -> Origin | None:
        match = _SERVICE_PATH.match(path or "")
        if match is None or int(match[1]) >= len(self.services):
            return None
        return self.services[int(match[1])]

    def _text(self, match: re.Match[str]) -> str:
        index = int(match[1])
        if index >= len(self.services):
            return match[0]
        origin = self.services[index]
        return f"{origin.member} line {origin.line}"

    @staticmethod
    def _at(problem: Problem, origin: Origin, field_name: str, message: str) -> Problem:
        return replace(
            problem, path=origin.member, line=origin.line, field=field_name, message=message
        )


@dataclass
class Package:
    """A package read: its services as an HSDS JSON document, and where each part came from."""

    raw: RawFile
    document: dict[str, Any]
    shape: str
    origins: Origins

    def place(self, problems: Iterable[Problem]) -> list[Problem]:
        return [self.origins.place(p) for p in problems]

    def relocate(self, checked: Checked) -> Checked:
        """``checked`` placed at its row of services.csv."""
        origin = self.origins.service(checked.path)
        if origin is None:
            return checked
        return replace(checked, line=origin.line, path=origin.member)


# --- the members of a folder or a zip ---------------------------------------------------


class _Refused(Exception):
    """The package cannot be read; the message says why (already in words)."""


@dataclass
class _Members:
    """The files of the package's folder: name -> a way to read its bytes (size-limited)."""

    label: str
    names: dict[str, Callable[[int], bytes]]
    #: The zip's own hash; for a folder, worked out from the files read (see :meth:`sha256`).
    whole: str = ""
    read_total: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def read(self, name: str) -> bytes:
        data = self.names[name](MAX_FILE_BYTES - self.read_total)
        self.read_total += len(data)
        self.hashes.append(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return data

    def sha256(self) -> str:
        return self.whole or hashlib.sha256(b"".join(sorted(self.hashes))).hexdigest()


def _bounded(stream: io.BufferedIOBase | Any, limit: int, name: str) -> bytes:
    """Read at most ``limit`` bytes; refuse the package if there are more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit - total + 1))
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise _Refused(
                f"{name} makes the package larger than {MAX_FILE_BYTES // 1024 // 1024} MB "
                "uncompressed, the largest Spotter reads"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _safe_relative(name: str) -> PurePosixPath | None:
    """``name`` as a relative path inside the package, or None for ``..``/absolute names."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    path = PurePosixPath(name)
    if any(part == ".." for part in path.parts):
        return None
    return path


def _zip_members(path: Path) -> _Members:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _Refused(
            f"the file is {size / 1024 / 1024:.1f} MB; the largest Spotter accepts is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB"
        )
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _Refused(f"not a readable .zip file ({exc})") from exc
    if len(infos) > MAX_MEMBERS:
        raise _Refused(f"the .zip holds {len(infos)} files: not a package of tables")
    by_path: dict[PurePosixPath, zipfile.ZipInfo] = {}
    for info in infos:
        relative = _safe_relative(info.filename)
        if relative is None:
            raise _Refused(
                f"the .zip holds a file named {info.filename!r}, outside its own folder: "
                "refused (a safe package never names files like that)"
            )
        if info.is_dir() or relative.parts[0] == "__MACOSX" or relative.name.startswith("._"):
            continue
        by_path[relative] = info
    found = [p for p in by_path if p.name.lower() in TABLES["service"]]
    if not found:
        raise _Refused(
            "the .zip holds no services.csv: an HSDS tabular package has services.csv, "
            "organizations.csv, phones.csv, service_areas.csv and schedules.csv"
        )
    base = min((p.parent for p in found), key=lambda p: len(p.parts))

    def opener(info: zipfile.ZipInfo) -> Callable[[int], bytes]:
        def read(limit: int) -> bytes:
            if info.flag_bits & 0x1:
                raise _Refused(f"{info.filename} is encrypted; Spotter reads unencrypted zips")
            if info.file_size > limit:
                raise _Refused(
                    f"{info.filename} makes the package larger than "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB uncompressed, the largest Spotter reads"
                )
            try:
                with archive.open(info) as stream:
                    return _bounded(stream, limit, info.filename)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
                raise _Refused(f"{info.filename} cannot be read from the .zip ({exc})") from exc

        return read

    names = {
        p.relative_to(base).as_posix(): opener(info)
        for p, info in by_path.items()
        if p.parent == base or base in p.parents
    }
    return _Members(path.name, names, whole=hashlib.sha256(data).hexdigest())


def _folder_members(path: Path) -> _Members:
    root = path.resolve()
    names: dict[str, Callable[[int], bytes]] = {}
    for child in sorted(path.iterdir()):
        if not child.is_file():
            continue
        target = child.resolve()
        if root not in target.parents:  # a link to a file elsewhere is not part of the package
            continue

        def read(limit: int, target: Path = target, name: str = child.name) -> bytes:
            try:
                with target.open("rb") as stream:
                    return _bounded(stream, limit, name)
            except OSError as exc:
                raise _Refused(f"{name} cannot be read ({exc.strerror or exc})") from exc

        names[child.name] = read
    if not any(n.lower() in TABLES["service"] for n in names):
        raise _Refused(
            f"the folder {path.name} holds no services.csv: an HSDS tabular package has "
            "services.csv, organizations.csv, phones.csv, service_areas.csv and schedules.csv"
        )
    return _Members(path.name, names)


# --- reading ----------------------------------------------------------------------------


@dataclass
class _Table:
    member: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _resource_files(members: _Members, report: ValidationReport) -> dict[str, str]:
    """Table -> member name, from datapackage.json when there is one, else the usual names."""
    lower = {n.lower(): n for n in members.names}
    chosen: dict[str, str] = {}
    if "datapackage.json" in lower:
        name = lower["datapackage.json"]
        text = members.read(name).decode("utf-8-sig", errors="replace")
        try:
            package = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            report.warning("", f"not valid JSON ({exc}): the usual file names are used", path=name)
            package = {}
        resources = package.get("resources") if isinstance(package, dict) else None
        for resource in resources if isinstance(resources, list) else []:
            if not isinstance(resource, dict):
                continue
            table = str(resource.get("name", "")).strip().lower().removesuffix("s")
            table = "service_at_location" if table == "services_at_location" else table
            target = resource.get("path")
            if table not in TABLES or not isinstance(target, str):
                continue
            relative = _safe_relative(target)
            if relative is None:
                raise _Refused(
                    f"datapackage.json names {target!r} for {table}, outside the package: refused"
                )
            if relative.as_posix() in members.names:
                chosen[table] = relative.as_posix()
    for table, names in TABLES.items():
        if table not in chosen:
            found = next((lower[n] for n in names if n in lower), None)
            if found is not None:
                chosen[table] = found
    return chosen


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def _read_table(member: str, data: bytes, report: ValidationReport) -> _Table | None:
    inner = ValidationReport(member)
    raw = decode(member, data, inner)
    for problem in inner.problems:
        report.problems.append(
            replace(problem, file=report.file, path=member, field="", line=problem.line)
        )
    if raw is None:
        return None
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    reader = csv.reader(io.StringIO(raw.text, newline=""), strict=False)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [_key(h) for h in next(reader, [])]
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not "".join(row).strip():
                continue
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                report.error(
                    "",
                    f"has {len(row)} values but the header has {len(header)} columns",
                    path=member,
                    line=start,
                )
                continue
            rows.append((start, {k: v for k, v in zip(header, row, strict=False) if k}))
    except csv.Error as exc:
        report.error("", f"not a readable CSV file ({exc})", path=member, line=reader.line_num)
        return None
    return _Table(member, header, rows)


def read_package(path: Path, report: ValidationReport) -> Package | None:
    """The package's services as an HSDS document, or None with the reasons in ``report``."""
    try:
        members = _zip_members(path) if path.is_file() else _folder_members(path)
        return _build(members, report)
    except _Refused as exc:
        report.error("file", str(exc))
    except FileNotFoundError:
        report.error("file", f"there is no file or folder at {path}")
    except OSError as exc:
        report.error("file", f"the package cannot be read ({exc.strerror or exc})")
    return None


def _build(members: _Members, report: ValidationReport) -> Package | None:
    files = _resource_files(members, report)
    if "service" not in files:
        raise _Refused("the package has no services table (services.csv)")
    tables: dict[str, _Table] = {}
    encodings: set[str] = set()
    for table, member in files.items():
        data = members.read(member)
        read = _read_table(member, data, report)
        if read is None:
            return None
        tables[table] = read
        encodings.add("cp1252" if _decoded_as_cp1252(report, member) else "utf-8")
    others = sorted(
        n
        for n in members.names
        if n.lower().endswith(".csv") and n not in files.values() and "/" not in n
    )
    if others:
        report.warning(
            "file",
            "not read (Spotter has no place for them): " + ", ".join(others),
            kind="package tables not read",
        )
    sha = members.sha256()
    version = _version(tables)
    raw = RawFile(
        name=members.label,
        text="",
        sha256=sha,
        format="tabular",
        encoding="cp1252" if "cp1252" in encodings else "utf-8",
    )
    document, origins = _document(tables, report)
    shape = f"HSDS tabular package (HSDS {version} columns)"
    return Package(raw, document, shape, origins)


def _decoded_as_cp1252(report: ValidationReport, member: str) -> bool:
    return any(
        p.path == member and p.severity == "warning" and "Windows-1252" in p.message
        for p in report.problems
    )


def _version(tables: dict[str, _Table]) -> str:
    """``3`` or ``2``: HSDS 3 renamed and added columns that tell the versions apart."""
    services = set(tables["service"].header)
    if {"fees_description", "eligibility_description", "last_modified", "alert"} & services:
        return "3"
    if "organization" in tables and "website" in tables["organization"].header:
        return "3"
    if "service_area" in tables and "name" in tables["service_area"].header:
        return "3"
    return "2"  # HSDS 1 and 2 (HSDS 1's regular_schedules.csv is read too)


def _document(
    tables: dict[str, _Table], report: ValidationReport
) -> tuple[dict[str, Any], Origins]:
    origins = Origins()
    services: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    service_table = tables["service"]
    for line, row in service_table.rows:
        record: dict[str, Any] = {k: v for k, v in row.items() if k in _SERVICE_KEYS or v.strip()}
        sid = row.get("id", "").strip()
        if sid and sid not in index_of:
            index_of[sid] = len(services)
        origins.services.append(Origin(service_table.member, line))
        services.append(record)
    organizations: list[dict[str, Any]] = []
    if "organization" in tables:
        table = tables["organization"]
        for line, row in table.rows:
            organizations.append({k: v for k, v in row.items() if k in _ORG_KEYS or v.strip()})
            origins.organizations.append(Origin(table.member, line))

    # Rows that name a service through a service-at-location or a contact.
    via: dict[str, dict[str, str]] = {"service_at_location_id": {}, "contact_id": {}}
    for link_table, column in (
        ("service_at_location", "service_at_location_id"),
        ("contact", "contact_id"),
    ):
        if link_table in tables:
            for _line, row in tables[link_table].rows:
                if row.get("id", "").strip() and row.get("service_id", "").strip():
                    via[column][row["id"].strip()] = row["service_id"].strip()

    def owner(table: _Table, line: int, row: dict[str, str], *, strict: bool) -> int | None:
        sid = row.get("service_id", "").strip()
        if not sid:
            for column, links in via.items():
                linked = links.get(row.get(column, "").strip())
                if linked:
                    sid = linked
                    break
        if not sid:
            return None  # a location's or an organisation's row: not a service's
        index = index_of.get(sid)
        if index is None and strict:
            report.error(
                "service_id",
                f"no service with id {sid!r} in {service_table.member}",
                path=table.member,
                line=line,
            )
        return index

    for table_name, key in (
        ("phone", "phones"),
        ("service_area", "service_areas"),
        ("schedule", "schedules"),
        ("regular_schedule", "regular_schedules"),
    ):
        if table_name not in tables:
            continue
        table = tables[table_name]
        numbered_days: list[int] = []
        for record in services:  # the table is there: a service without rows has none
            record.setdefault(key, [])
        for line, row in table.rows:
            index = owner(table, line, row, strict=True)
            if index is None:
                continue
            item = {k: v for k, v in row.items() if k not in _LINK_KEYS and v.strip()}
            if key == "phones":
                item.setdefault("number", row.get("number", ""))
            weekday = item.get("weekday", "").strip()
            if weekday and weekday.lower() not in _DAY_NAMES:
                numbered_days.append(line)
                continue
            items = services[index].setdefault(key, [])
            column = (
                next((c for c in _AREA_COLUMNS if item.get(c)), "")
                if key == "service_areas"
                else ""
            )
            origins.items[(index, key, len(items))] = Origin(table.member, line, column)
            items.append(item)
        if numbered_days:
            report.warning(
                "weekday",
                f"{len(numbered_days)} opening time(s) give the day as a number; HSDS does not "
                "say which day a number means, so they are left out (give the day's name, e.g. "
                "Monday)",
                path=table.member,
                line=numbered_days[0],
            )
    if "schedule" in tables and "regular_schedule" in tables:
        for record in services:  # the JSON reader reads one list: keep HSDS 2's schedules
            record.pop("regular_schedules", None)
    document: dict[str, Any] = {"services": services}
    if "organization" in tables:
        document["organizations"] = organizations
    return document, origins


__all__ = ["MAX_MEMBERS", "Package", "is_package", "read_package"]
