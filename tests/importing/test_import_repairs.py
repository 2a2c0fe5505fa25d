"""What spreadsheets and feeds do to numbers, dates and text: put right with a warning in its
place, or refused, never changed silently.

Mutants of ``validate.py`` here that no test can kill (listed in pyproject, tabled in
docs/testing.md):

* ``"+44 (0)20 …"`` with the ``(0)`` not taken out before parsing: the phone number library
  reads the UK's written ``(0)`` itself, to the same number.
* A number already starting with 0 tried again with another 0 in front: ``00…`` is the
  international prefix, never a UK number, so nothing is restored either way.
* The UK number patterns built without the phone library's metadata, or with a type's lengths
  or its length-free patterns mixed up: the UK metadata gives every type its lengths, and each
  type's pattern fixes the length itself, so the answers do not change (the patterns are
  compared with the library in ``test_phone_fast_path.py``, on numbers made from each type's
  example).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from import_samples import row, write_csv

from spotter.importing import validate_file
from spotter.importing.report import Problem
from spotter.importing.validate import forbidden_character

TODAY = date(2026, 6, 1)
RESTORED = "UK numbers that lost their leading 0 (restored)"
DAY_FIRST = "dates written dd/mm/yyyy (as Excel saves them) read day first"


def feed(tmp_path: Path, **service: Any) -> Path:
    """A one-service HSDS 3 paged list with ``service`` merged in."""
    record = {
        "id": "s1",
        "name": "Stalking Support",
        "organization": {"id": "o1", "name": "Support Org"},
        "service_areas": [{"name": "Kent"}],
        "phones": [{"number": "020 7946 0018"}],
        **service,
    }
    page = {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": [record],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    return path


def warnings_of(path: Path, kind: str) -> list[Problem]:
    return [p for p in validate_file(path, today=TODAY).report.warnings if p.kind == kind]


def phones_of(path: Path) -> list[str]:
    checked = validate_file(path, today=TODAY)
    return [p.number for c in checked.services for p in c.service.phones]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2079460018", "020 7946 0018"),
        ("20 7946 0018", "020 7946 0018"),
        ("800123456", "0800 123456"),
    ],
)
def test_a_number_that_lost_its_leading_zero_gets_it_back_with_a_warning_in_its_place(
    tmp_path: Path, written: str, read: str
) -> None:
    path = feed(tmp_path, phones=[{"number": written}])
    [warning] = warnings_of(path, RESTORED)
    assert (warning.field, warning.path, warning.message) == (
        "phones[0].number",
        "contents[0]",
        f"{written} has lost its leading 0 (as Excel does to a number): read as {read}",
    )
    assert phones_of(path) == [read]


def test_in_a_csv_the_warning_names_the_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [row(), row(id="b", phones="2079460019")])
    [warning] = warnings_of(path, RESTORED)
    assert (warning.field, warning.line, warning.path) == ("phones", 3, None)


@pytest.mark.parametrize("written", ["8001111", "7700900123", "(0)20 7946 0018"])
def test_only_a_nine_or_ten_digit_number_that_then_makes_a_valid_uk_number_is_restored(
    tmp_path: Path, written: str
) -> None:
    # 8001111 is seven digits (0800 1111 is Childline's own form, not a lost 0); 07700 900123 is
    # in the drama range, not a valid number; "(0)" without +44 is not the UK's written form.
    assert warnings_of(feed(tmp_path, phones=[{"number": written}]), RESTORED) == []


@pytest.mark.parametrize("written", ["+44 20 7946 0018", "(0)20 7946 0018"])
def test_a_number_written_another_valid_way_is_kept_as_written(
    tmp_path: Path, written: str
) -> None:
    assert phones_of(feed(tmp_path, phones=[{"number": written}])) == [written]


def test_a_day_first_date_is_read_with_a_warning_in_its_place(tmp_path: Path) -> None:
    path = feed(tmp_path, last_modified="03/04/2026")
    [warning] = warnings_of(path, DAY_FIRST)
    assert (warning.field, warning.path, warning.message) == (
        "last_modified",
        "contents[0]",
        "03/04/2026 read as day/month/year: 2026-04-03",
    )


def test_plain_text_fields_are_kept_as_written(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [row(verify_note="Checked by phone", alert="Not taking referrals until 1 March")],
    )
    [checked] = validate_file(path, today=TODAY).services
    assert checked.service.verify_note == "Checked by phone"
    assert checked.service.alert == "Not taking referrals until 1 March"
    assert checked.service.id == "test-service"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a\x00b", "a NUL character"),
        ("\x1b[31mred", "an escape character (ESC, as in terminal colour codes)"),
        ("x\ud800", "a lone surrogate (U+D800), which is not valid text"),
        ("x\udfff", "a lone surrogate (U+DFFF), which is not valid text"),
        ("bell\x07", "a control character (U+0007)"),
        ("Women’s Aid\ttab\nline", None),
    ],
)
def test_each_forbidden_character_is_named(text: str, said: str | None) -> None:
    assert forbidden_character(text) == said


def errors_in(path: Path) -> list[Problem]:
    return validate_file(path, today=TODAY).report.errors


@pytest.mark.parametrize(
    ("service", "named"),
    [({}, "Stalking Support"), ({"name": ""}, "s1"), ({"name": "", "id": ""}, "this service")],
)
def test_an_email_ending_in_a_dot_is_refused_naming_the_service_and_the_fix(
    tmp_path: Path, service: dict[str, str], named: str
) -> None:
    path = feed(tmp_path, email="help@example.c.", **service)
    [problem] = [p for p in errors_in(path) if p.field == "email"]
    assert (problem.path, problem.message) == (
        "contents[0]",
        f"'help@example.c.' for {named} ends with a dot, so mail to it would not arrive: "
        "correct it to 'help@example.c'",
    )


def test_an_age_of_minus_one_is_no_limit_with_a_warning_in_its_place(tmp_path: Path) -> None:
    path = feed(tmp_path, minimum_age=-1, maximum_age=-1)
    warnings = [p for p in validate_file(path, today=TODAY).report.warnings if "age" in p.field]
    assert [(p.field, p.path, p.message, p.kind) for p in warnings] == [
        (
            "minimum_age",
            "contents[0]",
            "minimum age -1 read as no limit",
            "age -1 read as no limit",
        ),
        (
            "maximum_age",
            "contents[0]",
            "maximum age -1 read as no limit",
            "age -1 read as no limit",
        ),
    ]
    csv_path = write_csv(tmp_path / "f.csv", [row(minimum_age="-1")])
    [warning] = [p for p in validate_file(csv_path, today=TODAY).report.warnings if p.line]
    assert (warning.field, warning.line) == ("minimum_age", 2)


def test_languages_in_a_cell_split_on_semicolons_and_line_breaks(tmp_path: Path) -> None:
    cell = "English; British  Sign Language\r\nPolish\rUrdu\nWelsh"
    [checked] = validate_file(write_csv(tmp_path / "f.csv", [row(languages=cell)])).services
    assert checked.service.languages == (
        "English",
        "British Sign Language",
        "Polish",
        "Urdu",
        "Welsh",
    )


def test_a_quoted_number_is_read_without_its_quotes(tmp_path: Path) -> None:
    path = feed(tmp_path, phones=[{"number": '"020 7946 0018"'}, {"number": "'0808 802 0300'"}])
    assert phones_of(path) == ["020 7946 0018", "0808 802 0300"]


def test_a_schedule_may_hold_for_one_day_and_every_bad_schedule_is_named(tmp_path: Path) -> None:
    day = "MO 09:00-17:00 [from 2026-07-01 until 2026-07-01]"
    [checked] = validate_file(write_csv(tmp_path / "f.csv", [row(schedules=day)])).services
    [schedule] = checked.service.schedules
    assert (schedule.valid_from, schedule.valid_to) == (date(2026, 7, 1), date(2026, 7, 1))
    backwards = "MO 09:00-17:00 [from 2026-07-02 until 2026-07-01]"
    both = f"{backwards}; TU 09:00-17:00 [from 2026-08-02 until 2026-08-01]; WE 09:00-12:00"
    path = write_csv(tmp_path / "g.csv", [row(schedules=both)])
    messages = [p.message for p in validate_file(path, today=TODAY).report.errors]
    assert messages == [
        "valid until 2026-07-01, before it is valid from 2026-07-02",
        "valid until 2026-08-01, before it is valid from 2026-08-02",
    ]


def test_a_bare_web_address_gets_https_with_a_warning_in_its_place(tmp_path: Path) -> None:
    path = feed(tmp_path, url="www.example.org.uk/help")
    checked = validate_file(path, today=TODAY)
    [warning] = [p for p in checked.report.warnings if p.field == "url"]
    assert (warning.path, warning.message, warning.kind) == (
        "contents[0]",
        "'www.example.org.uk/help' has no https://: read as https://www.example.org.uk/help",
        "web address without https:// (https:// added)",
    )
    assert [c.service.url for c in checked.services] == ["https://www.example.org.uk/help"]
    csv_path = write_csv(tmp_path / "f.csv", [row(), row(id="b", url="www.example.org.uk")])
    [warning] = [p for p in validate_file(csv_path, today=TODAY).report.warnings if p.line]
    assert (warning.field, warning.line) == ("url", 3)
