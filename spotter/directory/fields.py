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
    #: The CSV template's example row's value.
    example: str = ""

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
    example: str = "",
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
        example=example,
    )


#: Every field of a service, in the CSV template's column order (new fields go last, so
#: spreadsheets made from an older template keep their columns where they were).
SERVICE_FIELDS: tuple[ServiceField, ...] = (
    _f("id", Kind.TEXT, "Id", required=True, example="example-delete-this-row"),
    _f(
        "organisation_id",
        Kind.ORGANISATION,
        "Organisation id",
        json=(),
        example="example-organisation",
    ),
    _f(
        "organisation",
        Kind.ORGANISATION,
        "Organisation",
        json=(),
        sql=None,
        required=True,
        example="Example Organisation (delete this row)",
    ),
    _f("name", Kind.TEXT, "Name", required=True, example="Example Stalking Advocacy Service"),
    _f(
        "description",
        Kind.PROSE,
        "Description",
        example="One row per service. Lists are separated by ; (this row is refused on import)",
    ),
    _f("scope", Kind.SCOPE, "Scope", example="local"),
    _f("status", Kind.STATUS, "Status", example="active"),
    _f(
        "areas",
        Kind.AREAS,
        "Covers",
        json=("service_areas",),
        sql=None,
        required=True,
        example="Kent; Medway",
    ),
    _f(
        "phones",
        Kind.PHONES,
        "Phone",
        sql=None,
        example="voice:01632 960000 (Monday to Friday) [English, Polish]; text:07700 900000",
    ),
    _f("email", Kind.EMAIL, "Email", example="referrals@example.org.uk"),
    _f("url", Kind.URL, "Website", json=("url", "website"), example="https://www.example.org.uk"),
    _f("hours", Kind.PROSE, "Hours", example="Monday to Friday 9am to 5pm"),
    _f(
        "schedules",
        Kind.SCHEDULES,
        "Opening times",
        sql=None,
        example="MO-TU,TH-FR 09:30-16:00; WE 13:00-16:00 [until 2026-12-31]",
    ),
    _f(
        "eligibility",
        Kind.PROSE,
        "Who it is for",
        json=("eligibility_description", "eligibility"),
        example="Adults (16+) experiencing stalking",
    ),
    _f("minimum_age", Kind.AGE, "Minimum age", example="16"),
    _f("maximum_age", Kind.AGE, "Maximum age"),
    _f(
        "application_process",
        Kind.PROSE,
        "How to refer",
        example="Self-referral or professional referral by phone",
    ),
    _f("assured_date", Kind.DATE, "Last checked", example="2026-01-31"),
    _f("last_modified", Kind.DATE, "Last changed"),
    _f(
        "source",
        Kind.TEXT,
        "Source",
        required=True,
        example="Where the details came from, e.g. the service's website, January 2026",
    ),
    _f("verify_note", Kind.TEXT, "Note"),
    _f("guaranteed", Kind.FLAG, "Guaranteed", column=None),
    _f("alert", Kind.PROSE, "Alert", example="Not taking new referrals until 1 March"),
    _f("languages", Kind.NAMES, "Languages", example="English; Polish"),
    _f(
        "fees_description",
        Kind.PROSE,
        "Fees",
        json=("fees_description", "fees"),
        example="Free",
    ),
    _f(
        "interpretation_services",
        Kind.PROSE,
        "Interpreting",
        example="Interpreters for any language, on request",
    ),
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
