"""Letters a service can act on, and that are safe by default: who may receive one, what it
says about risk, the other person, young people and staff, and how it is filed.

Every PDF is parsed back with pypdf; the ``letter`` command is run as a user would run it.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from spotter.cli import run
from spotter.directory import load_bundled_directory
from spotter.letters import (
    LetterInputError,
    Referral,
    referral_problems,
    referral_warnings,
    render_referral_pdf,
)
from spotter.letters.addressee import letter_refusal
from spotter.letters.from_app import postcode_for_letter, screening_summary, service_addressee
from spotter.screening import JUDGEMENT_NOTE, Answer, Route, evaluate, load_bundled

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "referral.json"


def data(**changes: object) -> dict[str, Any]:
    """The documented example, with ``changes`` set by dotted path (``None`` deletes)."""
    result: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = result
        for part in parents:
            target = target.setdefault(part, {})
        if value is None:
            target.pop(last, None)
        else:
            target[last] = copy.deepcopy(value)
    return result


def text_of(referral: Referral) -> tuple[list[str], str]:
    pdf = render_referral_pdf(referral, app_version="1.0")
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    return pages, re.sub(r"\s+", " ", " ".join(pages))


def refused(source: dict[str, Any]) -> LetterInputError:
    with pytest.raises(LetterInputError) as info:
        Referral.from_dict(source)
    return info.value


def cli_letter(tmp_path: Path, source: dict[str, Any]) -> tuple[int, str, Path]:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(source), encoding="utf-8")
    target = tmp_path / "letter.pdf"
    out, err = io.StringIO(), io.StringIO()
    status = run(
        ["letter", "--input", str(path), "--out", str(target), "--data-dir", str(tmp_path)],
        out=out,
        err=err,
        stdin=io.StringIO(""),
    )
    return status, err.getvalue(), target


# --- who may receive a letter --------------------------------------------------------------


def test_a_helpline_or_a_service_with_no_contact_cannot_be_written_to() -> None:
    directory = load_bundled_directory()
    for service_id in ("national-stalking-helpline", "live-fear-free", "victim-support-scotland"):
        service = directory.get(service_id)
        assert service is not None
        why = letter_refusal(service)
        assert why is not None and "is a helpline" in why
        assert service_addressee(service).helpline
    silent = directory.get("protection-against-stalking")
    assert silent is not None and not silent.phones and not silent.email
    why = letter_refusal(silent)
    assert why is not None and "no phone number, email or address" in why
    assert "Directory → Import services file…" in why
    paladin = directory.get("paladin-advocacy")
    assert paladin is not None and letter_refusal(paladin) is None

    assert refused(data(service__helpline=True)).field == "service.helpline"
    nothing = data(service__phones=[], service__email=None, service__address=None)
    problem = refused(nothing)
    assert problem.field == "service.phones"
    assert "no phone, email or address" in problem.problem
    # Any one way to reach the service is enough.
    Referral.from_dict(data(service__phones=[], service__address=None))
    Referral.from_dict(data(service__phones=[], service__email=None))


def test_the_addressee_block_shows_the_service_address_when_known() -> None:
    _, text = text_of(Referral.from_dict(data()))
    assert "PO Box 000 Exampletown EX9 9ZZ" in text
    _, without = text_of(Referral.from_dict(data(service__address=None)))
    assert "PO Box" not in without


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("minimum_age", 40, "takes people aged 40 or over; the patient is 36"),
        ("maximum_age", 25, "takes people up to the age of 25; the patient is 36"),
    ],
)
def test_a_service_whose_ages_exclude_the_patient_is_refused_with_the_reason(
    field: str, limit: int, message: str, tmp_path: Path
) -> None:
    problem = refused(data(**{f"service__{field}": limit}))
    assert problem.field == f"service.{field}"
    assert message in problem.problem
    status, err, target = cli_letter(tmp_path, data(**{f"service__{field}": limit}))
    assert status == 2 and f"service.{field}" in err and message in err
    assert not target.exists()
    # Ages on the day of the letter: 36 on 14 March 2025, 37 from 2 July.
    Referral.from_dict(data(service__minimum_age=36, service__maximum_age=36))
    assert refused(data(service__minimum_age=37)).field == "service.minimum_age"


# --- the practice and who signs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"practice__name": None}, "practice.name"),
        ({"practice__phone": None, "practice__email": None}, "practice.phone"),
        ({"practice__email": "not an email"}, "practice.email"),
        ({"referrer__name": "  "}, "referrer.name"),
    ],
)
def test_the_practice_and_who_signs_are_required(
    changes: dict[str, object], field: str, tmp_path: Path
) -> None:
    assert refused(data(**changes)).field == field
    status, err, target = cli_letter(tmp_path, data(**changes))
    assert status == 2 and field in err and not target.exists()


def test_the_practice_secure_email_is_on_the_letterhead() -> None:
    pages, _ = text_of(Referral.from_dict(data()))
    assert "Secure email: riverside.practice@nhs.net" in pages[0]
    Referral.from_dict(data(practice__phone=None))  # an email alone is enough for the reply


# --- risk and actions, the other person ----------------------------------------------------


def test_risk_and_actions_are_on_the_first_page() -> None:
    pages, _ = text_of(Referral.from_dict(data()))
    first = re.sub(r"\s+", " ", pages[0])
    for expected in (
        "Risk and actions taken",
        "Urgency High concern (from the screening)",
        "Police told Yes",
        "Crime reference KE-20250311-0457",
        "safeguarding lead told Yes",
        "MARAC referral Considered, no referral made",
    ):
        assert expected in first, expected
    _, bare = text_of(Referral.from_dict(data(risk=None, screening=None)))
    assert "Urgency Not recorded (no screening)" in bare
    assert "Police told Not recorded" in bare and "MARAC referral Not recorded" in bare


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"risk__marac": "maybe"}, "risk.marac"),
        ({"risk__police_told": "yes"}, "risk.police_told"),
        ({"risk__police_told": False}, "risk.police_told"),  # a crime reference without police
        ({"risk__safeguarding_lead_told": 1}, "risk.safeguarding_lead_told"),
        ({"risk__colour": "red"}, "risk.colour"),
        ({"other_person__patient_here": "no"}, "other_person.patient_here"),
        ({"route": "visitor"}, "route"),
    ],
)
def test_an_invalid_risk_or_other_person_field_is_exit_2_named_and_writes_nothing(
    changes: dict[str, object], field: str, tmp_path: Path
) -> None:
    assert refused(data(**changes)).field == field
    status, err, target = cli_letter(tmp_path, data(**changes))
    assert status == 2 and field in err
    assert not target.exists() and not list(tmp_path.glob("*.pdf*"))


def test_the_other_person_is_marked_optional_and_printed_as_given() -> None:
    _, text = text_of(Referral.from_dict(data()))
    assert "The other person (optional; as far as known)" in text
    for expected in (
        "John Example",
        "Former partner (separated October 2024)",
        "Silver hatchback, registration not known",
        "Registered at this practice No",
    ):
        assert expected in text, expected
    _, none = text_of(Referral.from_dict(data(other_person=None)))
    assert "The other person (optional; as far as known) No details given." in none


def test_a_letter_home_is_refused_when_the_other_person_lives_there() -> None:
    shared = data(
        other_person__address="12 sample road,  Exampletown",
        safe_contact__letter_home_safe=True,
    )
    problem = refused(shared)
    assert problem.field == "safe_contact.letter_home_safe"
    assert "the other person's address is the patient's" in problem.problem
    # Not marked safe: the letter says not to write there.
    shared["safe_contact"]["letter_home_safe"] = None
    _, text = text_of(Referral.from_dict(shared))
    assert "Not known – do not write to the home address" in text
    assert "(Do not write to this address.)" in text


# --- safe contact ---------------------------------------------------------------------------


def test_interpreter_is_a_professional_not_family_or_friend() -> None:
    _, text = text_of(Referral.from_dict(data(interpreter_needed=True, language="Polish")))
    assert "Needed: Polish – a professional interpreter, not a family member or friend" in text


def test_unsafe_phone_or_address_on_the_letter_warns_but_does_not_block(tmp_path: Path) -> None:
    referral = Referral.from_dict(data())  # voicemail and letters home are "No"
    warned = {w.field: w.problem for w in referral_warnings(referral)}
    assert set(warned) == {"safe_contact.voicemail_safe", "safe_contact.letter_home_safe"}
    assert "the service may ring it" in warned["safe_contact.voicemail_safe"]
    assert "service may write to it" in warned["safe_contact.letter_home_safe"]
    status, err, target = cli_letter(tmp_path, data())
    assert status == 0 and target.exists()
    assert "check safe_contact.voicemail_safe" in err
    quiet = data(patient__phone=None, patient__address=None, patient__postcode=None)
    assert referral_warnings(Referral.from_dict(quiet)) == []
    texts = Referral.from_dict(data(safe_contact__safe_ways="Text her mobile 07700 900123"))
    assert any(
        w.field == "safe_contact.safe_ways" and "theirs alone" in w.problem
        for w in referral_warnings(texts)
    )


def test_the_app_never_suggests_texts_or_a_shared_email() -> None:
    source = (ROOT / "ui" / "letter_form.py").read_text(encoding="utf-8")
    placeholders = re.findall(r'placeholder="([^"]*)"', source)
    assert placeholders
    for words in placeholders:
        assert not re.search(r"\b(text|texts|sms|email)\b", words.lower().replace("no texts", ""))


# --- the screening on the letter ------------------------------------------------------------


def test_every_question_and_answer_is_on_the_letter_grouped_without_jargon() -> None:
    content = load_bundled()
    answers: dict[str, Answer | None] = {p.id: Answer.NO for p in content.prompts}
    answers.update(course_of_conduct=Answer.YES, behaviour_contact=Answer.YES)
    answers["risk_violence"] = Answer.UNSURE
    answers["self_harm"] = None
    outcome = evaluate(content, answers)
    summary = screening_summary(outcome, content, answers)
    assert len(summary.answers) == len(content.prompts)
    assert {a.answer for a in summary.answers} == {"Yes", "No", "Not sure", "Not answered"}
    referral = Referral.from_dict(data())
    from dataclasses import replace

    pages, text = text_of(replace(referral, screening=summary))
    for prompt in content.prompts:
        assert re.sub(r"\s+", " ", prompt.text) in text, prompt.id
    assert "Safety now Is the person in danger right now? No" in text
    assert "Signs of raised risk" in text
    assert JUDGEMENT_NOTE in text and text.count(JUDGEMENT_NOTE) == 1
    body = [page.split("CONFIDENTIAL")[0] for page in pages]
    assert not any(content.id in part for part in body)  # only in the footer's small print
    assert all(f"{content.id} {content.version}" in page for page in pages)


# --- young people ---------------------------------------------------------------------------


def test_under_16_needs_the_safeguarding_lead_and_says_how_consent_was_given() -> None:
    child = data(patient__date_of_birth="2010-06-01")  # 14 on the letter date
    child["risk"]["safeguarding_lead_told"] = None
    fields = {p.field for p in referral_problems(_built(child))}
    assert {"risk.safeguarding_lead_told", "consent.young_person_competent"} <= fields
    child["risk"]["safeguarding_lead_told"] = True
    child["consent"]["young_person_competent"] = True
    _, text = text_of(Referral.from_dict(child))
    assert "(Gillick competence)" in text
    assert "The practice's safeguarding lead was involved before this referral." in text
    assert "Aged 14, so under 18: the practice follows its children's safeguarding" in text
    child["consent"]["young_person_competent"] = False
    _, text = text_of(Referral.from_dict(child))
    assert "was not judged competent to consent alone; consent was given by Patient" in text


def test_16_and_17_year_olds_are_marked_for_children_s_safeguarding() -> None:
    _, text = text_of(Referral.from_dict(data(patient__date_of_birth="2008-03-14")))
    assert "Aged 17, so under 18" in text and "Gillick" not in text
    _, adult = text_of(Referral.from_dict(data()))
    assert "under 18" not in adult


def _built(source: dict[str, Any]) -> Referral:
    """A referral built without its checks, to list every problem at once."""
    captured: list[Referral] = []

    def keep(referral: Referral) -> Referral:
        captured.append(referral)
        return referral

    with contextlib.suppress(LetterInputError):
        Referral.from_dict(source, defaults=keep)
    return captured[0]


# --- staff and filing -----------------------------------------------------------------------


def test_every_patient_letter_footer_says_to_file_it_as_sensitive() -> None:
    pages, _ = text_of(Referral.from_dict(data()))
    assert len(pages) >= 2
    for page in pages:
        flat = re.sub(r"\s+", " ", page)
        assert (
            "File as sensitive, third-party information: hide it from online record access "
            "and proxy access (NHS App)." in flat
        )


def test_a_staff_letter_refers_a_member_of_staff_and_never_mentions_a_patient_record() -> None:
    referral = Referral.from_dict(data(route="staff"))
    assert referral.route is Route.STAFF
    pages, text = text_of(referral)
    assert "I am referring a member of our staff, with their consent" in text
    assert "I am referring the patient" not in text
    assert "Staff member Name Jane Example" in text
    assert "patient record" not in text.lower() and "NHS App" not in text
    for page in pages:
        assert "file only in the staff member's occupational health or HR file" in (
            re.sub(r"\s+", " ", page)
        )


def test_the_searched_postcode_goes_on_the_letter_only_when_full() -> None:
    assert postcode_for_letter("me141aa") == "ME14 1AA"
    assert postcode_for_letter(" ME14 1AA ") == "ME14 1AA"
    assert postcode_for_letter("ME14") == ""
    assert postcode_for_letter("nonsense") == ""
    assert postcode_for_letter("") == ""


def test_the_example_letter_carries_every_new_field_and_dates_are_its_own() -> None:
    referral = Referral.from_dict(data())
    assert referral.letter_date == date(2025, 3, 14)
    assert referral.practice.email and referral.risk.crime_reference
    assert referral.other_person.name and referral.screening.answers[0].section
