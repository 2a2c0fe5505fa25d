"""Not kept: every key a file has that Spotter does not read is listed once, with its path.

The nested objects Spotter reads from (phones, contacts, schedules, locations, areas,
eligibility, languages, taxonomy terms) are checked key by key; a key Spotter reads, even one
it only falls back to, is never listed, and a key it does not read at all is listed whole.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from spotter.importing import validate_file
from spotter.importing.jsonformat import NESTED_IDS, not_kept_text, read_json_document
from spotter.importing.report import ValidationReport

DATA = Path(__file__).parents[1] / "data" / "openreferral"
TODAY = date(2026, 6, 1)


def not_kept(data: Any) -> Counter[str]:
    found = read_json_document(data, "feed.json", ValidationReport("feed.json"))
    return found.not_kept


def test_the_hsds3_full_example_lists_its_nested_keys_with_their_paths() -> None:
    data = json.loads((DATA / "hsds3-service_full.json").read_text("utf-8"))
    counts = not_kept(data)
    for key in (
        "location.accessibility",
        "location.addresses",  # Spotter keeps no address, so the whole list is named
        "location.latitude",
        "location.schedules",
        "schedules[].freq",
        "schedules[].notes",
        "schedules[].attending_type",
        "service_areas[].extent_type",
        "service_at_locations[].schedules",
        "contacts[].email",
        "languages[].note",
        "phones[].languages[].note",
        "taxonomy_term.code",
        "attributes[].link_type",
        NESTED_IDS,
    ):
        assert counts[key] == 1, key
    listed = set(counts)
    read = {
        "phones[].languages",  # kept now, shown with the phone
        "phones[].extension",
        "phones[].number",
        "location.phones",
        "service_at_locations[].location",
        "service_at_locations[].contacts",
        "contacts[].phones",
        "schedules[].valid_from",
        "schedules[].byday",
        "service_areas[].name",
        "service_areas[].extent",  # read when there is no name
        "service_areas[].uri",
        "languages[].code",  # read when there is no name
        "taxonomy_term.name",
        "taxonomy_term.description",
        "attributes[].taxonomy_term",
    }
    assert not listed & read
    # a key not read at all is listed whole, not the keys inside it
    assert not any(leaf in k for k in listed for leaf in ("postal_code", "attention", "source"))
    assert not any(k.startswith(("funding[]", "organization.contacts.")) for k in listed)


def test_the_not_kept_line_groups_an_objects_keys_and_names_the_service_keys_first() -> None:
    checked = validate_file(DATA / "hsds3-service_full.json", today=TODAY)
    [line] = [line for line in checked.report.render().splitlines() if "not kept" in line]
    assert "not kept: `accreditations` ×1, `alternate_name` ×1," in line
    assert "`*.id` (nested objects' ids) ×1" in line
    assert (
        "`schedules[].{attending_type, bymonthday, byweekno, byyearday, count, dtstart, freq, "
        "interval, notes, schedule_link, timezone, until, wkst}` ×1" in line
    )
    assert "`service_areas[].{description, extent_type}` ×1" in line
    assert line.count("location.") == 1  # one group for the location's keys


def test_a_hand_made_feed_counts_each_nested_key_once_per_service() -> None:
    def service(i: int) -> dict[str, Any]:
        return {
            "id": f"s{i}",
            "name": f"Service {i}",
            "organization": {"id": "o", "name": "Org"},
            "phones": [
                {"number": "020 7946 0018", "pc_rank": 1, "languages": [{"name": "Urdu"}]},
                {"number": "020 7946 0019", "pc_rank": 2, "opening": "24/7"},
            ],
            "service_areas": [{"name": "Kent", "geometry": "…"}],
            "schedules": [
                {"byday": "MO", "weekday": "Monday", "opens_at": "09:00", "closes_at": "17:00"}
            ],
            "regular_schedules": [{"weekday": "Tuesday", "opens_at": "09:00"}],
            "eligibilitys": [{"eligibility": "adults", "minimum_age": 16, "audience": "all"}],
            "service_at_locations": [
                {
                    "location": {
                        "name": "Hub",
                        "accessibility": [{"description": "ramp"}],
                        "phones": [{"number": "020 7946 0020", "type": "voice"}],
                    }
                }
            ],
        }

    counts = not_kept([service(i) for i in range(40)])
    assert dict(counts) == {
        "phones[].pc_*": 40,  # a family, once per service however many phones have it
        "phones[].opening": 40,
        "service_areas[].geometry": 40,
        "schedules[].weekday": 40,  # byday is read when both are given
        "regular_schedules": 40,  # schedules are read when both are given
        "eligibilitys[].audience": 40,
        "location.accessibility": 40,
        "location.name": 40,
    }
    text = not_kept_text(counts)
    assert text.startswith("not kept: `regular_schedules` ×40, ")
    assert "`location.{accessibility, name}` ×40" in text
    assert "`phones[].{opening, pc_*}` ×40" in text


def test_a_feed_that_gives_only_what_spotter_reads_lists_nothing() -> None:
    record = {
        "id": "s1",
        "name": "Service",
        "organization": {"id": "o", "name": "Org", "url": "https://example.org.uk"},
        "phones": [{"number": "020 7946 0018", "type": "voice", "extension": "1"}],
        "contacts": [{"phones": [{"number": "020 7946 0019"}]}],
        "service_areas": [{"name": "Kent"}, "Sussex"],
        "schedules": [{"byday": "MO", "opens_at": "09:00", "closes_at": "17:00"}],
        "languages": [{"name": "Polish", "code": "pl"}, "Urdu"],
        "taxonomy_terms": [{"name": "stalking"}, "advocacy"],
        "attributes": [{"taxonomy_term": {"name": "victims", "description": "x"}}],
    }
    assert not not_kept([record])
