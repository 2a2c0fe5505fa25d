"""The admin command line: a public interface, so its output, JSON fields and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from spotter import __version__
from spotter.cli import build_parser, run
from spotter.directory import HELPLINE_ID, directory_from_json, load_bundled_directory

ROOT = Path(__file__).resolve().parents[2]


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return status, out.getvalue(), err.getvalue()


def test_match_lists_services_with_reasons(tmp_path: Path) -> None:
    status, out, err = cli("match", "ME14 1AA", "--data-dir", str(tmp_path))
    assert status == 0, err
    assert "Protection Against Stalking" in out
    assert "Paladin National Stalking Advocacy Service" in out
    assert "National Stalking Helpline" in out
    assert "covers Kent: ME14 1AA is in Maidstone, Kent" in out
    assert "0808 802 0300" in out
    assert (tmp_path / "spotter.sqlite3").exists()


def test_match_json_has_the_documented_fields(tmp_path: Path) -> None:
    status, out, _ = cli("--data-dir", str(tmp_path), "match", "EH1 1AA", "me41aa", "--json")
    assert status == 0
    data = json.loads(out)
    assert [d["postcode"] for d in data] == ["EH1 1AA", "ME4 1AA"]
    edinburgh = data[0]
    assert edinburgh["areas"] == [
        {
            "lad_code": "S12000036",
            "lad_name": "City of Edinburgh",
            "certainty": "exact",
            "share": 1.0,
            "county": "City of Edinburgh",
            "ceremonial_county": "",
            "region": "",
            "country": "Scotland",
            "icb": "",
        }
    ]
    ids = [s["id"] for s in edinburgh["services"]]
    assert "action-against-stalking" in ids and HELPLINE_ID in ids
    assert "paladin-advocacy" not in ids
    for service in edinburgh["services"]:
        assert {"id", "name", "scope", "reason", "phones", "certainty"} <= service.keys()
    assert "protection-against-stalking" in [s["id"] for s in data[1]["services"]]


def test_match_reads_postcodes_from_stdin_in_order(tmp_path: Path) -> None:
    status, out, _ = cli(
        "match", "-", "--json", "--data-dir", str(tmp_path), stdin="CF10 4UW\n\nbt1 5gs\n"
    )
    assert status == 0
    assert [d["postcode"] for d in json.loads(out)] == ["CF10 4UW", "BT1 5GS"]


def test_a_bad_postcode_is_one_clear_line_and_status_2(tmp_path: Path) -> None:
    status, out, err = cli("match", "nonsense", "--data-dir", str(tmp_path))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert '"nonsense" is not a UK postcode' in err


def test_a_bad_postcode_in_a_batch_is_reported_and_the_rest_answered(tmp_path: Path) -> None:
    status, out, err = cli("match", "ME14 1AA", "nonsense", "--json", "--data-dir", str(tmp_path))
    assert status == 2
    data = json.loads(out)
    assert data[0]["postcode"] == "ME14 1AA" and data[0]["services"]
    assert data[1]["postcode"] == "nonsense" and "not a UK postcode" in data[1]["error"]
    assert "nonsense" in err


def test_services_list_and_export_round_trip(tmp_path: Path) -> None:
    status, out, _ = cli("services", "list", "--json", "--data-dir", str(tmp_path))
    assert status == 0
    assert len(json.loads(out)) == len(load_bundled_directory().services)
    target = tmp_path / "export.json"
    status, out, _ = cli("services", "export", str(target), "--data-dir", str(tmp_path))
    assert status == 0
    exported = directory_from_json(json.loads(target.read_text(encoding="utf-8")))
    assert exported.services == load_bundled_directory().services
    assert not list(tmp_path.glob("*.part"))


def test_export_to_an_unwritable_place_is_a_user_error(tmp_path: Path) -> None:
    status, _, err = cli(
        "services", "export", str(tmp_path / "missing" / "x.json"), "--data-dir", str(tmp_path)
    )
    assert status == 2
    assert err.startswith("spotter: cannot write")


def test_doctor_reports_a_healthy_installation(tmp_path: Path) -> None:
    status, out, _ = cli("doctor", "--data-dir", str(tmp_path))
    assert status == 0, out
    assert "integrity_check: ok" in out
    assert "schema version" in out
    assert "screening content spotter-core" in out
    assert "gazetteer" in out
    assert str(tmp_path) in out
    assert "No problems found." in out


def test_doctor_fails_on_a_damaged_database(tmp_path: Path) -> None:
    (tmp_path / "spotter.sqlite3").write_bytes(b"\x00garbage" * 512)
    status, out, _ = cli("doctor", "--data-dir", str(tmp_path))
    assert status == 1
    assert "damaged or is not a Spotter database" in out


def test_unknown_commands_and_options_exit_2_without_a_traceback() -> None:
    for argv in (["frobnicate"], ["match"], ["services"], ["match", "X", "--bogus"]):
        with pytest.raises(SystemExit) as exc:
            build_parser().parse_args(argv)
        assert exc.value.code == 2


def test_the_real_entry_point_version_and_exit_codes(tmp_path: Path) -> None:
    def main_py(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", *argv],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env={"PATH": "", "SPOTTER_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"},
        )

    version = main_py("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"Spotter {__version__}"
    bad = main_py("match", "nonsense")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        'spotter: "nonsense" is not a UK postcode (expected e.g. ME14 1AA or ME14)'
    ]
    assert "Traceback" not in bad.stderr
    ok = main_py("match", "ME14 1AA")
    assert ok.returncode == 0 and "Protection Against Stalking" in ok.stdout


EXAMPLE = ROOT / "docs" / "examples" / "referral.json"


def test_letter_renders_the_documented_example(tmp_path: Path) -> None:
    from pypdf import PdfReader

    target = tmp_path / "letter.pdf"
    status, _out, err = cli(
        "letter", "--input", str(EXAMPLE), "--out", str(target), "--data-dir", str(tmp_path)
    )
    assert status == 0, err
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Jane Example" in text
    assert "0808 802 0300" in text
    assert not list(tmp_path.glob("*.part"))


def test_letter_takes_practice_and_referrer_from_settings_when_absent(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from spotter.store.database import open_store

    with open_store(tmp_path / "spotter.sqlite3") as store:
        store.set_settings(
            {
                "practice_name": "Hillside Surgery",
                "practice_email": "hillside.surgery@nhs.net",
                "clinician_name": "Dr Okafor",
            }
        )
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del data["practice"], data["referrer"]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "letter.pdf"
    status, _, err = cli(
        "letter", "--input", str(source), "--out", str(target), "--data-dir", str(tmp_path)
    )
    assert status == 0, err
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Hillside Surgery" in text and "Dr Okafor" in text
    assert "hillside.surgery@nhs.net" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1, column 2"),
        ("[]", "expected a JSON object"),
        ('{"patient": {"name": "A"}}', "safe_contact: is required"),
    ],
)
def test_bad_letter_input_is_one_line_status_2_and_no_file(
    tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "letter.pdf"
    status, _out, err = cli(
        "letter", "--input", str(source), "--out", str(target), "--data-dir", str(tmp_path)
    )
    assert status == 2
    assert message in err and err.count("\n") == 1
    assert not target.exists()
    assert not list(tmp_path.glob("*.part"))


def test_a_missing_required_field_is_named(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del data["patient"]["date_of_birth"]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    status, _, err = cli(
        "letter",
        "--input",
        str(source),
        "--out",
        str(tmp_path / "x.pdf"),
        "--data-dir",
        str(tmp_path),
    )
    assert status == 2
    assert "patient.date_of_birth" in err


def test_every_command_is_documented_in_the_readme() -> None:
    import argparse

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        names = [f"{name} {child}" for child in nested[0].choices] if nested else [name]
        for full in names:
            assert f"`{full}" in readme, f"{full} is not in the README's command table"


@pytest.mark.parametrize("before", [True, False], ids=["before-command", "after-command"])
def test_data_dir_works_before_or_after_the_command(tmp_path: Path, before: bool) -> None:
    target = tmp_path / "practice"
    argv = (
        ["--data-dir", str(target), "doctor"] if before else ["doctor", "--data-dir", str(target)]
    )
    status, out, _ = cli(*argv)
    assert status == 0
    assert f"data           {target}" in out
    assert (target / "spotter.sqlite3").exists()


def test_an_unquoted_postcode_is_one_query(tmp_path: Path) -> None:
    status, out, _ = cli(
        "match", "ME14", "1AA", "eh1", "1aa", "SW1A", "--json", "--data-dir", str(tmp_path)
    )
    assert status == 0
    assert [d["postcode"] for d in json.loads(out)] == ["ME14 1AA", "EH1 1AA", "SW1A"]


def test_an_unexpected_failure_is_one_line_and_status_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spotter.store import database as storage

    def broken(self: object) -> object:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(storage.Store, "load_directory", broken)
    status, _out, err = cli("services", "list", "--data-dir", str(tmp_path))
    assert status == 1
    assert err == "spotter: services failed: RuntimeError: disk on fire\n"


def test_the_package_version_matches_pyproject() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__
