"""Write the Excel-saved variants of Spotter's CSV template in this folder.

Run from the repository root: ``uv run python tests/data/excel/make_excel_saves.py``. The
files are committed; this script says exactly how their bytes were made. They follow the
rules Excel uses when it saves a worksheet as CSV (they were not saved by Excel itself):

* rows end in CRLF, the last one too; a line break typed in a cell (Alt+Enter) is a bare LF
  inside the quoted cell;
* a cell is quoted only when it holds the separator, a double quote or a line break, and a
  double quote inside is doubled;
* "CSV (Comma delimited)" is written in the PC's ANSI code page, Windows-1252 on a UK or
  western European PC, with no byte-order mark; "CSV UTF-8" has the UTF-8 byte-order mark;
* the separator is the PC's list separator: a comma in the UK, a semicolon where the decimal
  mark is a comma (France, Germany, ...);
* a date typed as 2026-01-31 is turned into a date and saved in the PC's short date format,
  31/01/2026 in the UK; a phone number typed without spaces (02079460018) is turned into a
  number and saved without its leading 0 (2079460018).

``sep=;`` as the first line is not something Excel writes: it is what people (and some
exporting programs) put at the top so that Excel opens a semicolon file in columns; Excel
reads it and drops it when it saves again.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER = [
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
]

ROWS = [
    # The template's example row, as Excel saves it (its date turned day first).
    [
        "example-delete-this-row",
        "example-organisation",
        "Example Organisation (delete this row)",
        "Example Stalking Advocacy Service",
        "One row per service. Lists are separated by ; (this row is refused on import)",
        "local",
        "active",
        "Kent; Medway",
        "voice:01632 960000 (Monday to Friday); text:07700 900000",
        "referrals@example.org.uk",
        "https://www.example.org.uk",
        "Monday to Friday 9am to 5pm",
        "MO-TU,TH-FR 09:30-16:00; WE 13:00-16:00",
        "Adults (16+) experiencing stalking",
        "16",
        "",
        "Self-referral or professional referral by phone",
        "31/01/2026",
        "",
        "Where the details came from, e.g. the service's website, January 2026",
        "",
    ],
    # Filled in by a practice manager: a curly apostrophe and an en dash (Windows-1252
    # bytes 0x92 and 0x96), line breaks in cells, a number that lost its leading 0.
    [
        "kent-stalking-advocacy",
        "womens-aid-kent",
        "Women’s Aid Kent",
        "Stalking Advocacy – Kent",
        'Advocacy for people being stalked.\nCall or email for an appointment; say "stalking".',
        "local",
        "active",
        "Kent\nMedway",
        "2079460018",
        "advocacy@example.org.uk",
        "https://www.example.org.uk/stalking",
        "Monday to Friday 9am–5pm",
        "MO-FR 09:00-17:00",
        "Adults (16+)",
        "16",
        "",
        "Self-referral by phone",
        "31/01/2026",
        "15/02/2026",
        "Service website, January 2026 – checked by phone",
        "",
    ],
    [
        "medway-harassment-support",
        "medway-support",
        "Medway Support",
        "Harassment Support Medway",
        "Support for anyone being harassed or stalked",
        "local",
        "active",
        "Medway",
        "+44 (0)20 7946 0019; textphone:020 7946 0020",
        "help@example.org.uk",
        "https://www.example.org.uk/medway",
        "",
        "",
        "",
        "",
        "",
        "",
        "01/03/2026",
        "",
        "Service leaflet, March 2026",
        "",
    ],
]

VARIANTS = {
    # file name: (separator, encoding, first line)
    "template-csv-windows-1252.csv": (",", "cp1252", ""),
    "template-csv-semicolon.csv": (";", "cp1252", ""),
    "template-sep-semicolon.csv": (";", "cp1252", "sep=;\r\n"),
    "template-csv-utf-8.csv": (",", "utf-8-sig", ""),
}


def excel_csv(separator: str) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    return buffer.getvalue()


def main() -> None:
    for name, (separator, encoding, first) in VARIANTS.items():
        (HERE / name).write_bytes((first + excel_csv(separator)).encode(encoding))


if __name__ == "__main__":
    main()
