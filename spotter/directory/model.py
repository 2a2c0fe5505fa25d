"""The directory of services, aligned with Open Referral UK / HSDS.

A :class:`Service` belongs to an :class:`Organisation` and carries its coverage areas (names
the gazetteer resolves: a council, a county, a region, a nation, "United Kingdom"), phones with
their type, opening schedules, eligibility, an ``assured_date`` (when a person last checked the
entry) and the ``source`` its details were taken from.

The JSON form (:func:`directory_from_json` / :func:`directory_to_json`) follows HSDS: top-level
``organizations`` and ``services``, with ``service_areas``, ``phones`` and ``schedules`` nested in
each service. Spotter adds ``scope``, ``source``, ``guaranteed`` and ``verify_note``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from spotter.directory.fields import SCALAR_FIELDS, SERVICE_FIELDS, Kind, ServiceField
from spotter.system.resources import resource_path

DIRECTORY_FORMAT = "spotter-directory/1"

#: The helpline every result must show. Its id is fixed so imports cannot remove it.
HELPLINE_ID = "national-stalking-helpline"
HELPLINE_NUMBER = "0808 802 0300"
#: An old helpline number that still appears on some forms. It must never be shown.
RETIRED_NUMBERS = frozenset({"0300 636 0300", "03006360300"})


class Scope(StrEnum):
    """How widely a service works; matching lists local first, then nation, then national."""

    LOCAL = "local"
    NATION = "nation"
    NATIONAL = "national"

    @property
    def rank(self) -> int:
        return {Scope.LOCAL: 0, Scope.NATION: 1, Scope.NATIONAL: 2}[self]


class Status(StrEnum):
    """HSDS service status."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


PHONE_TYPES = frozenset({"voice", "text", "textphone", "fax", "video", "pager"})


