"""The bundled directory: sourced, complete, HSDS round trip, the helpline guarantee."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from spotter.directory import (
    HELPLINE_ID,
    DirectoryError,
    Scope,
    directory_from_json,
    directory_to_json,
    is_retired_number,
    load_bundled_directory,
    load_directory_file,
)
from spotter.system.resources import resources_dir

RETIRED = re.compile(r"0\s*300\s*636\s*0\s*300")


def test_bundled_directory_loads_with_sources_for_every_service() -> None:
    directory = load_bundled_directory()
    assert len(directory.services) >= 15
    for service in directory.services:
        assert service.source, service.id
        assert service.areas, service.id


def test_the_helpline_is_bundled_with_its_current_number_and_is_guaranteed() -> None:
    helpline = load_bundled_directory().get(HELPLINE_ID)
    assert helpline is not None
    assert helpline.guaranteed
    assert helpline.scope is Scope.NATIONAL
    assert [p.number for p in helpline.phones] == ["0808 802 0300"]
    assert "United Kingdom" in helpline.areas


def test_the_retired_helpline_number_appears_nowhere_in_resources() -> None:
    for path in resources_dir().rglob("*"):
        if path.is_file() and path.suffix in {".json", ".csv", ".md", ".txt", ".toml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not RETIRED.search(text), f"retired number in {path}"
    assert is_retired_number("0300 636 0300")
    assert is_retired_number("03006360300")
    assert not is_retired_number("0808 802 0300")


def test_bundled_numbers_are_the_sourced_ones() -> None:
    numbers = {s.id: [p.number for p in s.phones] for s in load_bundled_directory().services}
    assert numbers["paladin-advocacy"] == ["020 3866 4107"]
    assert numbers["veritas-justice"] == ["01273 234773"]
    assert numbers["action-against-stalking"] == ["0800 820 2427"]
    assert numbers["victim-support-scotland"] == ["0800 160 1985"]
    assert numbers["live-fear-free"] == ["0808 80 10 800", "07860 077333"]
    assert numbers["dsa-helpline-ni"] == ["0808 802 1414"]
    # Local services whose numbers were not published in the source ship without one.
    for unsourced in ("protection-against-stalking", "fearfree", "aurora-new-dawn"):
        assert numbers[unsourced] == []


def test_json_round_trip_is_exact() -> None:
    directory = load_bundled_directory()
    again = directory_from_json(json.loads(json.dumps(directory_to_json(directory))))
    assert again.services == directory.services
    assert again.version == directory.version


def test_errors_name_the_file_and_json_path(tmp_path: Path) -> None:
    data = directory_to_json(load_bundled_directory())
    data["services"][2]["scope"] = "galactic"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DirectoryError, match=r"bad\.json: services\[2\]\.scope: 'galactic'"):
        load_directory_file(bad)
    bad.write_text('{"services": [\n  {"id": 1,}\n]}', encoding="utf-8")
    with pytest.raises(DirectoryError, match=r"bad\.json: line 2, column"):
        load_directory_file(bad)


def test_duplicate_ids_are_rejected() -> None:
    data = directory_to_json(load_bundled_directory())
    data["services"].append(data["services"][0])
    with pytest.raises(DirectoryError, match="duplicate id 'national-stalking-helpline'"):
        directory_from_json(data)


@pytest.mark.parametrize(
    ("assured", "today", "stale"),
    [
        (None, date(2026, 1, 1), True),
        (date(2025, 11, 26), date(2026, 11, 26), False),
        (date(2025, 11, 25), date(2026, 11, 26), True),
        (date(2025, 2, 28), date(2026, 2, 28), False),
    ],
)
def test_staleness_is_twelve_months(assured: date | None, today: date, stale: bool) -> None:
    from dataclasses import replace

    service = replace(load_bundled_directory().services[0], assured_date=assured)
    assert service.is_stale(today) is stale
