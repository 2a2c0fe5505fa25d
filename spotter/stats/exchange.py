"""Exporting a practice's counts and merging practices' exports, with small numbers hidden.

Every cell below :data:`THRESHOLD` is written as ``<5``: a count of one or two screenings in a
month at a small practice could point to a person. Merging adds the practices' cells; a
suppressed cell is between 1 and 4, so a total that includes one is a range (``12-18``, or
``<=9`` when it could be under 5) and a total that is certainly under 5 is ``<5`` again.
Both formats (CSV and JSON) hold: the practices' ODS codes, month, measure, value, count.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spotter.stats.counts import CountError, check

THRESHOLD = 5
FORMAT = "spotter-activity/1"
CSV_COLUMNS = ("practices", "month", "measure", "value", "count")
_RANGE = re.compile(r"^(\d+)-(\d+)$")
_AT_MOST = re.compile(r"^<=(\d+)$")


class ExchangeError(ValueError):
    """A counts file cannot be read; the message names the file and the line or item."""


@dataclass(frozen=True)
class Cell:
    """A count known to lie between ``low`` and ``high`` (equal when exact)."""

    low: int
    high: int

    def text(self) -> str:
        if self.high < THRESHOLD:
            return f"<{THRESHOLD}"
        if self.low == self.high:
            return str(self.low)
        if self.low < THRESHOLD:
            return f"<={self.high}"
        return f"{self.low}-{self.high}"

    @classmethod
    def parse(cls, text: str) -> Cell:
        text = text.strip()
        if text == f"<{THRESHOLD}":
            return cls(1, THRESHOLD - 1)
        if text.isdigit():
            value = int(text)
            if value < THRESHOLD:
                raise ValueError(f"{value} is below {THRESHOLD} and should have been written <5")
            return cls(value, value)
        if m := _RANGE.match(text):
            low, high = int(m.group(1)), int(m.group(2))
            if low < THRESHOLD or high < low:
                raise ValueError(f"{text!r} is not a valid range")
            return cls(low, high)
        if m := _AT_MOST.match(text):
            return cls(1, int(m.group(1)))
        raise ValueError(f"{text!r} is not a count (a number of 5 or more, <5, or a range)")

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.low + other.low, self.high + other.high)


Key = tuple[str, str, str]  # month, measure, value


@dataclass(frozen=True)
class Counts:
    practices: tuple[str, ...]
    cells: dict[Key, Cell]

    def rows(self) -> list[dict[str, str]]:
        return [
            {"month": m, "measure": k, "value": v, "count": cell.text()}
            for (m, k, v), cell in sorted(self.cells.items())
        ]

    def to_json_text(self) -> str:
        body = {
            "format": FORMAT,
            "practices": list(self.practices),
            "suppressed_below": THRESHOLD,
            "counts": self.rows(),
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"

    def to_csv_text(self) -> str:
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        joined = ";".join(self.practices)
        for row in self.rows():
            writer.writerow({"practices": joined, **row})
        return buffer.getvalue()

    def write_text(self, path: Path, as_csv: bool | None = None) -> str:
        csv_wanted = path.suffix.lower() == ".csv" if as_csv is None else as_csv
        return self.to_csv_text() if csv_wanted else self.to_json_text()


def from_store_rows(ods_code: str, rows: Iterable[tuple[str, str, str, int]]) -> Counts:
    """A practice's own counts, suppressed (exact counts never leave the practice)."""
    cells = {
        (m, k, v): Cell(1, THRESHOLD - 1) if c < THRESHOLD else Cell(c, c) for m, k, v, c in rows
    }
    return Counts((ods_code or "unknown",), cells)


def _checked_key(month: Any, measure: Any, value: Any) -> Key:
    if not all(isinstance(x, str) for x in (month, measure, value)):
        raise ValueError("month, measure and value must be text")
    try:
        check(month, measure, value, None)
    except CountError as exc:
        raise ValueError(str(exc)) from None
    return (month, measure, value)


def read_counts(path: Path) -> Counts:
    """Read an export (CSV or JSON); raises :class:`ExchangeError` naming the line or item."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExchangeError(f"{path}: there is no file there") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExchangeError(f"{path}: cannot be read ({exc})") from None
    if text.lstrip().startswith("{"):
        return _read_json(path.name, text)
    return _read_csv(path.name, text)


def _add(cells: dict[Key, Cell], key: Key, cell: Cell, where: str) -> None:
    if key in cells:
        raise ValueError(f"{where}: the same month, measure and value appears twice")
    cells[key] = cell


def _read_json(name: str, text: str) -> Counts:
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ExchangeError(f"{name}: not a Spotter activity export (format {FORMAT})")
    practices = body.get("practices")
    items = body.get("counts")
    if not isinstance(practices, list) or not all(isinstance(p, str) for p in practices):
        raise ExchangeError(f"{name}: practices: expected a list of ODS codes")
    if not isinstance(items, list):
        raise ExchangeError(f"{name}: counts: expected a list")
    cells: dict[Key, Cell] = {}
    for i, item in enumerate(items):
        where = f"counts[{i}]"
        try:
            if not isinstance(item, dict):
                raise ValueError("expected an object")
            key = _checked_key(item.get("month"), item.get("measure"), item.get("value"))
            _add(cells, key, Cell.parse(str(item.get("count", ""))), where)
        except ValueError as exc:
            raise ExchangeError(f"{name}: {where}: {exc}") from None
    return Counts(tuple(practices), cells)


def _read_csv(name: str, text: str) -> Counts:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ExchangeError(f"{name}: line 1: expected the columns {', '.join(CSV_COLUMNS)}")
    cells: dict[Key, Cell] = {}
    practices: list[str] = []
    for row in reader:
        where = f"line {reader.line_num}"
        try:
            key = _checked_key(row["month"], row["measure"], row["value"])
            _add(cells, key, Cell.parse(row["count"] or ""), where)
        except (ValueError, TypeError) as exc:
            raise ExchangeError(f"{name}: {where}: {exc}") from None
        for code in (row["practices"] or "").split(";"):
            if code and code not in practices:
                practices.append(code)
    return Counts(tuple(practices), cells)


def merge(exports: list[Counts]) -> Counts:
    """Add practices' exports together (suppression is applied again when written)."""
    cells: dict[Key, Cell] = {}
    practices: list[str] = []
    for export in exports:
        for code in export.practices:
            if code in practices:
                raise ExchangeError(f"practice {code} appears in two of the files")
            practices.append(code)
        for key, cell in export.cells.items():
            cells[key] = cells[key] + cell if key in cells else cell
    return Counts(tuple(practices), cells)