class DirectoryError(ValueError):
    """A directory file or record is not valid; the message says where."""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    description: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class Phone:
    number: str
    type: str = "voice"
    description: str = ""
    #: Languages spoken on this line (HSDS ``phone.languages``), as names.
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """Opening hours on some days, e.g. ``byday="MO,TU,TH,FR"``, ``09:30``–``16:00``."""

    byday: str
    opens_at: str
    closes_at: str
    description: str = ""
    #: The first and last day these hours apply (HSDS ``valid_from`` / ``valid_to``); None:
    #: no limit. See :func:`spotter.directory.hours.current_schedules`.
    valid_from: date | None = None
    valid_to: date | None = None

    def applies_on(self, day: date) -> bool:
        """Whether these hours hold on ``day`` (not expired, not yet to come)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


@dataclass(frozen=True)
class Service:
    id: str
    organisation: Organisation
    name: str
    scope: Scope
    areas: tuple[str, ...]
    source: str
    description: str = ""
    status: Status = Status.ACTIVE
    phones: tuple[Phone, ...] = ()
    email: str = ""
    url: str = ""
    hours: str = ""
    schedules: tuple[Schedule, ...] = ()
    eligibility: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    application_process: str = ""
    assured_date: date | None = None
    last_modified: date | None = None
    guaranteed: bool = False
    verify_note: str = ""
    #: The publisher's warning about the service (e.g. "temporarily closed"), shown first.
    alert: str = ""
    #: Languages the service works in, as names.
    languages: tuple[str, ...] = ()
    fees_description: str = ""
    interpretation_services: str = ""

    @property
    def is_active(self) -> bool:
        return self.status in (Status.ACTIVE, Status.TEMPORARILY_CLOSED)

    def is_stale(self, today: date, months: int = 12) -> bool:
        """True when no person has checked this entry in the last ``months`` months."""
        if self.assured_date is None:
            return True
        year, month = today.year, today.month - months
        while month <= 0:
            month += 12
            year -= 1
        try:
            cutoff = today.replace(year=year, month=month)
        except ValueError:  # 29-31 in a shorter month
            cutoff = today.replace(year=year, month=month, day=28)
        return self.assured_date < cutoff


@dataclass(frozen=True)
class Directory:
    """A whole directory: its services (in file order) and where it came from."""

    services: tuple[Service, ...]
    version: str = ""
    title: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)

    def by_id(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}

    def get(self, service_id: str) -> Service | None:
        return self.by_id().get(service_id)

    @property
    def organisations(self) -> list[Organisation]:
        seen: dict[str, Organisation] = {}
        for service in self.services:
            seen.setdefault(service.organisation.id, service.organisation)
        return list(seen.values())


# --- JSON (HSDS-aligned) ------------------------------------------------------------------


def _text(record: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = record.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DirectoryError(f"{where}.{key}: expected text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise DirectoryError(f"{where}.{key}: required")
    return value


def _date(record: Mapping[str, Any], key: str, where: str) -> date | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise DirectoryError(f"{where}.{key}: expected a date like 2026-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DirectoryError(f"{where}.{key}: {value!r} is not a date like 2026-01-31") from None


def _int(record: Mapping[str, Any], key: str, where: str) -> int | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DirectoryError(f"{where}.{key}: expected a whole number")
    return value


def _list(record: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise DirectoryError(f"{where}.{key}: expected a list of objects")
    return value


def _enum_value(enum: type[StrEnum], value: str, where: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise DirectoryError(f"{where}: {value!r} is not one of {allowed}") from None


def organisation_from_json(record: Mapping[str, Any], where: str) -> Organisation:
    return Organisation(
        id=_text(record, "id", where, required=True),
        name=_text(record, "name", where, required=True),
        description=_text(record, "description", where),
        email=_text(record, "email", where),
        website=_text(record, "website", where),
    )


def _names(record: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    """A list of names: strings, or objects with a ``name`` (HSDS 3 languages)."""
    value = record.get(key) or []
    if not isinstance(value, list):
        raise DirectoryError(f"{where}.{key}: expected a list of names")
    names = []
    for i, item in enumerate(value):
        text = item if isinstance(item, str) else None
        if isinstance(item, dict):
            text = _text(item, "name", f"{where}.{key}[{i}]", required=True)
        if text is None:
            raise DirectoryError(f"{where}.{key}[{i}]: expected a name")
        if text.strip():
            names.append(text.strip())
    return tuple(names)


def _field_from_json(spec: ServiceField, record: Mapping[str, Any], where: str) -> Any:
    """One scalar field's value from Spotter's own JSON (strict: no repairs)."""
    key = spec.json_key
    if spec.kind is Kind.DATE:
        return _date(record, key, where)
    if spec.kind is Kind.AGE:
        return _int(record, key, where)
    if spec.kind is Kind.NAMES:
        return _names(record, key, where)
    text = _text(record, key, where, required=spec.required)
    if spec.kind is Kind.SCOPE:
        return _enum_value(Scope, _text(record, key, where, required=True), f"{where}.{key}")
    if spec.kind is Kind.STATUS:
        return _enum_value(Status, text or "active", f"{where}.{key}")
    return text


def service_from_json(
    record: Mapping[str, Any], organisations: Mapping[str, Organisation], where: str
) -> Service:
    """Build a :class:`Service` from its HSDS-style JSON object."""
    org_id = _text(record, "organization_id", where, required=True)
    if org_id not in organisations:
        raise DirectoryError(f"{where}.organization_id: no organisation with id {org_id!r}")
    areas = []
    for i, area in enumerate(_list(record, "service_areas", where)):
        areas.append(_text(area, "name", f"{where}.service_areas[{i}]", required=True))
    phones = []
    for i, phone in enumerate(_list(record, "phones", where)):
        pwhere = f"{where}.phones[{i}]"
        ptype = _text(phone, "type", pwhere) or "voice"
        if ptype not in PHONE_TYPES:
            raise DirectoryError(f"{pwhere}.type: {ptype!r} is not one of {sorted(PHONE_TYPES)}")
        phones.append(
            Phone(
                number=_text(phone, "number", pwhere, required=True),
                type=ptype,
                description=_text(phone, "description", pwhere),
                languages=_names(phone, "languages", pwhere),
            )
        )
    schedules = []
    for i, sched in enumerate(_list(record, "schedules", where)):
        swhere = f"{where}.schedules[{i}]"
        schedules.append(
            Schedule(
                byday=_text(sched, "byday", swhere, required=True),
                opens_at=_text(sched, "opens_at", swhere, required=True),
                closes_at=_text(sched, "closes_at", swhere, required=True),
                description=_text(sched, "description", swhere),
                valid_from=_date(sched, "valid_from", swhere),
                valid_to=_date(sched, "valid_to", swhere),
            )
        )
    guaranteed = record.get("guaranteed", False)
    if not isinstance(guaranteed, bool):
        raise DirectoryError(f"{where}.guaranteed: expected true or false")
    values = {spec.name: _field_from_json(spec, record, where) for spec in SCALAR_FIELDS}
    return Service(
        organisation=organisations[org_id],
        areas=tuple(areas),
        phones=tuple(phones),
        schedules=tuple(schedules),
        guaranteed=guaranteed,
        **values,
    )


def directory_from_json(data: Mapping[str, Any], *, name: str = "directory") -> Directory:
    """Read a whole HSDS-style directory object; errors name the JSON path."""
    if not isinstance(data, dict):
        raise DirectoryError(f"{name}: expected a JSON object with organizations and services")
    organisations: dict[str, Organisation] = {}
    for i, record in enumerate(_list(data, "organizations", name)):
        org = organisation_from_json(record, f"{name}: organizations[{i}]")
        if org.id in organisations:
            raise DirectoryError(f"{name}: organizations[{i}].id: duplicate id {org.id!r}")
        organisations[org.id] = org
    services: list[Service] = []
    seen: set[str] = set()
    for i, record in enumerate(_list(data, "services", name)):
        service = service_from_json(record, organisations, f"{name}: services[{i}]")
        if service.id in seen:
            raise DirectoryError(f"{name}: services[{i}].id: duplicate id {service.id!r}")
        seen.add(service.id)
        services.append(service)
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise DirectoryError(f"{name}: meta: expected an object")
    return Directory(
        services=tuple(services),
        version=str(meta.get("version", "")),
        title=str(meta.get("title", "")),
        meta={str(k): str(v) for k, v in meta.items()},
    )


def _field_to_json(spec: ServiceField, value: Any) -> Any:
    if spec.kind is Kind.DATE:
        return value.isoformat() if value else None
    if spec.kind in (Kind.SCOPE, Kind.STATUS):
        return value.value
    if spec.kind is Kind.NAMES:
        return [{"name": name} for name in value]
    return value


def phone_to_json(phone: Phone) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": phone.number,
        "type": phone.type,
        "description": phone.description,
    }
    if phone.languages:
        out["languages"] = [{"name": name} for name in phone.languages]
    return out


def schedule_to_json(schedule: Schedule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "byday": schedule.byday,
        "opens_at": schedule.opens_at,
        "closes_at": schedule.closes_at,
        "description": schedule.description,
    }
    for key, day in (("valid_from", schedule.valid_from), ("valid_to", schedule.valid_to)):
        if day is not None:
            out[key] = day.isoformat()
    return out


def service_to_json(service: Service) -> dict[str, Any]:
    """The HSDS-style JSON object for one service (inverse of :func:`service_from_json`).

    Keys in :data:`~spotter.directory.fields.SERVICE_FIELDS` order.
    """
    out: dict[str, Any] = {}
    for spec in SERVICE_FIELDS:
        if spec.kind is Kind.ORGANISATION:
            if spec.name == "organisation_id":
                out["organization_id"] = service.organisation.id
        elif spec.kind is Kind.AREAS:
            out["service_areas"] = [{"name": area} for area in service.areas]
        elif spec.kind is Kind.PHONES:
            out["phones"] = [phone_to_json(p) for p in service.phones]
        elif spec.kind is Kind.SCHEDULES:
            out["schedules"] = [schedule_to_json(s) for s in service.schedules]
        else:
            out[spec.json_key] = _field_to_json(spec, getattr(service, spec.name))
    return out


def organisation_to_json(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "description": org.description,
        "email": org.email,
        "website": org.website,
    }


def directory_to_json(directory: Directory) -> dict[str, Any]:
    """The whole directory as an HSDS-style JSON object."""
    meta = dict(directory.meta)
    meta.setdefault("format", DIRECTORY_FORMAT)
    if directory.version:
        meta["version"] = directory.version
    if directory.title:
        meta["title"] = directory.title
    return {
        "meta": meta,
        "organizations": [organisation_to_json(o) for o in directory.organisations],
        "services": [service_to_json(s) for s in directory.services],
    }


def load_directory_file(path: Path) -> Directory:
    """Read a directory JSON file; every error names the file and the JSON path."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DirectoryError(
            f"{path.name}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DirectoryError(f"{path.name}: cannot be read ({exc})") from None
    return directory_from_json(data, name=path.name)


