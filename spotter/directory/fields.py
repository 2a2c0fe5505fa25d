"""Every field of a service, described once.

:data:`SERVICE_FIELDS` is the one table the rest of Spotter reads a service's fields from: the
database's ``services`` columns (``spotter.store``), the CSV template's columns and their order
(``spotter.importing.csvformat``), the JSON keys read and written (``model.service_to_json`` /
``service_from_json``, ``spotter.importing.jsonformat``), which check a value gets
(``spotter.importing.validate``), what the CLI prints and the label the app shows.

Adding a service field is one row here, the attribute on :class:`~spotter.directory.Service`
and a migration adding its column (``spotter.store.database``); tests check the three agree.

The structured fields (organisation, areas, phones, schedules) are rows too, so the CSV
template's column order lives here, but each has its own reader and writer: their ``kind``
says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a field holds, which decides how it is read, checked, stored and shown."""

    #: One line of text (an id, a name, a note).
    TEXT = "text"
    #: Free text a publisher may write in HTML (made plain text on import).
    PROSE = "prose"
    #: An email address.
    EMAIL = "email"
    #: A web address (``www.…`` gets ``https://``).
    URL = "url"
    #: A date like 2026-01-31 (dd/mm/yyyy read day first; never in the future).
    DATE = "date"
    #: An age in whole years (-1 read as no limit).
    AGE = "age"
    #: A :class:`~spotter.directory.Scope` value.
    SCOPE = "scope"
    #: A :class:`~spotter.directory.Status` value.
    STATUS = "status"
    #: Names, ``;``-separated in a CSV cell, a list in JSON (strings or objects with a name).
    NAMES = "names"
    #: True or false (JSON only).
    FLAG = "flag"
    #: Structured fields with their own readers and writers.
    ORGANISATION = "organisation"
    AREAS = "areas"
    PHONES = "phones"
    SCHEDULES = "schedules"


#: Kinds read from one value of a record (not structured).
SCALAR_KINDS = frozenset(
    {
        Kind.TEXT,
        Kind.PROSE,
        Kind.EMAIL,
        Kind.URL,
        Kind.DATE,
        Kind.AGE,
        Kind.SCOPE,
        Kind.STATUS,
        Kind.NAMES,
    }
)


@dataclass(frozen=True)
class ServiceField:
    """One field of a service.

    ``name`` is the :class:`~spotter.directory.Service` attribute (and the name problems and
    import previews use); ``column`` the CSV column (None: not in the CSV); ``json_keys`` the
    JSON keys read, the first also written (empty: not in JSON); ``sql`` the ``services``
    column (None: stored elsewhere); ``label`` what the app and the CLI call it.
    """

    name: str
    kind: Kind
    label: str
    column: str | None
    json_keys: tuple[str, ...]
    sql: str | None
    required: bool = False

    @property
    def json_key(self) -> str:
        """The key Spotter writes."""
        return self.json_keys[0]

    @property
    def scalar(self) -> bool:
        return self.kind in SCALAR_KINDS


def _f(
    name: str,
    kind: Kind,
    label: str,
    *,
    column: str | None = "",
    json: tuple[str, ...] | None = None,
    sql: str | None = "",
    required: bool = False,
) -> ServiceField:
    """A row with the usual defaults: CSV column, JSON key and SQL column all ``name``."""
    return ServiceField(
        name=name,
        kind=kind,
        label=label,
        column=name if column == "" else column,
        json_keys=(name,) if json is None else json,
        sql=name if sql == "" else sql,
        required=required,
    )


#: Every field of a service, in the CSV template's column order (new fields go last, so
#: spreadsheets made from an older template keep their columns where they were).
SERVICE_FIELDS: tuple[ServiceField, ...] = (
    _f("id", Kind.TEXT, "Id", required=True),
    _f("organisation_id", Kind.ORGANISATION, "Organisation id", json=(), sql="organisation_id"),
    _f("organisation", Kind.ORGANISATION, "Organisation", json=(), sql=None, required=True),
    _f("name", Kind.TEXT, "Name", required=True),
    _f("description", Kind.PROSE, "Description"),
    _f("scope", Kind.SCOPE, "Scope"),
    _f("status", Kind.STATUS, "Status"),
    _f("areas", Kind.AREAS, "Covers", json=("service_areas",), sql=None, required=True),
    _f("phones", Kind.PHONES, "Phone", sql=None),
    _f("email", Kind.EMAIL, "Email"),
    _f("url", Kind.URL, "Website", json=("url", "website")),
    _f("hours", Kind.PROSE, "Hours"),
    _f("schedules", Kind.SCHEDULES, "Opening times", sql=None),
    _f(
        "eligibility",
        Kind.PROSE,
        "Who it is for",
        json=("eligibility_description", "eligibility"),
    ),
    _f("minimum_age", Kind.AGE, "Minimum age"),
    _f("maximum_age", Kind.AGE, "Maximum age"),
    _f("application_process", Kind.PROSE, "How to refer"),
    _f("assured_date", Kind.DATE, "Last checked"),
    _f("last_modified", Kind.DATE, "Last changed"),
    _f("source", Kind.TEXT, "Source", required=True),
    _f("verify_note", Kind.TEXT, "Note"),
    _f("guaranteed", Kind.FLAG, "Guaranteed", column=None),
    _f("alert", Kind.PROSE, "Alert"),
    _f("languages", Kind.NAMES, "Languages"),
    _f("fees_description", Kind.PROSE, "Fees", json=("fees_description", "fees")),
    _f("interpretation_services", Kind.PROSE, "Interpreting"),
)

FIELDS_BY_NAME = {f.name: f for f in SERVICE_FIELDS}

#: The fields read from one value each (text, dates, ages, names...).
SCALAR_FIELDS = tuple(f for f in SERVICE_FIELDS if f.scalar)

#: The CSV template's columns, in order.
CSV_COLUMNS = tuple(f.column for f in SERVICE_FIELDS if f.column is not None)
REQUIRED_COLUMNS = tuple(f.column for f in SERVICE_FIELDS if f.column is not None and f.required)

#: The ``services`` table's columns Spotter writes (besides ``position``), in table order.
SQL_COLUMNS = tuple(f.sql for f in SERVICE_FIELDS if f.sql is not None)

#: Optional fields shown in a service's details, in order, each under its label. (Name,
#: organisation, areas, phones, hours and source have their own places on screen.)
DETAIL_FIELDS = tuple(
    FIELDS_BY_NAME[name]
    for name in (
        "alert",
        "url",
        "email",
        "eligibility",
        "application_process",
        "fees_description",
        "languages",
        "interpretation_services",
    )
)
