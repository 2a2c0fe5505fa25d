"""Spotter's CSV template as Excel saves it: the files in tests/data/excel, byte for byte.

tests/data/excel/make_excel_saves.py says how their bytes were made (Excel's CSV save rules:
CRLF rows, LF line breaks inside quoted cells, minimal quoting, Windows-1252 or UTF-8 with a
BOM, the list separator, dd/mm/yyyy dates, numbers without their leading 0).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from spotter.importing import validate_file

EXCEL = Path(__file__).parents[1] / "data" / "excel"
TODAY = date(2026, 6, 1)
#: file -> (line of the header, encoding it is read as)
VARIANTS = {
    "template-csv-windows-1252.csv": (1, "cp1252"),
    "template-csv-semicolon.csv": (1, "cp1252"),
    "template-sep-semicolon.csv": (2, "cp1252"),
    "template-csv-utf-8.csv": (1, "utf-8-sig"),
}


def test_the_files_are_as_excel_writes_them() -> None:
    for name in VARIANTS:
        data = (EXCEL / name).read_bytes()
        assert data.endswith(b"\r\n")
        rows = data.count(b"\r\n")
        assert rows == 4 + name.startswith("template-sep")  # header, 3 rows (and sep=)
        assert b"Kent\nMedway" in data  # Alt+Enter: a bare LF inside a quoted cell
    assert b"Women\x92s Aid Kent" in (EXCEL / "template-csv-windows-1252.csv").read_bytes()
    assert (EXCEL / "template-csv-utf-8.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert (EXCEL / "template-sep-semicolon.csv").read_bytes().startswith(b"sep=;\r\nid;")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_excel_save_imports_with_its_warnings(name: str) -> None:
    header, encoding = VARIANTS[name]
    checked = validate_file(EXCEL / name, today=TODAY)
    assert checked.ok, checked.report.render()
    assert checked.encoding == encoding
    kent, medway = (c.service for c in checked.services)

    # Windows-1252 bytes read as the characters meant, with a warning naming the first line
    assert kent.organisation.name == "Women’s Aid Kent"
    assert kent.name == "Stalking Advocacy – Kent"
    cp1252 = [p for p in checked.report.warnings if "Windows-1252" in p.message]
    if encoding == "cp1252":
        [warning] = cp1252
        assert f"first on line {header + 2}" in warning.message  # Kent's row, after the example
    else:
        assert cp1252 == []

    # line breaks in cells: a list item each, or kept inside the text
    assert kent.areas == ("Kent", "Medway")
    assert kent.description.splitlines()[1] == 'Call or email for an appointment; say "stalking".'

    # the number Excel stored without its leading 0, restored with a warning on its row
    assert kent.phones[0].number == "020 7946 0018"
    [lost] = [p for p in checked.report.warnings if p.kind.startswith("UK numbers that lost")]
    assert (lost.line, lost.field) == (header + 2, "phones")

    # dd/mm/yyyy read day first, each with a warning
    assert (kent.assured_date, kent.last_modified) == (date(2026, 1, 31), date(2026, 2, 15))
    assert medway.assured_date == date(2026, 3, 1)  # 1 March, not 3 January
    dates = [p for p in checked.report.warnings if p.kind.startswith("dates written dd/mm")]
    assert sorted((p.line, p.field) for p in dates) == [
        (header + 2, "assured_date"),
        (header + 2, "last_modified"),
        (header + 5, "assured_date"),  # Kent's row takes three lines (two line breaks)
    ]

    # "+44 (0)" and a ; list in a quoted cell (the semicolon files quote it)
    assert [(p.number, p.type) for p in medway.phones] == [
        ("020 7946 0019", "voice"),
        ("020 7946 0020", "textphone"),
    ]
    # the template's example row is ignored, and said to be
    [example] = [p for p in checked.report.warnings if "example row" in p.message]
    assert example.line == header + 1
    assert len(checked.report.warnings) == len(cp1252) + 5
