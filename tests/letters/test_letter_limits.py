"""Bounded letters: documented limits, exit 2 with the field named, a logo read safely."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from spotter.letters import LetterInputError, Referral, render_referral_pdf
from spotter.letters.model import MAX_CONCERNS, MAX_ITEMS, MAX_TEXT
from spotter.letters.pdf import MAX_LOGO_BYTES, check_logo, pieces

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "referral.json"


def cli(*argv: str) -> tuple[int, str, str]:
    from spotter.cli import run

    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return status, out.getvalue(), err.getvalue()


def _example() -> dict[str, object]:
    data: dict[str, object] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def _letter(tmp_path: Path, data: object) -> tuple[int, str, Path]:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "out.pdf"
    status, _out, err = cli(
        "letter", "--input", str(source), "--out", str(target), "--data-dir", str(tmp_path)
    )
    return status, err, target


def test_a_200k_character_concerns_field_is_refused_naming_the_field(tmp_path: Path) -> None:
    data = _example()
    data["concerns"] = ("She is frightened.\n" * 11_000)[:200_000]
    status, err, target = _letter(tmp_path, data)
    assert status == 2
    assert "concerns" in err and f"{MAX_CONCERNS:,}" in err
    assert not target.exists()


def test_every_other_text_field_and_list_is_bounded() -> None:
    data = _example()
    data["safe_contact"]["notes"] = "x" * (MAX_TEXT + 1)  # type: ignore[index]
    with pytest.raises(LetterInputError) as raised:
        Referral.from_dict(data)
    assert raised.value.field == "safe_contact.notes"
    data = _example()
    data["screening"]["reasons"] = ["r"] * (MAX_ITEMS + 1)  # type: ignore[index]
    with pytest.raises(LetterInputError) as raised:
        Referral.from_dict(data)
    assert raised.value.field == "screening.reasons"


def test_concerns_at_the_limit_render_every_word(tmp_path: Path) -> None:
    from pypdf import PdfReader

    data = _example()
    words = [f"w{i}" for i in range(MAX_CONCERNS // 7)]
    text = "\n".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
    data["concerns"] = text[:MAX_CONCERNS]
    pdf = render_referral_pdf(Referral.from_dict(data), app_version="test")
    reader = PdfReader(io.BytesIO(pdf))
    printed = " ".join(page.extract_text() for page in reader.pages).split()
    expected = data["concerns"].split()  # type: ignore[union-attr]
    assert set(expected) <= set(printed)


def test_long_lines_are_cut_into_pieces_without_losing_text() -> None:
    line = ("word " * 2_000).strip()
    parts = pieces(line + "\nsecond line")
    assert all(len(p) <= 1_500 for p in parts)
    assert " ".join(parts).split() == (line + " second line").split()
    assert pieces("no-spaces" * 500)[0] == ("no-spaces" * 500)[:1_500]


def test_an_oversized_input_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    source = tmp_path / "big.json"
    source.write_bytes(b" " * (1024 * 1024 + 1))
    status, _out, err = cli(
        "letter",
        "--input",
        str(source),
        "--out",
        str(tmp_path / "o.pdf"),
        "--data-dir",
        str(tmp_path),
    )
    assert status == 2 and "bytes" in err


def test_deeply_nested_json_is_a_user_mistake(tmp_path: Path) -> None:
    source = tmp_path / "nested.json"
    source.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    status, _out, err = cli(
        "letter",
        "--input",
        str(source),
        "--out",
        str(tmp_path / "o.pdf"),
        "--data-dir",
        str(tmp_path),
    )
    assert status == 2, err
    assert "nested too deeply" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_logo_that_is_not_a_regular_file_is_never_read(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a regular file"):
        check_logo(Path("/dev/zero"))
    big = tmp_path / "big.png"
    with big.open("wb") as f:
        f.truncate(MAX_LOGO_BYTES + 1)
    with pytest.raises(ValueError, match="at most 2 MB"):
        check_logo(big)
    data = _example()
    data["practice"]["logo_path"] = "/dev/zero"  # type: ignore[index]
    status, err, target = _letter(tmp_path, data)
    assert status == 0, err  # the letter is made without the logo
    assert target.read_bytes().startswith(b"%PDF")
