"""Hostile text in services files: numbers in any digits, control characters, formulas."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from import_samples import row, write_csv

from spotter.directory import (
    directory_to_json,
    is_retired_number,
    load_bundled_directory,
    normalise_number,
)
from spotter.importing import template_text, validate_file
from spotter.letters import LetterInputError
from spotter.store.database import open_store
from spotter.system import paths

FULLWIDTH_RETIRED = "０３００ ６３６ ０３００"


def cli(*argv: str) -> tuple[int, str, str]:
    from spotter.cli import run

    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "number",
    [
        FULLWIDTH_RETIRED,
        "＋４４ ３００ ６３６ ０３００",
        "𝟎𝟑𝟎𝟎 𝟔𝟑𝟔 𝟎𝟑𝟎𝟎",  # mathematical bold digits
        "٠٣٠٠ ٦٣٦ ٠٣٠٠",  # Arabic-Indic digits
    ],
)
def test_the_retired_number_in_other_digits_is_still_retired(number: str) -> None:
    assert normalise_number(number) == "03006360300"
    assert is_retired_number(number)


def test_fullwidth_digits_of_the_retired_number_are_refused_on_import(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [row(id="kent-advocacy", phones=FULLWIDTH_RETIRED)])
    report = validate_file(path).report
    assert not report.ok
    problem = next(p for p in report.errors if "retired" in p.message)
    assert problem.line == 2 and problem.field == "phones"


def test_a_forged_helpline_number_in_fullwidth_digits_is_refused(tmp_path: Path) -> None:
    from spotter.directory import HELPLINE_ID

    forged = "０８０８ ８０２ ０３０１"
    path = write_csv(
        tmp_path / "f.csv",
        [row(id=HELPLINE_ID, name="National Stalking Helpline", phones=forged)],
    )
    report = validate_file(path).report
    assert any("0808 802 0300" in p.message for p in report.errors)


def test_numbers_are_stored_in_ascii_digits(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv", [row(id="kent-advocacy", phones="０１６２２ １２３４５６")]
    )
    validated = validate_file(path)
    assert validated.ok, validated.report.render()
    assert validated.services[0].service.phones[0].number == "01622 123456"


def test_the_retired_number_in_fullwidth_is_refused_in_a_letter() -> None:
    from spotter.letters import Referral

    with open(Path(__file__).parents[2] / "docs" / "examples" / "referral.json") as f:
        data = json.load(f)
    data["service"]["phones"] = [FULLWIDTH_RETIRED]
    with pytest.raises(LetterInputError) as raised:
        Referral.from_dict(data)
    assert "retired" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Kent\x1b[31m Advocacy", "escape character"),
        ("Kent\x00Advocacy", "NUL"),
        ("Kent\x07Advocacy", "control character (U+0007)"),
        ("Kent\x9bAdvocacy", "control character (U+009B)"),
    ],
)
def test_control_characters_are_refused_with_line_and_field(
    tmp_path: Path, text: str, words: str
) -> None:
    path = write_csv(tmp_path / "f.csv", [row(id="kent-advocacy", name=text)])
    report = validate_file(path).report
    assert not report.ok
    problem = next(p for p in report.errors if words in p.message)
    assert problem.line == 2
    assert problem.field == ("file" if words == "NUL" else "name")  # a NUL stops the reading


def _json_file(tmp_path: Path, name: str) -> Path:
    data = directory_to_json(load_bundled_directory())
    data["services"][1]["name"] = name
    path = tmp_path / "services.json"
    # ensure_ascii keeps a lone surrogate as the escape \\udc80, as a real file would have it
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["Bad \udc80 name", "NUL\x00name", "Red \x1b[31m name"])
def test_the_dry_run_and_the_real_import_agree(tmp_path: Path, name: str) -> None:
    path = _json_file(tmp_path, name)
    dry = cli("services", "import", str(path), "--dry-run", "--data-dir", str(tmp_path))
    real = cli("services", "import", str(path), "--data-dir", str(tmp_path))
    assert dry[0] == real[0] == 2, (dry, real)
    assert "services[1].name" in real[2]
    with open_store(tmp_path / "spotter.sqlite3") as store:
        assert store.load_directory().services == load_bundled_directory().services


def test_services_list_escapes_terminal_codes(tmp_path: Path) -> None:
    paths.set_data_dir(tmp_path)
    with open_store() as store:
        directory = store.load_directory()
        evil = replace(directory.services[1], name="\x1b[2J\x1b[31mFAKE\x9b1m")
        store.replace_directory(
            replace(directory, services=(directory.services[0], evil)), source="x"
        )
    status, out, _ = cli("services", "list", "--data-dir", str(tmp_path))
    assert status == 0
    assert "\x1b" not in out and "\x9b" not in out
    assert "\\x1b[2J\\x1b[31mFAKE\\x9b1m" in out
    status, out, _ = cli("match", "ME14 1AA", "--data-dir", str(tmp_path))
    assert "\x1b" not in out


def test_formula_cells_are_neutralised_in_the_csv_template_and_read_back(tmp_path: Path) -> None:
    directory = load_bundled_directory()
    formula = '=HYPERLINK("http://example.com","Call now")'
    evil = replace(directory.services[1], name=formula, description="+SUM(1,2)", hours="@x")
    text = template_text(replace(directory, services=(directory.services[0], evil)))
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [c for r in rows for c in r.values() if c]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert rows[2]["name"] == "'" + formula
    # read back, the apostrophe comes off again: an exported file imports unchanged
    kept = [r for r in rows if not r["id"].startswith("example")]
    path = tmp_path / "back.csv"
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(kept)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    validated = validate_file(path)
    assert validated.ok, validated.report.render()
    back = {c.service.id: c.service for c in validated.services}
    assert back[evil.id].name == formula
    assert back[evil.id].description == "+SUM(1,2)"
