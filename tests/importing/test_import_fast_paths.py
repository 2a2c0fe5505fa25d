"""The import's quick paths give what the plain way gives.

A council feed's 10,000 services are read, checked and written with a few shortcuts: the
"not kept" keys of an object worked out once per shape, a JSON value's path named only when
it is not text, plain text fields taken without their kind's check, a phone number's digits
not filtered twice when they are ASCII, and a ``services`` row read in one call. Each is
compared here with the way it replaces, on generated input.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from spotter.directory import load_bundled_directory
from spotter.directory.model import ascii_digits, normalise_number
from spotter.importing import jsonformat, plan_import
from spotter.importing.jsonformat import _count_not_kept, _scalar, _text_at
from spotter.importing.report import ValidationReport
from spotter.importing.validate import _KIND_CHECKED_FIELDS, _PLAIN_FIELDS, Checker, Draft
from spotter.places.gazetteer import default_gazetteer
from spotter.store.database import open_store
from spotter.store.repository import _SERVICE_WRITERS, _service_values

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

from council_feed import write_council_feed

KEYS = ["id", "name", "number", "type", "phones", "pc_x", "pc_y", "note", "location", "byday"]
KEYS += ["weekday", "opens_at", "taxonomy_term", "extent", "code", "eligibility", "funding"]
leaf = st.one_of(st.none(), st.integers(-2, 2), st.text(max_size=3), st.booleans())
objects = st.dictionaries(st.sampled_from(KEYS), leaf, max_size=6)
lists = st.lists(st.one_of(objects, leaf), max_size=3)


def records() -> st.SearchStrategy[dict[str, Any]]:
    location = st.fixed_dictionaries({"phones": lists}, optional={"pc_z": leaf, "id": leaf})
    at_location = st.fixed_dictionaries(
        {}, optional={"location": st.one_of(location, objects), "phones": lists, "id": leaf}
    )
    return st.fixed_dictionaries(
        {"id": st.just("s"), "name": st.just("S")},
        optional={
            key: lists
            for key in (
                "phones",
                "contacts",
                "service_areas",
                "schedules",
                "regular_schedules",
                "languages",
                "eligibilitys",
                "eligibility",
                "attributes",
                "taxonomy_terms",
            )
        }
        | {
            "service_at_locations": st.lists(at_location, max_size=2),
            "organization": objects,
            "pc_a": leaf,
            "funding": leaf,
        },
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(records(), min_size=1, max_size=6))
@example(  # one shape under two paths with the same keys read: each keeps its own path
    [
        {"attributes": [{"note": 1}], "taxonomy_terms": [{"note": 1}], "schedules": [{"a": 1}]},
        {"regular_schedules": [{"a": 1}]},
    ]
)
def test_not_kept_worked_out_once_per_shape_counts_what_each_service_alone_would(
    feed: list[dict[str, Any]],
) -> None:
    warm: Counter[str] = Counter()
    for record in feed:
        _count_not_kept(record, warm)
    cold: Counter[str] = Counter()
    for record in feed:
        jsonformat._UNREAD.clear()
        jsonformat._TOP.clear()
        _count_not_kept(record, cold)
    assert warm == cold
    # and a second pass over the same services (every shape known) counts the same again
    again: Counter[str] = Counter()
    for record in feed:
        _count_not_kept(record, again)
    assert again == cold


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=4)),
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(st.text(), inner)),
    max_leaves=4,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, st.just(None)), st.booleans())
def test_a_value_read_by_key_is_what_the_scalar_reading_gives(value: Any, present: bool) -> None:
    obj = {"k": value} if present else {}
    quick, plain = ValidationReport("f"), ValidationReport("f")
    assert _text_at(obj, "k", "phones[0]", "$", quick) == _scalar(
        obj.get("k"), "phones[0].k", "$", plain
    )
    assert [(p.field, p.message) for p in quick.problems] == [
        (p.field, p.message) for p in plain.problems
    ]


def normalise_reference(number: str) -> str:
    digits = "".join(filter(str.isdigit, ascii_digits(number)))
    digits = "".join(ch for ch in digits if ch.isascii())
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) > len(prefix) + 8:
            rest = digits[len(prefix) :]
            return rest if rest.startswith("0") else "0" + rest
    return digits


digit_like = st.characters(
    categories=["Nd", "No", "Nl", "Zs", "Po", "Sm"], codec=None
) | st.sampled_from("0123456789+ ()٣０𝟘¹²₃")


@settings(max_examples=2000, deadline=None)
@given(st.text(digit_like, max_size=16))
def test_a_number_is_normalised_as_before(number: str) -> None:
    assert normalise_number(number) == normalise_reference(number)


def test_plain_fields_and_kind_checked_fields_cover_every_scalar_field_once() -> None:
    from spotter.directory.fields import SCALAR_FIELDS
    from spotter.importing.validate import _CHECKED_APART

    names = [*_PLAIN_FIELDS, *(f.name for f in _KIND_CHECKED_FIELDS)]
    assert sorted(names) == sorted(f.name for f in SCALAR_FIELDS if f.name not in _CHECKED_APART)
    assert len(names) == len(set(names))


texts = st.text(st.sampled_from("ab -@.:/0123456789;\n<>&"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([f.name for f in _KIND_CHECKED_FIELDS] + list(_PLAIN_FIELDS)), texts
    )
)
def test_a_checked_service_has_each_fields_value_as_its_kinds_check_gives_it(
    given_values: dict[str, str],
) -> None:
    values = {
        "id": "s1",
        "name": "Service",
        "organisation": "Org",
        "organisation_id": "org",
        "source": "test",
        **given_values,
    }
    draft = Draft(line=2, path=None, values=values, areas=[("Kent", "areas")])
    report = ValidationReport("f")
    checker = Checker(report, default_gazetteer(), date(2026, 6, 1))
    result = checker.check(draft)
    reference_report = ValidationReport("f")
    reference = Checker(reference_report, default_gazetteer(), date(2026, 6, 1))
    expected = {spec.name: reference._check_value(draft, spec) for spec in (*_KIND_CHECKED_FIELDS,)}
    expected |= {name: draft.get(name) for name in _PLAIN_FIELDS}
    kind_problems = [(p.field, p.message) for p in reference_report.problems]
    problems = [(p.field, p.message) for p in report.problems]
    assert [p for p in problems if p in kind_problems] == kind_problems
    if result is not None:
        for name, value in expected.items():
            assert getattr(result.service, name) == value, name


def test_a_services_row_is_what_the_fields_writers_give(tmp_path: Path) -> None:
    services = list(load_bundled_directory().services)
    feed = write_council_feed(tmp_path / "feed.json", 30)
    with open_store(tmp_path / "s.sqlite3") as store:
        plan = plan_import(store, feed, "merge", area="Kent")
    assert len(plan.file.services) == 30
    services += [c.service for c in plan.file.services]
    services += [replace(s, guaranteed=not s.guaranteed, languages=()) for s in services[:5]]
    for i, service in enumerate(services):
        assert _service_values(service, i) == [i, *(write(service) for write in _SERVICE_WRITERS)]
