"""Referral letter inputs and PDF: content, hostile text, metadata, footers, field errors."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from spotter.letters import (
    Clinician,
    Consent,
    LetterInputError,
    Marac,
    Patient,
    Practice,
    Referral,
    RiskActions,
    SafeContact,
    ScreeningAnswer,
    ServiceAddressee,
    render_referral_pdf,
    validate_referral,
)
from spotter.letters.fonts import markup

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "referral.json"
RETIRED_HELPLINE = "0300 636 0300"


def example_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def example() -> Referral:
    return Referral.from_dict(example_data())


def pdf_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() or "" for page in reader.pages]


def squash(text: str) -> str:
    """Join text across line wraps so phrases split by layout still match."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_referral_pdf(example(), app_version="1.2.3")


def test_pdf_contains_the_essentials(sample_pdf: bytes) -> None:
    assert sample_pdf.startswith(b"%PDF-")
    _, pages = pdf_text(sample_pdf)
    text = "\n".join(pages)
    flat = squash(text)
    assert "Jane Example" in text
    assert "Example Stalking Advocacy Service" in text
    assert "0808 802 0300" in text
    assert squash("weekdays 09:30–16:00, Wednesdays 13:00–16:00") in flat
    assert "Safe contact" in text
    assert squash("Mobile phone 07700 900123 – call only, no text messages") in flat
    assert "No – do not leave voicemail messages" in text
    assert "No – do not write to the home address" in text
    assert (
        squash("Consent was given by Patient (verbally, in consultation) on 14 March 2025") in flat
    )
    assert "943 476 5919" in text
    assert "High concern" in text
    assert squash("Does it seem to take over the other person's life? Not sure") in flat
    assert "spotter-core" not in text.split("CONFIDENTIAL")[0]  # small print only
    assert "Dr Alex Sample" in text
    assert "SPT-2025-0142" in text
    assert RETIRED_HELPLINE not in text


