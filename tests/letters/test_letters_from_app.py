"""Mapping the app's service and screening onto a letter; dates, file names, atomic writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from spotter.directory import load_bundled_directory
from spotter.letters import ScreeningAnswer, ScreeningSummary
from spotter.letters.from_app import (
    default_file_name,
    format_uk_date,
    parse_uk_date,
    screening_summary,
    service_addressee,
)
from spotter.screening import Answer, evaluate, load_bundled
from spotter.system.files import write_file_atomically


def test_uk_dates() -> None:
    assert parse_uk_date("02/07/1988") == date(1988, 7, 2)
    assert parse_uk_date(" 2.7.1988 ") == date(1988, 7, 2)
    assert parse_uk_date("2-7-1988") == date(1988, 7, 2)
    assert format_uk_date(date(1988, 7, 2)) == "02/07/1988"
    with pytest.raises(ValueError, match="required"):
        parse_uk_date("  ")
    with pytest.raises(ValueError, match="not a date as DD/MM/YYYY"):
        parse_uk_date("1988-07-02")
    with pytest.raises(ValueError, match="not a real date"):
        parse_uk_date("31/02/2000")


def test_default_file_name_names_the_service_never_the_patient() -> None:
    on = date(2026, 3, 3)
    assert default_file_name("Protection Against Stalking", on) == (
        "referral-protection-against-stalking-2026-03-03.pdf"
    )
    assert default_file_name("../Ünïcode & Co/", on) == "referral-n-code-co-2026-03-03.pdf"
    assert default_file_name("???", on) == "referral-service-2026-03-03.pdf"


def test_atomic_write_leaves_one_file_or_none(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    write_file_atomically(target, b"%PDF-1")
    write_file_atomically(target, b"%PDF-2")
    assert target.read_bytes() == b"%PDF-2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]
    with pytest.raises(OSError):
        write_file_atomically(tmp_path / "missing" / "letter.pdf", b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


def test_service_and_screening_become_the_addressee_and_summary() -> None:
    directory = load_bundled_directory()
    helpline = directory.get("national-stalking-helpline")
    assert helpline is not None
    addressee = service_addressee(helpline)
    assert addressee.name == "National Stalking Helpline"
    assert any(phone.startswith("0808 802 0300") for phone in addressee.phones)
    assert screening_summary(None) == ScreeningSummary()
    content = load_bundled()
    outcome = evaluate(content, {p.id: Answer.NO for p in content.prompts})
    summary = screening_summary(outcome)
    assert summary.level_title == "No indication"
    assert summary.content_id == outcome.content_id
    assert summary.content_version == outcome.content_version


def test_new_reference_carries_the_date_and_no_patient_detail() -> None:
    from spotter.letters.from_app import new_reference

    assert new_reference(date(2026, 11, 26), token="7KQ4") == "SPT-20261126-7KQ4"
    made = {new_reference(date(2026, 11, 26)) for _ in range(50)}
    assert len(made) > 45
    assert all(r.startswith("SPT-20261126-") and len(r) == 17 for r in made)
    assert not any(ch in r[13:] for r in made for ch in "01IO")


def test_the_letter_carries_the_screening_in_one_vocabulary_and_the_judgement_note() -> None:
    import io
    import json
    import re
    from dataclasses import replace

    from pypdf import PdfReader

    from spotter.letters import Referral, render_referral_pdf

    example_file = Path(__file__).resolve().parents[2] / "docs" / "examples" / "referral.json"
    example = Referral.from_dict(json.loads(example_file.read_text(encoding="utf-8")))

    content = load_bundled()
    answers = {p.id: Answer.NO for p in content.prompts}
    answers.update(course_of_conduct=Answer.YES, behaviour_contact=Answer.YES)
    answers["risk_violence"] = Answer.UNSURE
    summary = screening_summary(evaluate(content, answers))
    assert (
        ScreeningAnswer(
            "Has the other person ever been violent to them or anyone close to them?", "Not sure"
        )
        in summary.answers
    )
    assert len(summary.reasons) == len(set(summary.reasons))
    pdf = render_referral_pdf(replace(example, screening=summary), app_version="1")
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = re.sub(r"\s+", "", " ".join(page.extract_text() or "" for page in pages))
    assert "Professionaljudgementoverridesthisscreen" in text
    assert "Notsure" in text and "Unsure" not in text
