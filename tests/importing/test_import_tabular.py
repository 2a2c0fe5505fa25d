"""HSDS tabular packages: a folder or .zip of CSV tables joined by id.

The two real packages in tests/data/openreferral are the Open Referral project's own examples
(HSDS 3 ``examples/csv`` and the HSDS 2 era ``examples/all_resources``), byte for byte
(tests/data/README.md gives their source and licence).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from spotter.cli import run
from spotter.importing import plan_import, tabular, validate_file
from spotter.store.database import Store, open_store

DATA = Path(__file__).parents[1] / "data" / "openreferral"
HSDS3 = DATA / "hsds3-tabular"
HSDS2 = DATA / "hsds2-tabular"
TODAY = date(2026, 6, 1)
#: The HSDS 3 example's one area: a sentence, not a place.
SENTENCE = (
    b"The service is available to all residents of the MyCity area. We provide the service in "
    b"our offices or via video conferencing to any who can provide evidence of their residency."
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "spotter.sqlite3")
    yield s  # type: ignore[misc]
    s.close()


def zip_folder(folder: Path, target: Path, *, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, prefix + file.name)
    return target


def hsds3_with_area(tmp_path: Path, area: bytes = b"Bedford") -> Path:
    """The real HSDS 3 package with its area sentence replaced by a place (nothing else)."""
    folder = tmp_path / "hsds3"
    shutil.copytree(HSDS3, folder)
    areas = folder / "service_areas.csv"
    data = areas.read_bytes()
    assert data.count(SENTENCE) == 1
    areas.write_bytes(data.replace(SENTENCE, area))
    return folder


def package(tmp_path: Path, name: str = "pkg", **tables: str) -> Path:
    """A small package; ``tables`` are file stems -> CSV text (header first)."""
    folder = tmp_path / name
    folder.mkdir()
    base = {
        "services": "id,organization_id,name,description\r\n"
        "svc-1,org-1,Stalking Advocacy,Advocacy for people being stalked\r\n"
        "svc-2,org-1,Second Service,Another one\r\n",
        "organizations": "id,name,website\r\norg-1,Example Trust,https://example.org.uk\r\n",
        "service_areas": "id,service_id,name\r\na1,svc-1,Kent\r\na2,svc-2,Medway\r\n",
        "phones": "id,service_id,number,extension,type\r\np1,svc-1,020 7946 0018,,voice\r\n",
    }
    base.update(tables)
    for stem, text in base.items():
        if text:
            (folder / f"{stem}.csv").write_text(text, encoding="utf-8", newline="")
    return folder


# --- the real packages ------------------------------------------------------------------


def test_the_hsds3_package_is_refused_for_its_area_sentence_named_by_file_and_line() -> None:
    checked = validate_file(HSDS3, today=TODAY)
    assert checked.shape == "HSDS tabular package (HSDS 3 columns)"
    assert checked.format == "tabular"
    [error] = checked.report.errors
    assert error.where == "service_areas.csv line 2, name"
    assert error.message.endswith("is not a known UK area")
    text = checked.report.render()
    assert "not kept: `accreditations` ×1, `alternate_name` ×1" in text  # alert is kept
    assert "not read (Spotter has no place for them): accessibility.csv" in text
    assert "read as: HSDS tabular package (HSDS 3 columns)" in checked.describe()


def test_the_hsds3_package_with_a_real_area_imports_joined_by_id(
    store: Store, tmp_path: Path
) -> None:
    plan = plan_import(store, hsds3_with_area(tmp_path), today=TODAY)
    assert plan.ok, plan.report.render()
    assert plan.result is not None
    service = plan.result.by_id()["ac148810-d857-441c-9679-408f346de14b"]
    assert service.name == "Community Counselling"
    assert service.organisation.name == "Example Organization Inc."
    assert service.areas == ("Bedford",)
    # phones.csv's number, in quotes in the file, with its extension
    [phone] = service.phones
    assert (phone.number, phone.description[:7]) == ("+44 1234 234567", "ext 100")
    assert (service.minimum_age, service.maximum_age) == (12, 100)
    assert service.assured_date == date(2005, 1, 1)


def test_the_same_package_as_a_zip_with_a_top_folder_reads_the_same(tmp_path: Path) -> None:
    folder = hsds3_with_area(tmp_path)
    as_zip = zip_folder(folder, tmp_path / "hsds3.zip", prefix="examples/csv/")
    from_folder = validate_file(folder, today=TODAY)
    from_zip = validate_file(as_zip, today=TODAY)
    assert from_zip.ok, from_zip.report.render()
    same = [replace(c.service, source="") for c in from_zip.services]
    assert same == [replace(c.service, source="") for c in from_folder.services]
    assert from_zip.services[0].service.source.startswith("hsds3.zip")
    assert from_zip.sha256 == hashlib.sha256(as_zip.read_bytes()).hexdigest()
    assert from_zip.services[0].line == 2 and from_zip.services[0].path == "services.csv"


def test_the_hsds2_package_is_refused_for_its_real_faults() -> None:
    checked = validate_file(HSDS2, today=TODAY, area="Kent")
    assert checked.shape == "HSDS tabular package (HSDS 2 columns)"
    errors = [(p.where, p.message) for p in checked.report.errors]
    assert errors == [
        ("service_areas.csv line 2, service_area", '"Sample service area" is not a known UK area'),
        # phones joined by service_id, and through services_at_location.csv
        ("phones.csv line 5, number", "'(223) 4567 12534' is not a valid UK phone number"),
        ("phones.csv line 6, number", "'(773) 2351 2461' is not a valid UK phone number"),
    ]
    [weekday] = [p for p in checked.report.warnings if p.field == "weekday"]
    assert weekday.where == "regular_schedules.csv line 2, weekday"
    assert "left out" in weekday.message


def test_the_cli_imports_a_zip_package(tmp_path: Path) -> None:
    as_zip = zip_folder(hsds3_with_area(tmp_path), tmp_path / "hsds3.zip")
    out, err = io.StringIO(), io.StringIO()
    code = run(["services", "import", str(as_zip), "--json"], out=out, err=err)
    assert code == 0, out.getvalue() + err.getvalue()
    result = json.loads(out.getvalue())
    assert result["format"] == "tabular"
    assert result["shape"] == "HSDS tabular package (HSDS 3 columns)"


# --- joins and problems -----------------------------------------------------------------


def test_rows_join_their_service_and_schedules_are_read(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        schedules="id,service_id,byday,opens_at,closes_at,description\r\n"
        's1,svc-1,"MO,TU",09:00:00,17:00:00,Office hours\r\n',
        regular_schedules="id,service_id,weekday,opens_at,closes_at\r\n"
        "r1,svc-2,Wednesday,10:00,12:00\r\n",
    )
    checked = validate_file(folder, today=TODAY)
    assert checked.ok, checked.report.render()
    one, two = (c.service for c in checked.services)
    assert [(s.byday, s.opens_at, s.closes_at) for s in one.schedules] == [
        ("MO,TU", "09:00", "17:00")
    ]
    assert one.organisation.website == "https://example.org.uk"
    assert two.phones == ()  # phones.csv is there and has none for it
    # both schedule tables: schedules.csv is the one read (HSDS 2 replaced the other)
    assert two.schedules == ()


def test_a_row_for_an_unknown_service_is_an_error_naming_its_row(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        phones="id,service_id,number\r\np1,svc-1,020 7946 0018\r\np2,svc-9,020 7946 0019\r\n",
    )
    checked = validate_file(folder, today=TODAY)
    [error] = checked.report.errors
    assert error.render() == (
        "pkg: phones.csv line 3, service_id: no service with id 'svc-9' in services.csv"
    )


def test_field_problems_name_the_file_line_and_column(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        services="id,organization_id,name,email\r\nsvc-1,org-1,A,not-an-email\r\n"
        "svc-2,org-1,B,\r\n",
        phones="id,service_id,number\r\np1,svc-1,020 7946 0018\r\np2,svc-2,12\r\n",
        organizations="id,name\r\norg-1,Example Trust\r\norg-1,Again\r\n",
    )
    checked = validate_file(folder, today=TODAY)
    wheres = {p.where for p in checked.report.errors}
    assert "services.csv line 2, email" in wheres
    assert "phones.csv line 3, number" in wheres
    assert any(w.startswith("organizations.csv line 3") for w in wheres)


def test_duplicate_ids_are_reported_with_the_first_rows_place(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        services="id,organization_id,name\r\nsvc-1,org-1,A\r\nsvc-1,org-1,B\r\n",
        service_areas="id,service_id,name\r\na1,svc-1,Kent\r\n",
    )
    checked = validate_file(folder, today=TODAY, area="Kent")
    messages = [p.message for p in checked.report.errors]
    assert any("services.csv line 2" in m for m in messages), messages
    assert not any("services[" in p.render() for p in checked.report.problems)


def test_datapackage_json_names_the_files(tmp_path: Path) -> None:
    folder = package(tmp_path)
    (folder / "services.csv").rename(folder / "svc-table.csv")
    (folder / "services.csv").write_text("id,name\r\n", encoding="utf-8")  # a decoy
    (folder / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "service", "path": "svc-table.csv"}]}),
        encoding="utf-8",
    )
    checked = validate_file(folder, today=TODAY)
    assert checked.ok, checked.report.render()
    assert checked.services[0].path == "svc-table.csv"


def test_a_datapackage_path_outside_the_package_is_refused(tmp_path: Path) -> None:
    folder = package(tmp_path)
    (folder / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "phone", "path": "../../secrets.csv"}]}),
        encoding="utf-8",
    )
    checked = validate_file(folder, today=TODAY)
    [error] = checked.report.errors
    assert "outside the package: refused" in error.message


def test_a_windows_1252_table_is_read_with_a_warning_naming_it(tmp_path: Path) -> None:
    folder = package(tmp_path)
    text = "id,organization_id,name\r\nsvc-1,org-1,Women’s Aid\r\nsvc-2,org-1,B\r\n"
    (folder / "services.csv").write_bytes(text.encode("cp1252"))
    checked = validate_file(folder, today=TODAY)
    assert checked.ok, checked.report.render()
    assert checked.services[0].service.name == "Women’s Aid"
    [warning] = [p for p in checked.report.warnings if "Windows-1252" in p.message]
    assert warning.where.startswith("services.csv")
    assert checked.encoding == "cp1252"


def test_a_folder_or_zip_without_services_is_refused_in_words(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("hello", encoding="utf-8")
    [error] = validate_file(empty).report.errors
    assert "holds no services.csv" in error.message
    not_zip = tmp_path / "broken.zip"
    not_zip.write_bytes(b"PK\x03\x04 not really")
    [error] = validate_file(not_zip).report.errors
    assert "not a readable .zip file" in error.message


# --- zips that try something ------------------------------------------------------------


def test_a_zip_naming_a_file_outside_itself_is_refused(tmp_path: Path) -> None:
    target = zip_folder(package(tmp_path), tmp_path / "evil.zip")
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("../../outside.csv", "id\r\n")
    checked = validate_file(target)
    [error] = checked.report.errors
    assert "outside its own folder: refused" in error.message
    assert not (tmp_path.parent / "outside.csv").exists()


def test_a_zip_bomb_is_refused_by_its_uncompressed_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 1024 * 1024)
    folder = package(tmp_path)
    (folder / "phones.csv").unlink()
    target = zip_folder(folder, tmp_path / "bomb.zip")
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("phones.csv", b"id,service_id,number\r\n" + b"0" * (4 * 1024 * 1024))
    assert target.stat().st_size < 64 * 1024  # small on disk, 4 MB inside
    checked = validate_file(target)
    [error] = checked.report.errors
    assert "larger than 1 MB uncompressed" in error.message


def test_sizes_are_counted_as_read_not_taken_from_the_zip_header(tmp_path: Path) -> None:
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(tabular._Refused):
        tabular._bounded(stream, 4096, "services.csv")
    assert tabular._bounded(io.BytesIO(b"x" * 4096), 4096, "services.csv") == b"x" * 4096


def test_hsds1_regular_schedules_are_read_by_day_name_never_by_number(tmp_path: Path) -> None:
    folder = package(
        tmp_path,
        regular_schedules="id,service_id,weekday,opens_at,closes_at\r\n"
        "r1,svc-1,Wednesday,10:00:00,12:00:00\r\nr2,svc-1,3,13:00:00,15:00:00\r\n",
    )
    checked = validate_file(folder, today=TODAY)
    assert checked.ok, checked.report.render()
    [schedule] = checked.services[0].service.schedules
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("WE", "10:00", "12:00")
    [warning] = [p for p in checked.report.warnings if p.field == "weekday"]
    assert warning.where == "regular_schedules.csv line 3, weekday"