def test_metadata(sample_pdf: bytes) -> None:
    reader, _ = pdf_text(sample_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Referral to Example Stalking Advocacy Service"
    assert meta.author == "Riverside Medical Practice"
    assert meta.subject is not None and "Example Stalking Advocacy Service" in meta.subject
    assert meta.creator == "Spotter 1.2.3"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_footer_on_every_page() -> None:
    referral = dataclasses.replace(example(), concerns="Long account of events. " * 900)
    _, pages = pdf_text(render_referral_pdf(referral, app_version="9.8.7"))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "CONFIDENTIAL" in text
        assert "Spotter 9.8.7" in text
        assert "spotter-core 2026.11.3" in text
        assert squash("hide it from online record access and proxy access (NHS App)") in (
            squash(text)
        )
        if number > 1:  # later pages repeat who the letter is about
            assert "Jane Example" in text


def test_pages_grow_with_long_concerns(sample_pdf: bytes) -> None:
    short_pages = len(PdfReader(io.BytesIO(sample_pdf)).pages)
    sentence = "She told me about another incident this week. "
    long_concerns = (sentence * 220)[:10_000]
    whole = 10_000 // len(sentence)
    referral = dataclasses.replace(example(), concerns=long_concerns)
    pdf = render_referral_pdf(referral, app_version="1.2.3")
    reader, pages = pdf_text(pdf)
    assert len(reader.pages) > short_pages
    # All of it is there; a page break (with its footer and header) may cut one sentence.
    assert squash("".join(pages)).count(squash(sentence)) >= whole - len(pages)


def test_newlines_in_free_text_are_kept() -> None:
    assert markup("one\ntwo\r\nthree") == "one<br/>two<br/>three"
    referral = dataclasses.replace(example(), concerns="first line\nsecond line")
    _, pages = pdf_text(render_referral_pdf(referral, app_version="1"))
    assert "first line\nsecond line" in "\n".join(pages)


def test_markup_is_escaped() -> None:
    assert markup("<b>x</b> & <font size=40>") == (
        "&lt;b&gt;x&lt;/b&gt; &amp; &lt;font size=40&gt;"
    )


def test_custom_helpline_is_escaped() -> None:
    pdf = render_referral_pdf(example(), app_version="1", helpline="Line <b>A</b> & 0800 000 000")
    _, pages = pdf_text(pdf)
    assert "Line <b>A</b> & 0800 000 000" in "\n".join(pages)


def extracted(text: str) -> str:
    """Extracted PDF text compared in logical characters: Arabic prints in joined
    (presentation) forms, which NFKC folds back to the letters that were typed."""
    return unicodedata.normalize("NFKC", text)


HOSTILE = [
    "<font size=40>",
    "Tom & Jerry <b>bold</b> ]]> </para> <br/> &amp; &#60; <",
    "محمد عبد الله",  # Arabic
    "דוד כהן",  # Hebrew
    "王小明 やまだ たろう 김민수",  # Chinese, Japanese, Korean
    "Zoë 😀 Ünal",  # emoji among Latin
]


def _with_everything(text: str) -> dict[str, Any]:
    """The example with ``text`` in every free-text field."""
    data = example_data()
    data["reference"] = text
    data["language"] = text
    data["concerns"] = text
    for key in ("name", "address", "postcode", "phone"):
        data["patient"][key] = text
    for key in ("safe_ways", "safe_times", "notes"):
        data["safe_contact"][key] = text
    data["consent"]["given_by"] = text
    for key in ("name", "address", "ods_code", "phone"):
        data["practice"][key] = text
    for key in ("urgency", "crime_reference"):
        data["risk"][key] = text
    for key in ("name", "relationship", "address", "vehicle"):
        data["other_person"][key] = text
    for key in ("name", "role", "registration_number"):
        data["referrer"][key] = text
    for key in ("name", "organisation", "email", "website", "address"):
        data["service"][key] = text
    data["service"]["phones"] = [text, text]
    screening = data["screening"]
    for key in ("level_title", "content_id", "content_version"):
        screening[key] = text
    screening["reasons"] = [text]
    screening["flags"] = [text]
    screening["answers"] = [{"section": text, "question": text, "answer": text}]
    return data


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_every_field_prints_literally(text: str) -> None:
    referral = Referral.from_dict(_with_everything(text))
    pdf = render_referral_pdf(referral, app_version="1.0", helpline=text)
    reader, pages = pdf_text(pdf)
    assert len(reader.pages) >= 1
    everything = "\n".join(pages)
    # Every field holds it; the literal text must be there, never interpreted.
    assert extracted(everything).count(text) >= 10
    assert reader.metadata is not None
    assert reader.metadata.title == f"Referral to {text}"
    assert reader.metadata.author == text


@pytest.mark.parametrize("name", ["דוד כהן", "محمد عبد الله", "Dr Amira محمد and Tom"])
def test_rtl_text_extracts_in_reading_order(name: str) -> None:
    referral = Referral.from_dict(_with_everything(name))
    _, pages = pdf_text(render_referral_pdf(referral, app_version="1.0"))
    # pypdf spaces mixed-direction runs oddly; the characters must come in reading order.
    assert name.replace(" ", "") in extracted(pages[0]).replace(" ", "")


def test_rtl_lines_are_drawn_in_visual_order_with_arabic_letters_joined() -> None:
    from spotter.letters.fonts import visual_order

    assert visual_order("Plain English") == "Plain English"
    assert visual_order("דוד כהן") == "ןהכ דוד"
    arabic = visual_order("محمد")
    assert all("\ufe70" <= ch <= "\ufeff" for ch in arabic)  # joined presentation forms
    assert unicodedata.normalize("NFKC", arabic)[::-1] == "محمد"


def test_markup_string_is_not_interpreted() -> None:
    referral = Referral.from_dict(_with_everything("<font size=40>"))
    pdf = render_referral_pdf(referral, app_version="1.0")
    _, pages = pdf_text(pdf)
    assert "<font size=40>" in pages[0]
    # Interpreted, it would have set 40 pt text; no such font size may appear.
    assert b" 40 Tf" not in pdf


@pytest.mark.slow
def test_ten_thousand_characters_in_every_field() -> None:
    words = ("Lorem ipsum dolor sit amet & <i>x</i> " * 300)[:10_000]
    unbroken = "W" * 10_000  # one "word" with nowhere to wrap: in the name and concerns only
    # (Every field unbroken renders too, but takes about 11 s.)
    unbroken_data = _with("patient.name", unbroken)
    unbroken_data["concerns"] = unbroken
    for text, data in ((words, _with_everything(words)), (unbroken, unbroken_data)):
        referral = Referral.from_dict(data)
        pdf = render_referral_pdf(referral, app_version="1.0")
        reader = PdfReader(io.BytesIO(pdf))
        total = len(reader.pages)
        assert total > 5
        # Text of the first, second and last pages (all pages make this test slow).
        for index in (0, 1, total - 1):
            page = reader.pages[index].extract_text()
            assert f"Page {index + 1} of {total}" in page
            assert "CONFIDENTIAL" in page
        assert squash(text[:200]) in squash(reader.pages[0].extract_text())


def test_cjk_and_rtl_use_embedded_fonts() -> None:
    referral = Referral.from_dict(_with_everything("王小明 김민수 محمد דוד"))
    pdf = render_referral_pdf(referral, app_version="1.0")
    reader = PdfReader(io.BytesIO(pdf))
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        for ref in resources.values():
            font = ref.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    assert any(k in descriptor for k in ("/FontFile2", "/FontFile", "/FontFile3"))
    assert any("DejaVu" in name for name in fonts)
    assert any("Droid" in name for name in fonts)


def test_control_characters_do_not_break_the_pdf() -> None:
    referral = dataclasses.replace(example(), concerns="a\x00b\x07c\td\u200de\ufe0f")
    _, pages = pdf_text(render_referral_pdf(referral, app_version="1"))
    assert "abc" in "".join(pages)


def test_logo_is_drawn_and_a_missing_one_is_skipped(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (240, 80), (31, 78, 121)).save(logo)
    base = example()
    with_logo = dataclasses.replace(
        base, practice=dataclasses.replace(base.practice, logo_path=logo)
    )
    assert b"/Subtype /Image" in render_referral_pdf(with_logo, app_version="1")
    missing = dataclasses.replace(
        base, practice=dataclasses.replace(base.practice, logo_path=tmp_path / "nope.png")
    )
    assert render_referral_pdf(missing, app_version="1").startswith(b"%PDF-")


def test_render_validates_the_referral() -> None:
    referral = dataclasses.replace(
        example(), consent=dataclasses.replace(example().consent, sharing_consent=False)
    )
    with pytest.raises(LetterInputError) as info:
        render_referral_pdf(referral, app_version="1")
    assert info.value.field == "consent.sharing_consent"


def test_minimal_referral_from_dataclasses() -> None:
    referral = Referral(
        patient=Patient(name="A Patient", date_of_birth=date(1990, 1, 1)),
        safe_contact=SafeContact(safe_ways="Via the practice only"),
        consent=Consent(True, True, "Patient", date(2025, 1, 1)),
        service=ServiceAddressee(name="Service", phones=("01632 960111",)),
        practice=Practice(name="A Practice", email="a.practice@nhs.net"),
        referrer=Clinician(name="Dr A"),
        letter_date=date(2025, 1, 2),
    )
    validate_referral(referral)
    _, pages = pdf_text(render_referral_pdf(referral, app_version="1"))
    text = "\n".join(pages)
    assert "Not known – do not leave voicemail messages" in text
    assert "A Patient" in text


# --- from_dict errors name the field -------------------------------------------------------


def _without(path: str) -> dict[str, Any]:
    data = copy.deepcopy(example_data())
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[part]
    del target[last]
    return data


def _with(path: str, value: object) -> dict[str, Any]:
    data = copy.deepcopy(example_data())
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[part]
    target[last] = value
    return data


@pytest.mark.parametrize(
    "path",
    [
        "service.name",
        "service",
        "patient.name",
        "patient.date_of_birth",
        "patient",
        "consent",
        "consent.referral_consent",
        "consent.sharing_consent",
        "consent.given_by",
        "consent.given_on",
        "safe_contact",
        "safe_contact.safe_ways",
    ],
)
def test_missing_required_field_is_named(path: str) -> None:
    with pytest.raises(LetterInputError) as info:
        Referral.from_dict(_without(path))
    assert info.value.field == path
    assert path in str(info.value)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("service.name", "   "),
        ("patient.name", ""),
        ("patient.date_of_birth", "02/07/1988"),
        ("patient.date_of_birth", "2999-01-01"),
        ("patient.date_of_birth", 19880702),
        ("patient.nhs_number", "943 476 5918"),
        ("consent.referral_consent", False),
        ("consent.sharing_consent", False),
        ("consent.sharing_consent", "yes"),
        ("consent.given_on", "yesterday"),
        ("safe_contact.voicemail_safe", "no"),
        ("safe_contact.safe_ways", 7),
        ("service.phones", "01632 960111"),
        ("letter_date", "14-03-2025"),
        ("interpreter_needed", 1),
        ("patient.nickname", "x"),
        ("unexpected", 1),
    ],
)
def test_invalid_field_is_named(path: str, value: object) -> None:
    with pytest.raises(LetterInputError) as info:
        Referral.from_dict(_with(path, value))
    assert info.value.field == path


