"""The machine-wide deployment file: parsing, clear errors, locked settings, doctor's report."""

from __future__ import annotations

import io
import os
import tomllib
from pathlib import Path

import pytest

from spotter.cli import run
from spotter.store.database import open_store
from spotter.store.deployment import DeploymentError, load_deployment
from spotter.store.settings import Settings, SettingsError, save_settings

ROOT = Path(__file__).resolve().parents[2]


def _write(text: str) -> Path:
    folder = Path(os.environ["SPOTTER_SITE_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spotter.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_no_locks() -> None:
    deployment = load_deployment()
    assert deployment.path is None
    assert deployment.apply_to(Settings()).locked == {}


def test_the_documented_example_parses() -> None:
    example = ROOT / "packaging" / "spotter.example.toml"
    path = _write(example.read_text(encoding="utf-8"))
    deployment = load_deployment()
    assert deployment.path == path
    assert deployment.settings["practice_name"] == "Riverside Medical Practice"
    assert deployment.settings["idle_timeout_minutes"] == "5"
    assert deployment.settings["practice_email"] == "riverside.practice@nhs.net"
    assert deployment.apply_to(Settings()).is_locked("practice_email")
    assert tomllib.loads(example.read_text(encoding="utf-8"))


def test_keys_set_by_the_administrator_are_locked(tmp_path: Path) -> None:
    _write('[settings]\npractice_name = "Locked Surgery"\nstaff_support_contact = "HR 0123"\n')
    with open_store(tmp_path / "s.sqlite3") as store:
        store.set_settings({"practice_name": "Old name", "clinician_name": "Dr A"})
        settings = load_deployment().apply_to(
            Settings(values={"practice_name": "Old name", "clinician_name": "Dr A"})
        )
        assert settings.get("practice_name") == "Locked Surgery"
        assert settings.is_locked("practice_name")
        assert not settings.is_locked("clinician_name")
        assert settings.staff_support_contact == "HR 0123"
        with pytest.raises(SettingsError, match="set by your administrator"):
            save_settings(store, {"practice_name": "Mine"}, settings)
        save_settings(store, {"clinician_name": "Dr B"}, settings)
        assert store.get_setting("clinician_name") == "Dr B"
        assert store.get_setting("practice_name") == "Old name"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[settings\n", "not valid TOML"),
        ("[settings]\ncolour = 'red'\n", "settings.colour: not a Spotter setting"),
        ("[settings]\nidle_timeout_minutes = 0\n", "settings.idle_timeout_minutes"),
        ("[directory]\nmode = 'append'\n", "directory.mode: 'append' is not one of"),
        ("[extras]\n", "unknown section [extras]"),
    ],
)
def test_a_bad_file_is_reported_with_file_and_key(text: str, message: str) -> None:
    path = _write(text)
    with pytest.raises(DeploymentError) as exc:
        load_deployment()
    assert str(path) in str(exc.value)
    assert message in str(exc.value)


def test_doctor_reports_the_file_and_its_keys(tmp_path: Path) -> None:
    path = _write('[settings]\npractice_name = "Locked Surgery"\n')
    out = io.StringIO()
    assert run(["doctor", "--data-dir", str(tmp_path)], out=out, err=io.StringIO()) == 0
    assert f"read {path}" in out.getvalue()
    assert "keys set (locked): practice_name" in out.getvalue()
    _write("[settings\n")
    out = io.StringIO()
    assert run(["doctor", "--data-dir", str(tmp_path)], out=out, err=io.StringIO()) == 1
    assert "not valid TOML" in out.getvalue()


def test_a_missing_logo_does_not_unlock_the_other_settings() -> None:
    _write(
        "[settings]\npractice_name = 'Locked Surgery'\nidle_timeout_minutes = 3\n"
        "practice_logo_path = '/not/mounted/yet/logo.png'\n"
    )
    deployment = load_deployment()
    assert deployment.settings["practice_name"] == "Locked Surgery"
    assert deployment.settings["idle_timeout_minutes"] == "3"


def test_doctor_checks_the_managed_file_and_services_sync_applies_it(tmp_path: Path) -> None:
    from import_samples import row, write_csv

    source = write_csv(tmp_path / "icb.csv", [row(id="icb-advocacy", areas="Kent")])
    _write(f"[directory]\nmanaged_services_file = '{source}'\n")
    out = io.StringIO()
    assert run(["doctor", "--data-dir", str(tmp_path)], out=out, err=io.StringIO()) == 0
    assert "valid, not applied yet" in out.getvalue()

    out = io.StringIO()
    assert run(["services", "sync", "--data-dir", str(tmp_path)], out=out, err=io.StringIO()) == 0
    assert "Imported icb.csv: 1 added" in out.getvalue()
    out = io.StringIO()
    assert run(["services", "sync", "--data-dir", str(tmp_path)], out=out, err=io.StringIO()) == 0
    assert "has not changed" in out.getvalue()
    out = io.StringIO()
    assert run(["doctor", "--data-dir", str(tmp_path)], out=out, err=io.StringIO()) == 0
    assert "valid, applied" in out.getvalue()

    write_csv(source, [row(id="icb-advocacy", areas="Kentt")])
    out = io.StringIO()
    assert run(["doctor", "--data-dir", str(tmp_path)], out=out, err=io.StringIO()) == 1
    assert "is not valid" in out.getvalue()
    err = io.StringIO()
    assert run(["services", "sync", "--data-dir", str(tmp_path)], out=io.StringIO(), err=err) == 2
    assert "current directory is kept" in err.getvalue()
