"""The CSV services file: one row per service (see ``docs/services-file.md``).

Lists in a cell are separated by ``;``. Phones are ``number`` or ``type:number``, optionally
followed by a description in brackets: ``voice:0808 802 0300 (Free to call); text:07860 077333``.
Schedules are ``DAYS HH:MM-HH:MM`` with days as two-letter codes, ranges and commas:
``MO-TU,TH-FR 09:30-16:00; WE 13:00-16:00``, optionally followed by ``(description)``.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from collections.abc import Iterable

from spotter.directory import Directory, Phone, Service
from spotter.importing.reading import MAX_FILE_BYTES
from spotter.importing.report import ValidationReport
from spotter.importing.validate import DAYS, TEMPLATE_EXAMPLE_ID, Draft

COLUMNS = (
    "id",
    "organisation_id",
    "organisation",
    "name",
    "description",
    "scope",
    "status",
    "areas",
    "phones",
    "email",
    "url",
    "hours",
    "schedules",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "application_process",
    "assured_date",
    "last_modified",
    "source",
    "verify_note",
)
#: Recognised but not in the template: an organisation's own details.
EXTRA_COLUMNS = ("organisation_description", "organisation_email", "organisation_website")
REQUIRED_COLUMNS = ("id", "name", "organisation", "areas", "source")

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

_PHONE = re.compile(r"^(?:(?P<type>[A-Za-z]+)\s*:\s*)?(?P<number>[^()]*?)\s*(?:\((?P<desc>.*)\))?$")
#: ``+44 (0)20 ...``: the "(0)" is not a description (the checks write the number as dialled).
_TRUNK_ZERO = re.compile(r"^((?:[A-Za-z]+\s*:\s*)?\+44\s*)\(0\)")
_SCHEDULE = re.compile(
    r"^(?P<days>[A-Za-z][A-Za-z ,\-]*?)\s+(?P<opens>\d{1,2}[:.]\d{2})\s*[-–]\s*"
    r"(?P<closes>\d{1,2}[:.]\d{2})\s*(?:\((?P<desc>.*)\))?$"
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
    if "(" not in cell:  # the common case, kept fast for 10,000-row files
        return [item for item in map(str.strip, cell.split(";")) if item]
    items: list[str] = []
    depth, start = 0, 0
    for index, ch in enumerate(cell):
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
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


_LIST_COLUMNS = ("areas", "phones", "schedules")


@functools.lru_cache(maxsize=1024)
def _schedule_item(item: str) -> tuple[str, str, str, str] | None:
    """``MO-FR 09:00-17:00 (desc)`` -> (days, opens, closes, desc); None when malformed.

    Cached: most files repeat a handful of opening times on every row.
    """
    match = _SCHEDULE.match(item)
    days = expand_days(match["days"]) if match else None
    if match is None or days is None:
        return None
    return (days, _time(match["opens"]), _time(match["closes"]), match["desc"] or "")


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
        draft.phones.append((number, match["type"] or "voice", match["desc"] or "", "phones"))
    for item in _split_list(lists["schedules"]):
        parsed = _schedule_item(item)
        if parsed is None:
            report.error(
                "schedules",
                f"{item!r} should be like MO-TU,TH-FR 09:30-16:00 (days MO TU WE TH FR SA SU)",
                line=line,
            )
            continue
        draft.schedules.append((*parsed, "schedules"))
    return draft


# --- writing ------------------------------------------------------------------------------


def _phone_cell(p: Phone) -> str:
    text = p.number if p.type == "voice" else f"{p.type}:{p.number}"
    return text + (f" ({p.description})" if p.description else "")


def service_row(service: Service) -> dict[str, str]:
    phone = _phone_cell
    return {
        "id": service.id,
        "organisation_id": service.organisation.id,
        "organisation": service.organisation.name,
        "name": service.name,
        "description": service.description,
        "scope": service.scope.value,
        "status": service.status.value,
        "areas": "; ".join(service.areas),
        "phones": "; ".join(phone(p) for p in service.phones),
        "email": service.email,
        "url": service.url,
        "hours": service.hours,
        "schedules": "; ".join(
            f"{s.byday} {s.opens_at}-{s.closes_at}"
            + (f" ({s.description})" if s.description else "")
            for s in service.schedules
        ),
        "eligibility": service.eligibility,
        "minimum_age": "" if service.minimum_age is None else str(service.minimum_age),
        "maximum_age": "" if service.maximum_age is None else str(service.maximum_age),
        "application_process": service.application_process,
        "assured_date": service.assured_date.isoformat() if service.assured_date else "",
        "last_modified": service.last_modified.isoformat() if service.last_modified else "",
        "source": service.source,
        "verify_note": service.verify_note,
    }


EXAMPLE_ROW = {
    "id": TEMPLATE_EXAMPLE_ID,
    "organisation_id": "example-organisation",
    "organisation": "Example Organisation (delete this row)",
    "name": "Example Stalking Advocacy Service",
    "description": "One row per service. Lists are separated by ; (this row is refused on import)",
    "scope": "local",
    "status": "active",
    "areas": "Kent; Medway",
    "phones": "voice:01632 960000 (Monday to Friday); text:07700 900000",
    "email": "referrals@example.org.uk",
    "url": "https://www.example.org.uk",
    "hours": "Monday to Friday 9am to 5pm",
    "schedules": "MO-TU,TH-FR 09:30-16:00; WE 13:00-16:00",
    "eligibility": "Adults (16+) experiencing stalking",
    "minimum_age": "16",
    "maximum_age": "",
    "application_process": "Self-referral or professional referral by phone",
    "assured_date": "2026-01-31",
    "last_modified": "",
    "source": "Where the details came from, e.g. the service's website, January 2026",
    "verify_note": "",
}


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