def bundled_directory_path() -> Path:
    return resource_path("directory", "services.json")


def load_bundled_directory() -> Directory:
    """The directory shipped in ``resources/`` (what a first run is seeded with)."""
    return load_directory_file(bundled_directory_path())


def all_phone_numbers(services: Iterable[Service]) -> list[str]:
    return [p.number for s in services for p in s.phones]


def ascii_digits(text: str) -> str:
    """``text`` in Unicode NFKC with every decimal digit as an ASCII one.

    So fullwidth ``０３００``, mathematical or Arabic-Indic digits cannot carry a retired or
    forged number past a check that compares ASCII digits.
    """
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def normalise_number(number: str) -> str:
    """A UK number as national digits, for comparisons.

    ``020 3866 4107``, ``+44 20 3866 4107``, ``0044 (0)20 3866 4107`` and the same in
    fullwidth digits all give ``02038664107``.
    """
    digits = "".join(filter(str.isdigit, ascii_digits(number)))
    if not digits.isascii():  # a digit NFKC has no ASCII form for (rare): left out
        digits = "".join(ch for ch in digits if ch.isascii())
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) > len(prefix) + 8:
            rest = digits[len(prefix) :]
            return rest if rest.startswith("0") else "0" + rest
    return digits


_RETIRED_DIGITS = frozenset(normalise_number(n) for n in RETIRED_NUMBERS)


def is_retired_number(number: str) -> bool:
    return normalise_number(number) in _RETIRED_DIGITS
