"""Problems a practice reports with a directory entry, collected for the ICB's curator.

"Report a problem with this entry" keeps the report in the practice's database and sends
nothing anywhere; ``feedback export FILE`` writes them for the curator. A report holds the
service id, the field, the kind of problem, an optional short note and the day: never a
patient detail. A note that looks like one (a full postcode, a date, an NHS number) is
refused with the reason, rather than quietly changed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from spotter.store.database import Store
from spotter.system.nhs_number import validate_nhs_number

MAX_NOTE = 200
#: kind -> (the entry's field, what is wrong, in words)
KINDS: dict[str, tuple[str, str]] = {
    "wrong_number": ("phones", "The phone number is wrong or does not answer"),
    "closed": ("status", "The service has closed or stopped taking referrals"),
    "wrong_area": ("areas", "The area it covers is wrong"),
    "other": ("details", "Something else in the entry is wrong"),
}
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_DATE = re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b")
_TEN_DIGITS = re.compile(r"(?<!\d)(?:\d[ -]?){9}\d(?![\d])")


class FeedbackError(ValueError):
    """The report cannot be kept as it is; the message says what to change."""


def check_note(note: str) -> str:
    note = " ".join(note.split())
    if len(note) > MAX_NOTE:
        raise FeedbackError(f"Keep the note to {MAX_NOTE} characters.")
    if _POSTCODE.search(note) or _DATE.search(note):
        raise FeedbackError(
            "Leave out postcodes and dates: a report must not say anything about a patient."
        )
    for match in _TEN_DIGITS.finditer(note):
        digits = re.sub(r"\D", "", match.group())
        try:
            validate_nhs_number(digits)
        except ValueError:
            continue
        raise FeedbackError("Leave out NHS numbers: a report must not identify a patient.")
    return note


@dataclass(frozen=True)
class Report:
    reported_on: date
    service_id: str
    field: str
    problem: str
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "service_id": self.service_id,
            "field": self.field,
            "problem": self.problem,
            "note": self.note,
            "date": self.reported_on.isoformat(),
        }


def report_problem(
    store: Store, service_id: str, kind: str, note: str = "", today: date | None = None
) -> Report:
    """Keep one report (raises :class:`FeedbackError` for an unknown kind or a bad note)."""
    if kind not in KINDS:
        raise FeedbackError(f"unknown kind of problem {kind!r}")
    field, problem = KINDS[kind]
    report = Report(today or date.today(), service_id, field, problem, check_note(note))
    with store.db.atomic():
        store.db.table("feedback").insert(
            {
                "reported_on": report.reported_on.isoformat(),
                "service_id": report.service_id,
                "field": report.field,
                "problem": report.problem,
                "note": report.note,
            }
        )
    return report


def reports(store: Store) -> list[Report]:
    return [
        Report(date.fromisoformat(r["reported_on"]), r["service_id"], r["field"], r["problem"],
               r["note"] or "")
        for r in store.db.query("SELECT * FROM feedback ORDER BY id")
    ]  # fmt: skip


def export_text(items: list[Report], ods_code: str, *, as_csv: bool) -> str:
    if as_csv:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["practice_ods_code", "service_id", "field", "problem", "note", "date"])
        for r in items:
            d = r.to_json()
            writer.writerow([ods_code, d["service_id"], d["field"], d["problem"], d["note"],
                             d["date"]])  # fmt: skip
        return buffer.getvalue()
    body = {"practice_ods_code": ods_code, "reports": [r.to_json() for r in items]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
