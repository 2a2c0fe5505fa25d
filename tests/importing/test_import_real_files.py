"""Real published Open Referral files, and the shapes and values real files come in.

The files in tests/data/openreferral are the Open Referral project's own HSDS 3 examples,
byte for byte (tests/data/README.md gives their source and licence).
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from import_samples import row, write_csv

from spotter.cli import run
from spotter.importing import plan_import, validate_file
from spotter.importing.html_text import html_to_text
from spotter.store.database import Store, open_store

DATA = Path(__file__).parents[1] / "data" / "openreferral"
TODAY = date(2026, 6, 1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "spotter.sqlite3")
    yield s  # type: ignore[misc]
    s.close()


def service(**extra: Any) -> dict[str, Any]:
    """One service as an ORUK 3 feed gives it (modelled on the HSDS 3 example's keys)."""
    base: dict[str, Any] = {
        "id": "feed-1",
        "name": "Feed Stalking Service",
        "description": "Advocacy for people being stalked",
        "organization": {"id": "feed-org", "name": "Feed Organisation"},
        "service_areas": [{"id": "a", "name": "Kent"}],
        "phones": [{"id": "p", "number": "020 7946 0018"}],
    }
    base.update(extra)
    return base


def write_json(tmp_path: Path, data: Any, name: str = "feed.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- the real files -------------------------------------------------------------------


def test_the_hsds3_single_service_example_is_refused_for_its_real_faults() -> None:
    checked = validate_file(DATA / "hsds3-service_full.json", today=TODAY)
    assert checked.shape == "a single service (as GET /services/{id} gives it)"
    # The example's one fault for Spotter: its area is a sentence, not a place. Its number,
    # given on the service, the location and two contacts, is one number ("+44 1234 234567"
    # in quotes, a valid Bedford number) and raises nothing.
    [(path, field, message)] = [(p.path, p.field, p.message) for p in checked.report.errors]
    assert (path, field) == ("$", "service_areas[0]")
    assert message.endswith("is not a known UK area")
    warning_text = checked.report.render()
    assert "not kept: `accreditations` ×1, `alternate_name` ×1" in warning_text
    for kept in ("alert", "languages", "fees_description", "fees", "interpretation_services"):
        assert f"`{kept}`" not in warning_text
    assert "`organization.{alternate_name, contacts, funding," in warning_text


def test_the_single_service_example_with_a_real_area_imports_once(
    store: Store, tmp_path: Path
) -> None:
    data = json.loads((DATA / "hsds3-service_full.json").read_text("utf-8"))
    data["service_areas"][0]["name"] = "Bedford"
    plan = plan_import(store, write_json(tmp_path, data), today=TODAY)
    assert plan.ok, plan.report.render()
    assert plan.result is not None
    service = plan.result.by_id()[data["id"]]
    [phone] = service.phones
    assert (phone.number, phone.description[:7]) == ("+44 1234 234567", "ext 100")
    assert phone.languages == ("Urdu",)
    # what earlier versions dropped is kept, as the file gives it
    assert service.alert.startswith("Following COVID-19 we have moved most of our counselling")
    assert service.languages == ("Urdu",)
    assert service.fees_description.startswith("Non-NHS patients are expected to pay")
    assert service.interpretation_services == (
        "Interpretation services are available in Urdu, Polish, and Slovak"
    )
    [schedule] = service.schedules
    assert (schedule.valid_from, schedule.valid_to) == (date(2005, 1, 1), date(2005, 1, 1))


def test_the_hsds3_paged_list_example_is_one_page_of_ten(store: Store) -> None:
    path = DATA / "hsds3-service_list.json"
    plan = plan_import(store, path, "replace", today=TODAY, area="Kent")
    assert plan.file.shape == "HSDS 3 / Open Referral UK 3 paged list (contents)"
    assert plan.file.page is not None and plan.file.page.partial
    assert [p.message for p in plan.report.errors] == [
        "page 1 of 10: 1 of 10 services: this file is not the whole feed, so it cannot "
        "replace the directory (every service on the other pages would be removed). Import "
        "it with merge, or get the whole feed"
    ]
    plan = plan_import(store, path, "merge", today=TODAY, area="Kent")
    assert plan.ok, plan.report.render()
    assert "page 1 of 10: 1 of 10 services: not the whole feed" in plan.report.render()
    result = plan.result
    assert result is not None
    added = result.by_id()["ac148810-d857-441c-9679-408f346de14b"]
    assert added.last_modified == date(2023, 3, 15)  # 2023-03-15T10:30:45.123Z
    assert added.areas == ("Kent",)
    assert "`fees_description`" not in plan.report.render()  # kept now
    assert added.fees_description.startswith("Non-NHS patients are expected to pay")


def test_a_feed_without_areas_and_no_default_keeps_its_services_out(store: Store) -> None:
    plan = plan_import(store, DATA / "hsds3-service_list.json", "merge", today=TODAY)
    assert not plan.ok
    assert "no service_areas: 1 service kept out, e.g. `contents[0]`" in plan.report.render()


# --- shapes ---------------------------------------------------------------------------


def test_an_oruk1_page_is_recognised_and_counts_pages_from_one(
    store: Store, tmp_path: Path
) -> None:
    page = {
        "totalElements": 751,
        "totalPages": 2,
        "number": 0,
        "size": 400,
        "first": True,
        "last": False,
        "content": [service(id=f"s{i}") for i in range(3)],
    }
    plan = plan_import(store, write_json(tmp_path, page), "replace", today=TODAY)
    assert plan.file.shape == "Open Referral UK 1 paged list (content)"
    assert plan.report.errors[0].message.startswith("page 1 of 2: 3 of 751 services:")
    assert plan_import(store, write_json(tmp_path, page), "merge", today=TODAY).ok


def test_a_bare_list_and_a_whole_feed_page_replace(store: Store, tmp_path: Path) -> None:
    plan = plan_import(store, write_json(tmp_path, [service()]), "merge", today=TODAY)
    assert plan.ok and plan.file.shape == "a list of services"
    whole = {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 1,
        "first_page": True,
        "last_page": True,
        "contents": [service()],
    }
    plan = plan_import(store, write_json(tmp_path, whole), "replace", today=TODAY)
    assert plan.ok, plan.report.render()
    assert plan.file.page is not None and not plan.file.page.partial


def test_an_unknown_object_says_what_shapes_are_read(tmp_path: Path) -> None:
    checked = validate_file(write_json(tmp_path, {"items": []}), today=TODAY)
    assert "not a services file" in checked.report.errors[0].message


# --- values ---------------------------------------------------------------------------


def test_feed_values_are_read_as_meant(store: Store, tmp_path: Path) -> None:
    record = service(
        description="<p>Help &amp; advice.</p><ul><li>Phone</li><li>Email</li></ul>"
        '<img src="data:image/png;base64,AAAA">',
        last_modified="2023-03-15T10:30:45.123Z",
        assured_date="2024-01-02T00:00:00Z",
        minimum_age=-1,
        url="www.example.org.uk",
        contacts=[{"phones": [{"number": "020 7946 0018"}]}],
        service_at_locations=[
            {"location": {"phones": [{"number": "020 7946 0019", "extension": 100}]}}
        ],
    )
    plan = plan_import(store, write_json(tmp_path, [record]), "merge", today=TODAY)
    assert plan.ok, plan.report.render()
    assert plan.result is not None
    new = plan.result.by_id()["feed-1"]
    assert new.description == "Help & advice.\n\n- Phone\n- Email"
    assert (new.last_modified, new.assured_date) == (date(2023, 3, 15), date(2024, 1, 2))
    assert new.minimum_age is None
    assert new.url == "https://www.example.org.uk"
    assert [(p.number, p.description) for p in new.phones] == [
        ("020 7946 0018", ""),
        ("020 7946 0019", "ext 100"),
    ]
    text = plan.report.render()
    assert "minimum age -1 read as no limit" in text
    assert "'www.example.org.uk' has no https://" in text


def test_a_trailing_dot_on_an_email_is_an_error_naming_the_service(tmp_path: Path) -> None:
    checked = validate_file(
        write_json(tmp_path, [service(email="help@example.org.uk.")]), today=TODAY
    )
    [error] = checked.report.errors
    assert error.message.startswith(
        "'help@example.org.uk.' for Feed Stalking Service ends with a dot"
    )


def test_html_becomes_plain_text_without_the_network() -> None:
    # The autouse fixture fails any socket: an <img> or <a> is never fetched.
    html = (
        "<h2>Who</h2><p>Adults&nbsp;16+<br>in Kent</p><script>alert(1)</script>"
        '<a href="https://example.org">site</a><ol><li>one</li><li>two</li></ol>'
    )
    assert html_to_text(html) == "Who\n\nAdults 16+\nin Kent\n\nsite\n\n- one\n- two"


def test_repeated_problems_are_summarised_and_json_keeps_them_all(
    store: Store, tmp_path: Path
) -> None:
    records = [service(id=f"s{i}", service_areas=[]) for i in range(6)]
    records += [service(id=f"bad{i}", email="x@") for i in range(5)]
    path = write_json(tmp_path, {"services": records})
    plan = plan_import(store, path, today=TODAY)
    text = plan.report.render()
    assert "'x@' is not an email address: 5 times, e.g. `services[6].email`" in text
    # the headline, the summarised errors and warnings; the areas' and phones' ids not kept
    assert len([line for line in text.splitlines() if "not kept" not in line]) < 6
    out = io.StringIO()
    assert run(["services", "import", str(path), "--json"], out=out) == 2
    payload = json.loads(out.getvalue())
    assert len([p for p in payload["report"]["problems"] if p["field"] == "email"]) == 5
    assert payload["shape"] == "Open Referral object with a services list"


# --- council feeds --------------------------------------------------------------------


def test_select_keeps_the_relevant_services_and_says_why(store: Store, tmp_path: Path) -> None:
    records = [
        service(id="youth", name="Youth Club", description="Games night"),
        service(
            id="da",
            name="Outreach",
            service_taxonomys=[{"taxonomy_term": {"name": "Domestic abuse"}}],
        ),
        service(id="stalk", name="Stalking Advocacy"),
        service(id="lib", name="Library", description="Books"),
    ]
    path = write_json(tmp_path, records)
    plan = plan_import(store, path, today=TODAY, select=[])
    assert plan.ok, plan.report.render()
    assert plan.file.selection is not None
    assert plan.file.selection.describe() == (
        "selected 2 of 4, because: 1 by taxonomy term 'Domestic abuse', 1 by name mentions "
        "'stalking' (terms: stalking, harassment, domestic abuse, victim support)"
    )
    assert {s.id for s in plan.diff.added} == {"da", "stalk"}
    out = io.StringIO()
    code = run(
        ["services", "import", str(path), "--select", "library", "--dry-run"],
        out=out,
        err=io.StringIO(),
    )
    assert code == 0
    assert "selected 1 of 4, because: 1 by name mentions 'library'" in out.getvalue()


def test_area_gives_the_feed_its_coverage(store: Store, tmp_path: Path) -> None:
    path = write_json(tmp_path, [service(service_areas=None)])
    assert not plan_import(store, path, today=TODAY).ok
    plan = plan_import(store, path, today=TODAY, area="Medway")
    assert plan.ok and plan.result is not None
    assert plan.result.by_id()["feed-1"].areas == ("Medway",)


# --- Excel saves of the template ------------------------------------------------------


def test_excel_saves_of_the_template_are_read(tmp_path: Path) -> None:
    rows = [
        row(id="a", assured_date="31/01/2026", phones="2079460018"),
        row(id="b", phones="+44 (0)20 7946 0019", areas="Kent\nMedway"),
    ]
    path = write_csv(tmp_path / "excel.csv", rows)
    text = path.read_text(encoding="utf-8-sig")
    path.write_text("sep=,\n" + text, encoding="utf-8-sig")
    checked = validate_file(path, today=TODAY)
    assert checked.ok, checked.report.render()
    a, b = (c.service for c in checked.services)
    assert a.assured_date == date(2026, 1, 31)
    assert a.phones[0].number == "020 7946 0018"
    assert b.phones[0].number == "020 7946 0019"
    assert b.areas == ("Kent", "Medway")
    lost = [p for p in checked.report.warnings if "leading 0" in p.message]
    assert [p.line for p in lost] == [3]  # the header is line 2 after sep=


def test_a_cell_larger_than_the_csv_default_limit_is_read(tmp_path: Path) -> None:
    long = "word " * 40_000  # 200 KB: over the csv module's 128 KB default
    checked = validate_file(write_csv(tmp_path / "big.csv", [row(description=long)]))
    assert checked.ok, checked.report.render()
    assert len(checked.services[0].service.description) == len(long.strip())
