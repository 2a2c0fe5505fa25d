"""`services show` and the service fields the CLI's JSON gained: added, none renamed."""

from __future__ import annotations

import io
import json
from pathlib import Path

from spotter.cli import run
from spotter.directory import directory_from_json


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return status, out.getvalue(), err.getvalue()


def _import_detailed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cli("--data-dir", str(data), "services", "export", str(tmp_path / "all.json"))
    exported = json.loads((tmp_path / "all.json").read_text("utf-8"))
    [service] = [s for s in exported["services"] if s["id"] == "protection-against-stalking"]
    service.update(
        alert="Temporarily closed to new referrals",
        languages=[{"name": "English"}, {"name": "Polish"}],
        fees_description="Free",
        interpretation_services="Interpreters on request",
        phones=[{"number": "01622 123456", "languages": [{"name": "Urdu"}]}],
        schedules=[
            {"byday": "MO", "opens_at": "09:00", "closes_at": "17:00", "valid_to": "2020-01-31"}
        ],
    )
    (tmp_path / "all.json").write_text(json.dumps(exported), "utf-8")
    status, _, err = cli("--data-dir", str(data), "services", "import", str(tmp_path / "all.json"))
    assert status == 0, err


def test_services_show_prints_every_kept_field_with_the_alert_standing_out(
    tmp_path: Path,
) -> None:
    _import_detailed(tmp_path)
    data = str(tmp_path / "data")
    status, out, err = cli("--data-dir", data, "services", "show", "protection-against-stalking")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[:3] == [
        "Protection Against Stalking",
        "Protection Against Stalking",
        "ALERT: Temporarily closed to new referrals",
    ]
    assert "Phone: 01622 123456 · languages: Urdu" in lines
    assert "Languages: English, Polish" in lines
    assert "Fees: Free" in lines
    assert "Interpreting: Interpreters on request" in lines
    assert not any(line.startswith("Opening times") for line in lines)  # expired in 2020

    status, out, _ = cli(
        "--data-dir", data, "services", "show", "protection-against-stalking", "--json"
    )
    assert status == 0
    shown = json.loads(out)
    assert shown["alert"] == "Temporarily closed to new referrals"
    assert shown["schedules"][0]["valid_to"] == "2020-01-31"
    assert shown["phones"][0]["languages"] == [{"name": "Urdu"}]

    status, out, err = cli("--data-dir", data, "services", "show", "no-such-service")
    assert (status, out) == (2, "")
    assert "no service has the id 'no-such-service'" in err


def test_list_json_keeps_its_fields_and_adds_the_new_ones(tmp_path: Path) -> None:
    _import_detailed(tmp_path)
    status, out, _ = cli("--data-dir", str(tmp_path / "data"), "services", "list", "--json")
    assert status == 0
    [service] = [s for s in json.loads(out) if s["id"] == "protection-against-stalking"]
    earlier = {"id", "name", "organisation", "scope", "status", "areas", "phones", "email",
               "url", "hours", "assured_date", "source"}  # fmt: skip
    assert earlier <= service.keys()
    assert service["alert"] == "Temporarily closed to new referrals"
    assert service["languages"] == ["English", "Polish"]
    assert service["fees_description"] == "Free"
    assert service["interpretation_services"] == "Interpreters on request"
    assert service["phones"][0]["languages"] == ["Urdu"]


def test_services_export_writes_the_new_fields_and_reads_them_back(tmp_path: Path) -> None:
    _import_detailed(tmp_path)
    target = tmp_path / "again.json"
    status, _, _ = cli("--data-dir", str(tmp_path / "data"), "services", "export", str(target))
    assert status == 0
    service = directory_from_json(json.loads(target.read_text("utf-8"))).get(
        "protection-against-stalking"
    )
    assert service is not None
    assert service.languages == ("English", "Polish")
    assert service.phones[0].languages == ("Urdu",)
    assert service.schedules[0].valid_to is not None
