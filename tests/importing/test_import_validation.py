"""The importer's field checks, edge by edge: every rule is tested on both sides of its line.

Files are written to tmp_path and checked through :func:`validate_file`, the importer's public
entry point, so the rules hold however the checks are arranged inside.

Mutants of ``spotter/importing/validate.py`` that no test can kill, because they do not change
behaviour (named in pyproject.toml, tabled in docs/testing.md):

* ``slugify``'s ``strip("-")`` as ``strip("XX-XX")``: the text is already lower-case, so there
  is never an ``X`` to strip.
* The row's error count going up by 2 instead of 1: it is only compared with its value before
  the row.
* The per-file cache of area levels always missing, or a known area's (never shown) empty
  message changed: the level is looked up again, identical.
* ``organisation is None or scope is None`` as ``... and ...``: neither is ``None`` unless an
  error was already counted for the row; the checks are there for the type checker.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from import_samples import row, write_csv

from spotter.directory import HELPLINE_ID, Scope, directory_to_json, load_bundled_directory
from spotter.importing import validate_file
from spotter.importing.report import Problem, ValidationReport
from spotter.importing.validate import Checker, Draft
from spotter.places.gazetteer import default_gazetteer

TODAY = date(2026, 6, 1)


def check_csv(tmp_path: Path, *rows: dict[str, str]) -> tuple[list[Problem], list[Any]]:
    """(errors, checked services) for a CSV file of ``rows``."""
    validated = validate_file(write_csv(tmp_path / "f.csv", list(rows)), today=TODAY)
    return validated.report.errors, [c.service for c in validated.services]


def errors_of(tmp_path: Path, **values: str) -> list[tuple[str, str]]:
    """(field, message) of each error for one row with ``values`` changed."""
    errors, _ = check_csv(tmp_path, row(**values))
    return [(p.field, p.message) for p in errors]


def check_json(tmp_path: Path, services: list[dict[str, Any]]) -> list[Problem]:
    data = directory_to_json(load_bundled_directory())
    data["services"] = services
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return validate_file(path, today=TODAY).report.errors


def bundled_record(sid: str) -> dict[str, Any]:
    data = directory_to_json(load_bundled_directory())
    [record] = [s for s in data["services"] if s["id"] == sid]
    record.pop("last_modified", None)  # later than TODAY
    record["assured_date"] = "2026-01-01"
    return record


# --- ids and organisations ---------------------------------------------------------------------


@pytest.mark.parametrize("sid", ["my service", " two  words", "tab\there", "-leading-dash", "a/b"])
def test_an_id_that_is_not_one_word_of_safe_characters_is_refused(tmp_path: Path, sid: str) -> None:
    [(field, message)] = errors_of(tmp_path, id=sid)
    assert field == "id"
    assert "is not a usable id" in message and "no spaces" in message


@pytest.mark.parametrize("sid", ["a", "kent.advocacy_2", "org:service~1@x+y", "A" * 200])
def test_ids_of_letters_digits_and_safe_punctuation_pass(tmp_path: Path, sid: str) -> None:
    assert errors_of(tmp_path, id=sid) == []


def test_an_id_of_more_than_200_characters_is_refused(tmp_path: Path) -> None:
    [(field, _)] = errors_of(tmp_path, id="A" * 201)
    assert field == "id"


def test_one_organisation_id_with_two_names_is_refused_at_the_second_row(tmp_path: Path) -> None:
    errors, services = check_csv(
        tmp_path,
        row(id="one", organisation_id="org-1", organisation="Kent Advocacy"),
        row(id="two", organisation_id="org-1", organisation="Sussex Advocacy"),
        row(id="three", organisation_id="org-1", organisation="Kent Advocacy"),
    )
    assert [(p.line, p.field, p.message) for p in errors] == [
        (
            3,
            "organisation",
            "organisation 'org-1' is called 'Kent Advocacy' at line 2 but 'Sussex Advocacy' here",
        )
    ]
    assert services == []


def test_rows_of_one_organisation_share_it(tmp_path: Path) -> None:
    errors, services = check_csv(
        tmp_path,
        row(id="one", organisation_id="", organisation="Kent Advocacy"),
        row(id="two", organisation_id="", organisation="Kent Advocacy"),
    )
    assert errors == []
    assert [s.organisation.id for s in services] == ["kent-advocacy", "kent-advocacy"]


# --- the helpline ------------------------------------------------------------------------------


def test_the_helpline_with_an_empty_phones_column_is_refused(tmp_path: Path) -> None:
    [(field, message)] = errors_of(
        tmp_path,
        id=HELPLINE_ID,
        name="National Stalking Helpline",
        scope="national",
        areas="United Kingdom",
        phones="",
    )
    assert field == "phones"
    assert message == f"{HELPLINE_ID} needs its phone number"


def test_the_helpline_with_an_empty_phone_list_is_refused(tmp_path: Path) -> None:
    record = bundled_record(HELPLINE_ID)
    record["phones"] = []
    errors = check_json(tmp_path, [record])
    assert [(p.path, p.field) for p in errors] == [("services[0]", "phones")]


def test_a_file_without_phones_keeps_the_helplines_number(tmp_path: Path) -> None:
    record = bundled_record(HELPLINE_ID)
    del record["phones"]
    assert check_json(tmp_path, [record]) == []


@pytest.mark.parametrize("phones", ["text:0808 802 0300", "fax:0808 802 0300"])
def test_the_helpline_number_must_be_a_voice_number(tmp_path: Path, phones: str) -> None:
    [(field, message)] = errors_of(
        tmp_path,
        id=HELPLINE_ID,
        name="National Stalking Helpline",
        scope="national",
        areas="United Kingdom",
        phones=phones,
    )
    assert field == "phones"
    assert "the National Stalking Helpline's number is 0808 802 0300" in message


def test_the_helpline_may_add_other_numbers_to_its_own(tmp_path: Path) -> None:
    assert (
        errors_of(
            tmp_path,
            id=HELPLINE_ID,
            name="National Stalking Helpline",
            scope="national",
            areas="United Kingdom",
            phones="text:07860 077333; 0808 802 0300",
        )
        == []
    )


# --- areas and scope ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("areas", "scope"),
    [
        ("Kent", Scope.LOCAL),
        ("Wales", Scope.NATION),
        ("Wales; Scotland", Scope.NATION),
        ("Wales; Cardiff", Scope.LOCAL),  # a nation plus a local area is not nation-wide
        ("Cardiff; Wales", Scope.LOCAL),
        ("England and Wales", Scope.NATIONAL),
        ("United Kingdom", Scope.NATIONAL),
        ("Kent; Great Britain", Scope.NATIONAL),
    ],
)
def test_a_scope_not_given_is_taken_from_the_areas(
    tmp_path: Path, areas: str, scope: Scope
) -> None:
    validated = validate_file(
        write_csv(tmp_path / "f.csv", [row(areas=areas, scope="")]), today=TODAY
    )
    assert validated.report.errors == []
    [checked] = validated.services
    assert checked.service.scope is scope
    assert "scope" in checked.absent
    [note] = validated.report.warnings
    assert note.field == "scope" and note.message.startswith("not given for 1 service (line 2)")


def test_the_scope_note_counts_the_rows_and_names_the_first_three(tmp_path: Path) -> None:
    rows = [row(id=f"s{i}", scope="") for i in range(5)]
    validated = validate_file(write_csv(tmp_path / "f.csv", rows), today=TODAY)
    [note] = validated.report.warnings
    assert note.message.startswith("not given for 5 services (line 2, line 3, line 4, ...)")


def test_a_given_scope_is_kept_in_any_case(tmp_path: Path) -> None:
    _, [service] = check_csv(tmp_path, row(areas="Kent", scope="National"))
    assert service.scope is Scope.NATIONAL


def test_empty_areas_are_dropped_from_a_csv_list_and_refused_in_json(tmp_path: Path) -> None:
    errors, _ = check_csv(tmp_path, row(areas="Kent; ;"))
    # The CSV reader drops empty list items; JSON keeps them.
    assert errors == []
    record = bundled_record("protection-against-stalking")
    record["service_areas"] = [{"name": "  "}, *record["service_areas"]]
    [problem] = check_json(tmp_path, [record])
    assert problem.message.startswith("no area name")


# --- phones ------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["+44 116 123", "+44 999", "+116 123"])
def test_a_short_code_written_with_a_country_code_is_refused(tmp_path: Path, number: str) -> None:
    [(field, message)] = errors_of(tmp_path, phones=number)
    assert field == "phones"
    assert message == f"{number!r} is not a valid UK phone number"


@pytest.mark.parametrize("number", ["116 123", "999", "+44 20 7946 0018", "01481 700000"])
def test_uk_numbers_and_short_codes_pass(tmp_path: Path, number: str) -> None:
    assert errors_of(tmp_path, phones=number) == []


def test_an_unknown_phone_type_is_refused_with_the_types(tmp_path: Path) -> None:
    [(field, message)] = errors_of(tmp_path, phones="pigeon:020 7946 0018")
    assert field == "phones"
    assert message == "'pigeon' is not a phone type (fax, pager, text, textphone, video, voice)"


# --- opening times ----------------------------------------------------------------------------


def schedule_errors(tmp_path: Path, byday: str, opens: str, closes: str) -> list[str]:
    record = bundled_record("protection-against-stalking")
    record["schedules"] = [{"byday": byday, "opens_at": opens, "closes_at": closes}]
    return [p.message for p in check_json(tmp_path, [record])]


@pytest.mark.parametrize("byday", ["", ",", "MO,XX"])
def test_opening_days_must_be_given_as_two_letter_days(tmp_path: Path, byday: str) -> None:
    [message] = schedule_errors(tmp_path, byday, "09:00", "17:00")
    assert message == f"days {byday!r} should be two-letter days MO TU WE TH FR SA SU"


def test_closing_at_the_opening_time_is_refused(tmp_path: Path) -> None:
    assert schedule_errors(tmp_path, "MO", "09:00", "09:00") == [
        "closes at 09:00, not after it opens at 09:00"
    ]
    assert schedule_errors(tmp_path, "MO", "09:00", "09:01") == []
    assert schedule_errors(tmp_path, "MO", "00:00", "24:00") == []


# --- web addresses and email ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://localhost/help", "http://intranet", "https://exa mple.org", "ftp://a.org"]
)
def test_a_web_address_needs_http_and_a_dotted_host(tmp_path: Path, url: str) -> None:
    [(field, message)] = errors_of(tmp_path, url=url)
    assert field == "url"
    assert message == f"{url!r} is not a web address starting https:// or http://"


@pytest.mark.parametrize("url", ["https://example.org", "http://www.example.org.uk/a?b=c"])
def test_http_and_https_addresses_pass(tmp_path: Path, url: str) -> None:
    assert errors_of(tmp_path, url=url) == []


# --- dates and ages ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["assured_date", "last_modified"])
def test_today_is_not_in_the_future_but_tomorrow_is(tmp_path: Path, field: str) -> None:
    _, [service] = check_csv(tmp_path, row(**{field: "2026-06-01"}))
    assert getattr(service, field) == TODAY
    [(where, message)] = errors_of(tmp_path, **{field: "2026-06-02"})
    assert (where, message) == (field, "2026-06-02 is in the future")


@pytest.mark.parametrize(
    "text", ["2026-6-1", "2026-02-30", "01/06/26", "31/02/2026", "2026-06-01T00:00"]
)
def test_dates_must_be_real_dates_written_yyyy_mm_dd(tmp_path: Path, text: str) -> None:
    [(field, message)] = errors_of(tmp_path, assured_date=text)
    assert (field, message) == ("assured_date", f"{text!r} is not a date like 2026-01-31")


@pytest.mark.parametrize("age", ["131", "150", "999", "12.5", "١٢"])
def test_an_age_must_be_whole_years_up_to_130(tmp_path: Path, age: str) -> None:
    [(field, message)] = errors_of(tmp_path, maximum_age=age)
    assert (field, message) == ("maximum_age", f"{age!r} is not an age in whole years")


def test_ages_up_to_130_pass_and_a_single_age_is_allowed(tmp_path: Path) -> None:
    _, [service] = check_csv(tmp_path, row(minimum_age="0", maximum_age="130"))
    assert (service.minimum_age, service.maximum_age) == (0, 130)
    _, [service] = check_csv(tmp_path, row(minimum_age="16", maximum_age="16"))
    assert (service.minimum_age, service.maximum_age) == (16, 16)
    [(field, message)] = errors_of(tmp_path, minimum_age="17", maximum_age="16")
    assert (field, message) == ("maximum_age", "maximum age 16 is below the minimum age 17")


# --- what each error says, and where ------------------------------------------------------------


def test_each_error_names_its_row_field_and_problem_in_words(tmp_path: Path) -> None:
    errors, _ = check_csv(
        tmp_path,
        row(id="kent-1"),
        row(id="KENT-1"),
        row(id="", name=""),
        row(id="National-Stalking-Helpline"),
        row(id="no-org", organisation="", organisation_id=""),
        row(id="no-source", source=""),
        row(id="bad-email", email="help@"),
        row(id="bad-time", schedules="MO 9:00-25:00"),
        row(id="bad-status", status="open"),
        row(id="bad-scope", scope="county"),
    )
    assert [(p.line, p.field, p.message) for p in errors] == [
        (3, "id", "duplicate id 'KENT-1': already used at line 2 (ids are compared ignoring case)"),
        (4, "id", "required: every service needs an id"),
        (4, "name", "required: the service's name"),
        (
            5,
            "id",
            "'National-Stalking-Helpline' differs only in case from the protected service id "
            "'national-stalking-helpline': use that id exactly",
        ),
        (6, "organisation", "required: the organisation's name"),
        (7, "source", "required: where these details were taken from"),
        (8, "email", "'help@' is not an email address"),
        (9, "schedules", "times 09:00-25:00 should be 24-hour times like 09:30-16:00"),
        (
            10,
            "status",
            "'open' is not one of active, inactive, defunct, temporarily closed",
        ),
        (11, "scope", "'county' is not one of local, nation, national"),
    ]


def test_the_template_example_row_is_ignored_with_a_note(tmp_path: Path) -> None:
    report = validate_file(
        write_csv(tmp_path / "f.csv", [row(id="example-delete-this-row")]), today=TODAY
    ).report
    errors, warnings = report.errors, report.warnings
    assert [(p.field, p.message) for p in warnings] == [
        ("id", "the template's example row: ignored (nothing from it is imported)")
    ]
    assert [p.message for p in errors] == [
        "nothing to import: the file has no services but the ones noted"
    ]


def test_json_errors_name_the_record_and_the_files_own_key(tmp_path: Path) -> None:
    first = bundled_record("protection-against-stalking")
    second = bundled_record("veritas-justice")
    del second["service_areas"]
    second["guaranteed"] = True
    validated_errors = check_json(tmp_path, [first, second])
    assert [(p.path, p.field, p.message) for p in validated_errors] == [
        (
            "services[1]",
            "service_areas",
            "required: the areas the service covers (e.g. Kent; Medway, or United Kingdom)",
        ),
    ]
    data = directory_to_json(load_bundled_directory())
    data["services"] = [first, {**bundled_record("veritas-justice"), "guaranteed": True}]
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    [warning] = [w for w in validate_file(path, today=TODAY).report.warnings]
    assert (warning.path, warning.line, warning.field, warning.message) == (
        "services[1]",
        None,
        "guaranteed",
        "ignored: only the National Stalking Helpline is guaranteed in every result",
    )


def test_a_duplicate_in_json_names_the_first_record(tmp_path: Path) -> None:
    record = bundled_record("veritas-justice")
    [problem] = check_json(tmp_path, [record, dict(record)])
    assert (problem.path, problem.field, problem.message) == (
        "services[1]",
        "id",
        "duplicate id 'veritas-justice': already used at services[0] "
        "(ids are compared ignoring case)",
    )


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        ("(Kent) Advocacy!", "kent-advocacy"),
        ("Kent Advocacy " + "x" * 200, ("kent-advocacy-" + "x" * 200)[:100]),
    ],
)
def test_an_organisation_without_an_id_gets_one_from_its_name(
    tmp_path: Path, organisation: str, expected: str
) -> None:
    _, [service] = check_csv(tmp_path, row(organisation_id="", organisation=organisation))
    assert service.organisation.id == expected


def test_a_row_with_an_error_gives_no_service_however_many_rows_failed_before(
    tmp_path: Path,
) -> None:
    checker = Checker(ValidationReport("f.csv"), default_gazetteer(), TODAY)

    def draft(line: int, **values: str) -> Draft:
        base = {"id": f"s{line}", "name": "A service", "organisation": "Org", "source": "tests"}
        return Draft(line=line, path=None, values={**base, **values}, areas=[("Kent", "areas")])

    assert checker.check(draft(2, id="bad id")) is None
    assert checker.check(draft(3, email="nope")) is None
    assert checker.check(draft(4, maximum_age="131")) is None
    good = checker.check(draft(5))
    assert good is not None and good.service.id == "s5" and good.line == 5
    assert len(checker.report.errors) == 3


def test_a_service_without_areas_is_refused_in_words(tmp_path: Path) -> None:
    [(field, message)] = errors_of(tmp_path, areas="")
    assert (field, message) == (
        "areas",
        "required: the areas the service covers (e.g. Kent; Medway, or United Kingdom)",
    )


def test_no_scope_is_taken_from_areas_that_are_not_known(tmp_path: Path) -> None:
    validated = validate_file(
        write_csv(tmp_path / "f.csv", [row(areas="Atlantis", scope="")]), today=TODAY
    )
    assert [p.field for p in validated.report.errors] == ["areas"]
    assert validated.report.warnings == []


def test_a_status_may_be_written_with_underscores_or_capitals(tmp_path: Path) -> None:
    _, [service] = check_csv(tmp_path, row(status="Temporarily_Closed"))
    assert service.status.value == "temporarily closed"


def test_an_organisation_name_with_no_letters_or_digits_needs_an_id(tmp_path: Path) -> None:
    [(field, message)] = errors_of(tmp_path, organisation_id="", organisation="!!!")
    assert (field, message) == ("organisation_id", "required")


def test_the_helpline_cannot_be_made_inactive_in_words(tmp_path: Path) -> None:
    [(field, message)] = errors_of(
        tmp_path,
        id=HELPLINE_ID,
        name="National Stalking Helpline",
        scope="national",
        areas="United Kingdom",
        phones="0808 802 0300",
        status="inactive",
    )
    assert (field, message) == (
        "status",
        f"{HELPLINE_ID} must stay active: it is shown in every result and cannot be switched off",
    )


def test_every_text_field_is_carried_into_the_service(tmp_path: Path) -> None:
    _, [service] = check_csv(
        tmp_path,
        row(
            description="Advocacy for victims of stalking",
            hours="Weekdays",
            eligibility="Adults",
            application_process="Self-referral or professional referral",
            verify_note="Check the number each spring",
            email="help@example.org",
            url="https://example.org",
        ),
    )
    assert (
        service.description,
        service.hours,
        service.eligibility,
        service.application_process,
        service.verify_note,
        service.email,
        service.url,
    ) == (
        "Advocacy for victims of stalking",
        "Weekdays",
        "Adults",
        "Self-referral or professional referral",
        "Check the number each spring",
        "help@example.org",
        "https://example.org",
    )


def test_a_checked_json_service_remembers_its_record(tmp_path: Path) -> None:
    data = directory_to_json(load_bundled_directory())
    data["services"] = [bundled_record("veritas-justice")]
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    [checked] = validate_file(path, today=TODAY).services
    assert (checked.path, checked.line) == ("services[0]", None)


def test_the_checker_on_its_own_names_rows_and_empty_areas(tmp_path: Path) -> None:
    checker = Checker(ValidationReport("f"), default_gazetteer(), TODAY)
    base = {"id": "a", "name": "A service", "organisation": "Org", "source": "tests"}
    first = Draft(line=None, path=None, values=dict(base), areas=[("Kent", "areas")])
    assert checker.check(first) is not None
    again = Draft(
        line=7,
        path=None,
        values=dict(base),
        areas=[(" ", "areas[0]"), ("Atlantis", "areas[1]")],
        guaranteed=True,
    )
    assert checker.check(again) is None
    assert [(p.line, p.field, p.message) for p in checker.report.errors] == [
        (7, "id", "duplicate id 'a': already used at the file (ids are compared ignoring case)"),
        (7, "areas[0]", "empty area name"),
        (7, "areas[1]", '"Atlantis" is not a known UK area'),
    ]
    [warning] = checker.report.warnings
    assert (warning.line, warning.field) == (7, "guaranteed")


def test_every_bad_phone_in_a_list_is_reported_not_only_the_first(tmp_path: Path) -> None:
    checker = Checker(ValidationReport("f"), default_gazetteer(), TODAY)
    base = {"id": "a", "name": "A service", "organisation": "Org", "source": "tests"}
    phones = [
        (" ", "voice", "", "phones[0]"),
        ("020 7946 0018", "pigeon", "", "phones[1]"),
        ("0300 636 0300", "voice", "", "phones[2]"),
        ("12345", "voice", "", "phones[3]"),
        ("+33 1 42 68 53 00", "voice", "", "phones[4]"),
    ]
    draft = Draft(line=2, path=None, values=base, areas=[("Kent", "areas")], phones=phones)
    assert checker.check(draft) is None
    assert [(p.line, p.field, p.message) for p in checker.report.errors] == [
        (2, "phones[0]", "empty phone number"),
        (
            2,
            "phones[1]",
            "'pigeon' is not a phone type (fax, pager, text, textphone, video, voice)",
        ),
        (
            2,
            "phones[2]",
            "0300 636 0300 is a retired helpline number and must never be shown; "
            "the National Stalking Helpline is 0808 802 0300",
        ),
        (2, "phones[3]", "'12345' is not a valid UK phone number"),
        (2, "phones[4]", "'+33 1 42 68 53 00' is not a valid UK phone number"),
    ]


def test_changing_the_helpline_number_is_refused_in_words(tmp_path: Path) -> None:
    [(field, message)] = errors_of(
        tmp_path,
        id=HELPLINE_ID,
        name="National Stalking Helpline",
        scope="national",
        areas="United Kingdom",
        phones="0808 802 0301",
    )
    assert (field, message) == (
        "phones",
        "the National Stalking Helpline's number is 0808 802 0300; an import cannot change it",
    )


def test_every_bad_opening_time_in_a_list_is_reported(tmp_path: Path) -> None:
    record = bundled_record("protection-against-stalking")
    record["schedules"] = [
        {"byday": "XX", "opens_at": "09:00", "closes_at": "17:00"},
        {"byday": "MO", "opens_at": "9am", "closes_at": "17:00"},
        {"byday": "TU", "opens_at": "09:00", "closes_at": "17:60"},
        {"byday": "WE", "opens_at": "17:00", "closes_at": "09:00"},
        {"byday": "TH", "opens_at": "24:00", "closes_at": "24:00"},
    ]
    assert [(p.field, p.message) for p in check_json(tmp_path, [record])] == [
        ("schedules[0]", "days 'XX' should be two-letter days MO TU WE TH FR SA SU"),
        ("schedules[1]", "times 9am-17:00 should be 24-hour times like 09:30-16:00"),
        ("schedules[2]", "times 09:00-17:60 should be 24-hour times like 09:30-16:00"),
        ("schedules[3]", "closes at 09:00, not after it opens at 17:00"),
        ("schedules[4]", "times 24:00-24:00 should be 24-hour times like 09:30-16:00"),
    ]


@pytest.mark.parametrize(
    ("count", "listed"), [(3, "line 2, line 3, line 4"), (4, "line 2, line 3, line 4, ...")]
)
def test_the_scope_note_in_full(tmp_path: Path, count: int, listed: str) -> None:
    rows = [row(id=f"s{i}", scope="") for i in range(count)]
    [note] = validate_file(write_csv(tmp_path / "f.csv", rows), today=TODAY).report.warnings
    assert note.message == (
        f"not given for {count} services ({listed}): taken from the areas (UK, Great Britain or "
        "England and Wales: national; one nation: nation; otherwise local); an existing service "
        "keeps its scope"
    )
