"""The CSV services file: one row per service (see ``docs/services-file.md``).

Lists in a cell are separated by ``;``. Phones are ``number`` or ``type:number``, optionally
followed by a description in brackets: ``voice:0808 802 0300 (Free to call); text:07860 077333``.
A phone's languages follow in square brackets: ``01632 960000 (Mornings) [English, Polish]``.
Schedules are ``DAYS HH:MM-HH:MM`` with days as two-letter codes, ranges and commas:
``MO-TU,TH-FR 09:30-16:00; WE 13:00-16:00``, optionally followed by ``(description)`` and the
days they apply in square brackets: ``[from 2026-01-01 until 2026-03-31]``.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import operator
import re
from collections.abc import Callable, Iterable
from datetime import date

from spotter.directory import Directory, Phone, Schedule, Service
from spotter.directory.fields import CSV_COLUMNS, SERVICE_FIELDS, Kind, ServiceField
from spotter.directory.fields import REQUIRED_COLUMNS as _REQUIRED
from spotter.importing.reading import MAX_FILE_BYTES
from spotter.importing.report import ValidationReport
from spotter.importing.validate import DAYS, TEMPLATE_EXAMPLE_ID, Draft

#: The template's columns, from the fields table (``spotter.directory.fields``).
COLUMNS = CSV_COLUMNS
#: Recognised but not in the template: an organisation's own details.
EXTRA_COLUMNS = ("organisation_description", "organisation_email", "organisation_website")
REQUIRED_COLUMNS = _REQUIRED

#: Other spellings people use in a spreadsheet header.
ALIASES = {
    "service_id": "id",
    "organization_id": "organisation_id",
    "organisation_name": "organisation",
    "organization": "organisation",
    "organization_name": "organisation",
    "service_name": "name",
    "service_areas": "areas",
    "area": "areas",
    "coverage": "areas",
    "phone": "phones",
    "telephone": "phones",
    "phone_numbers": "phones",
    "phone_number": "phones",
    "telephone_number": "phones",
    "telephone_numbers": "phones",
    "tel": "phones",
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "website": "url",
    "web_site": "url",
    "web_address": "url",
    "web": "url",
    "eligibility_description": "eligibility",
    "opening_hours": "hours",
}

_PHONE = re.compile(
    r"^(?:(?P<type>[A-Za-z]+)\s*:\s*)?(?P<number>[^()\[\]]*?)\s*(?:\((?P<desc>.*)\))?"
    r"\s*(?:\[(?P<langs>[^\[\]]*)\])?$"
)
#: ``+44 (0)20 ...``: the "(0)" is not a description (the checks write the number as dialled).
_TRUNK_ZERO = re.compile(r"^((?:[A-Za-z]+\s*:\s*)?\+44\s*)\(0\)")
_SCHEDULE = re.compile(
    r"^(?P<days>[A-Za-z][A-Za-z ,\-]*?)\s+(?P<opens>\d{1,2}[:.]\d{2})\s*[-–]\s*"
    r"(?P<closes>\d{1,2}[:.]\d{2})\s*(?:\((?P<desc>.*)\))?\s*(?:\[(?P<valid>[^\[\]]*)\])?$"
)
#: ``from 2026-01-01 until 2026-03-31``, either part alone (``to`` for ``until`` too).
_VALID = re.compile(
    r"^\s*(?:from\s+(?P<start>\S+))?\s*(?:(?:until|to)\s+(?P<end>\S+))?\s*$", re.IGNORECASE
)


def _column_key(header: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return ALIASES.get(key, key)


def _split_list(cell: str) -> list[str]:
    """Split a ``;``-separated cell, except inside brackets: a description may hold ``;``.

    A line break (Alt+Enter in Excel) separates items like ``;``.
    """
    if "\n" in cell or "\r" in cell:
        cell = ";".join(cell.splitlines())
    if "(" not in cell and "[" not in cell:  # the common case, kept fast for 10,000-row files
        return [item for item in map(str.strip, cell.split(";")) if item]
    items: list[str] = []
    depth, start = 0, 0
    for index, ch in enumerate(cell):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == ";" and not depth:
            items.append(cell[start:index])
            start = index + 1
    items.append(cell[start:])
    return [item for item in map(str.strip, items) if item]


def _time(text: str) -> str:
    hours, minutes = re.split(r"[:.]", text)
    return f"{int(hours):02d}:{minutes}"


@functools.lru_cache(maxsize=1024)
def expand_days(text: str) -> str | None:
    """``MO-TU,TH`` -> ``MO,TU,TH``; None when a day is not a two-letter code."""
    days: list[str] = []
    for part in re.split(r"[,\s]+", text.strip().upper()):
        if not part:
            continue
        if "-" in part:
            start, _, end = part.partition("-")
            if start not in DAYS or end not in DAYS or DAYS.index(end) < DAYS.index(start):
                return None
            days.extend(DAYS[DAYS.index(start) : DAYS.index(end) + 1])
        elif part in DAYS:
            days.append(part)
        else:
            return None
    return ",".join(days) if days else None


def read_csv(text: str, report: ValidationReport) -> list[Draft]:
    """Rows of a CSV file as drafts; header problems and malformed rows go to ``report``."""
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    sep = re.fullmatch(r"\s*sep=(.)\s*", first_line)
    header_line = 1
    if sep:  # Excel's "sep=;" first line names the delimiter
        delimiter = sep[1]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        header_line = 2
    elif "," not in first_line:
        if "\t" in first_line:
            delimiter = "\t"
        elif ";" in first_line:
            delimiter = ";"
    # A long description is a long cell: allow cells up to the file limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    drafts: list[Draft] = []
    try:
        header = next(reader, None)
        if header is None:
            report.error("file", "the file is empty", line=header_line)
            return []
        columns = [_column_key(h) for h in header]
        known = set(COLUMNS) | set(EXTRA_COLUMNS)
        seen: dict[str, int] = {}
        for index, (raw, key) in enumerate(zip(header, columns, strict=True)):
            if not key:
                continue
            if key in seen:
                report.error(
                    raw,
                    f"column {raw!r} appears twice (columns {seen[key] + 1} and {index + 1})",
                    line=header_line,
                )
            seen[key] = index
            if key not in known:
                # A near miss ("Phnoes") would silently keep every service's old value for
                # that field, so it is an error; a clearly different column is only noted.
                near = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
                if near:
                    report.error(
                        raw,
                        f"unknown column {raw!r}: did you mean {near[0]!r}?",
                        line=header_line,
                    )
                else:
                    report.warning(raw, f"unknown column {raw!r} is ignored", line=header_line)
        missing = [c for c in REQUIRED_COLUMNS if c not in seen]
        if missing:
            report.error(
                "header",
                "missing required column"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(missing)
                + " (the first row must be the column names; see the template)",
                line=header_line,
            )
            return []
        absent = {c for c in (*COLUMNS, *EXTRA_COLUMNS) if c not in seen}
        text_columns = [(key, i) for key, i in seen.items() if key not in _LIST_COLUMNS]
        list_columns = {key: seen.get(key, -1) for key in _LIST_COLUMNS}
        line = reader.line_num + header_line
        for row in reader:
            start, line = line, reader.line_num + header_line
            if not "".join(row).strip():  # a blank row (every cell empty or spaces)
                continue
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                report.error(
                    "row",
                    f"has {len(row)} values but the header has {len(header)} columns "
                    "(a value with a comma needs quotes)",
                    line=start,
                )
                continue
            n = len(row)
            values = {key: _plain(row[i].strip()) for key, i in text_columns if i < n}
            lists = {key: _plain(row[i]) if 0 <= i < n else "" for key, i in list_columns.items()}
            drafts.append(_draft(values, lists, start, absent, report))
    except csv.Error as exc:
        report.error(
            "file",
            f"not a readable CSV file ({exc})",
            line=(reader.line_num or 1) + header_line - 1,
        )
    if not drafts and report.ok:
        report.error("file", "the file has a header but no services", line=header_line)
    return drafts


_LIST_COLUMNS = tuple(
    f.column
    for f in SERVICE_FIELDS
    if f.column and f.kind in (Kind.AREAS, Kind.PHONES, Kind.SCHEDULES)
)


@functools.lru_cache(maxsize=1024)
def _schedule_item(item: str) -> tuple[str, str, str, str, str, str] | None:
    """``MO-FR 09:00-17:00 (desc) [from D until D]`` -> (days, opens, closes, desc, from,
    until); None when malformed.

    Cached: most files repeat a handful of opening times on every row.
    """
    match = _SCHEDULE.match(item)
    days = expand_days(match["days"]) if match else None
    valid = _VALID.match(match["valid"] or "") if match else None
    if match is None or days is None or valid is None:
        return None
    return (
        days,
        _time(match["opens"]),
        _time(match["closes"]),
        match["desc"] or "",
        valid["start"] or "",
        valid["end"] or "",
    )


def _draft(
    values: dict[str, str],
    lists: dict[str, str],
    line: int,
    absent: set[str],
    report: ValidationReport,
) -> Draft:
    """A row as a draft: ``values`` are the stripped text cells, ``lists`` the ; lists."""
    draft = Draft(line=line, path=None, values=values, absent=set(absent))
    draft.areas = [(a, "areas") for a in _split_list(lists["areas"])]
    for item in _split_list(lists["phones"]):
        trunk_zero = _TRUNK_ZERO.match(item) is not None
        match = _PHONE.match(_TRUNK_ZERO.sub(r"\1", item))
        if match is None:
            report.error("phones", f"{item!r} should be like voice:020 3866 4107", line=line)
            continue
        number = match["number"].replace("+44", "+44 (0)", 1) if trunk_zero else match["number"]
        languages = "; ".join((match["langs"] or "").split(","))
        draft.phones.append(
            (number, match["type"] or "voice", match["desc"] or "", languages, "phones")
        )
    for item in _split_list(lists["schedules"]):
        parsed = _schedule_item(item)
        if parsed is None:
            report.error(
                "schedules",
                f"{item!r} should be like MO-TU,TH-FR 09:30-16:00 (days MO TU WE TH FR SA SU), "
                "optionally followed by [from 2026-01-01 until 2026-03-31]",
                line=line,
            )
            continue
        draft.schedules.append((*parsed, "schedules"))
    return draft


# --- writing ------------------------------------------------------------------------------


def _phone_cell(p: Phone) -> str:
    text = p.number if p.type == "voice" else f"{p.type}:{p.number}"
    text += f" ({p.description})" if p.description else ""
    return text + (f" [{', '.join(p.languages)}]" if p.languages else "")


def _schedule_cell(s: Schedule) -> str:
    text = f"{s.byday} {s.opens_at}-{s.closes_at}"
    text += f" ({s.description})" if s.description else ""
    valid = [
        f"{word} {day.isoformat()}"
        for word, day in (("from", s.valid_from), ("until", s.valid_to))
        if day is not None
    ]
    return text + (f" [{' '.join(valid)}]" if valid else "")


def _date_cell(value: date | None) -> str:
    return value.isoformat() if value else ""


def _age_cell(value: int | None) -> str:
    return "" if value is None else str(value)


def _cell_writer(spec: ServiceField) -> Callable[[Service], str]:
    """How ``spec``'s field of a service is written in its CSV cell.

    Chosen once per field (not per cell): a diff preview flattens every changed service.
    """
    kind = spec.kind
    if kind is Kind.ORGANISATION:
        if spec.name == "organisation_id":
            return lambda s: s.organisation.id
        return lambda s: s.organisation.name
    get = operator.attrgetter(spec.name)
    if kind is Kind.AREAS or kind is Kind.NAMES:
        return lambda s: "; ".join(get(s))
    if kind is Kind.PHONES:
        return lambda s: "; ".join(map(_phone_cell, s.phones))
    if kind is Kind.SCHEDULES:
        return lambda s: "; ".join(map(_schedule_cell, s.schedules))
    if kind is Kind.DATE:
        return lambda s: _date_cell(get(s))
    if kind is Kind.AGE:
        return lambda s: _age_cell(get(s))
    if kind is Kind.SCOPE or kind is Kind.STATUS:
        return lambda s: str(get(s).value)
    return get  # text: the value itself


_CSV_FIELDS = tuple(f for f in SERVICE_FIELDS if f.column is not None)
_CELL_WRITERS = tuple((str(f.column), _cell_writer(f)) for f in _CSV_FIELDS)


def service_row(service: Service) -> dict[str, str]:
    return {column: write(service) for column, write in _CELL_WRITERS}


EXAMPLE_ROW = {str(f.column): f.example for f in _CSV_FIELDS} | {"id": TEMPLATE_EXAMPLE_ID}


#: A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...) would be
#: live in Excel): written with a leading apostrophe, which reading takes off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` made safe to open in a spreadsheet (OWASP's CSV injection advice)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _plain(cell: str) -> str:
    """Undo :func:`neutralise` on a cell read back."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell


def write_csv(services: Iterable[Service], *, example: bool) -> str:
    """The CSV text (UTF-8 with a BOM is added by the caller's encoding, CRLF rows)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    if example:
        writer.writerow(EXAMPLE_ROW)
    for service in services:
        writer.writerow({k: neutralise(v) for k, v in service_row(service).items()})
    return buffer.getvalue()


def template_text(directory: Directory) -> str:
    return write_csv(directory.services, example=True)