def test_list_item_errors_name_the_index() -> None:
    with pytest.raises(LetterInputError) as info:
        Referral.from_dict(_with("screening.reasons", ["ok", 3]))
    assert info.value.field == "screening.reasons[1]"
    with pytest.raises(LetterInputError) as info:
        Referral.from_dict(_with("screening.answers", [{"answer": "Yes"}]))
    assert info.value.field == "screening.answers[0].question"


def test_not_an_object() -> None:
    with pytest.raises(LetterInputError) as info:
        Referral.from_dict([])  # type: ignore[arg-type]
    assert info.value.field == "(document)"


def test_from_dict_reads_everything() -> None:
    referral = example()
    assert referral.patient.nhs_number == "9434765919"
    assert referral.patient.date_of_birth == date(1988, 7, 2)
    assert referral.safe_contact.voicemail_safe is False
    assert referral.consent.given_on == date(2025, 3, 14)
    assert referral.service.phones == ("01632 960111",)
    assert referral.screening.answers[3] == ScreeningAnswer(
        "Does it seem to take over the other person's life?",
        "Not sure",
        "FOUR: fixated, obsessive, unwanted, repeated",
    )
    assert referral.risk.marac is Marac.CONSIDERED
    assert referral.other_person.patient_here is False
    assert referral.letter_date == date(2025, 3, 14)
    assert referral.practice.logo_path is None
    # answers may also be given as [question, answer] pairs, and optional sections left out
    data = example_data()
    data["screening"]["answers"] = [["Q?", "A"]]
    for key in ("risk", "other_person"):
        del data[key]
    other = Referral.from_dict(data)
    assert other.screening.answers == (ScreeningAnswer("Q?", "A"),)
    assert other.risk == RiskActions() and other.other_person.is_empty


def test_documentation_lists_every_field() -> None:
    doc = (ROOT / "docs" / "letter-json.md").read_text(encoding="utf-8")
    data = example_data()
    for key, value in data.items():
        assert f"`{key}`" in doc
        if isinstance(value, dict):
            for sub in value:
                assert f"`{key}.{sub}`" in doc, f"{key}.{sub} is not documented"


def test_spotter_does_not_import_qt() -> None:
    for path in (ROOT / "spotter").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "PySide6" not in source and "PyQt" not in source, path


def test_a_retired_number_for_the_service_is_refused_by_field() -> None:
    data = _with_everything("x")
    data["service"]["phones"] = ["0808 802 0300", "+44 300 636 0300"]
    with pytest.raises(LetterInputError) as exc:
        Referral.from_dict(data)
    assert exc.value.field == "service.phones[1]"


def test_a_wrapping_right_to_left_paragraph_reads_top_to_bottom() -> None:
    letters = "אבגדהוזחטיכלמנסעפצקרשת"
    words = ["ש" + letters[i // 22] + letters[i % 22] for i in range(90)]  # all different
    data = example_data()
    data["concerns"] = " ".join(words)
    _, pages = pdf_text(render_referral_pdf(Referral.from_dict(data), app_version="1.0"))
    text = "\n".join(pages)
    first, last = words[0], words[-1]
    assert first in text and last in text
    lines = text.splitlines()
    line_of = {w: next(i for i, line in enumerate(lines) if w in line) for w in (first, last)}
    assert line_of[first] < line_of[last]  # the paragraph starts on the first printed line


def test_right_to_left_base_direction_is_the_first_strong_character() -> None:
    from spotter.letters.fonts import is_right_to_left

    assert is_right_to_left("שלום, this is mixed")
    assert is_right_to_left("123 محمد")
    assert not is_right_to_left("Hello שלום")
    assert not is_right_to_left("2024")


def test_every_problem_is_returned_at_once_with_its_field() -> None:
    from dataclasses import replace

    from spotter.letters import referral_problems

    good = example()
    assert referral_problems(good) == []
    bad = replace(
        good,
        patient=Patient(name=" ", date_of_birth=date(2999, 1, 1)),
        safe_contact=SafeContact(safe_ways=""),
        consent=Consent(
            referral_consent=False, sharing_consent=False, given_by="", given_on=date(2999, 1, 1)
        ),
    )
    fields = [p.field for p in referral_problems(bad)]
    assert fields == [
        "patient.name",
        "patient.date_of_birth",
        "safe_contact.safe_ways",
        "consent.referral_consent",
        "consent.sharing_consent",
        "consent.given_by",
        "consent.given_on",
    ]
    with pytest.raises(LetterInputError, match=r"^patient\.name: is required"):
        validate_referral(bad)
