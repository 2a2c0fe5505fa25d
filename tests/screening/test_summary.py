"""The summary "Copy summary" puts on the clipboard for the clinical record."""

from __future__ import annotations

from datetime import date

from spotter.screening import Answer, evaluate, load_bundled, summary_text

CONTENT = load_bundled()


def test_the_summary_groups_the_why_and_shows_every_answer() -> None:
    answers = {p.id: Answer.NO for p in CONTENT.prompts}
    answers.update(course_of_conduct=Answer.YES, behaviour_contact=Answer.YES)
    answers.update(risk_threats=Answer.UNSURE, ex_partner=Answer.YES)
    del answers["children"]
    text = summary_text(CONTENT, answers, evaluate(CONTENT, answers), on=date(2026, 11, 30))
    assert text.startswith(
        "SENSITIVE: mark this entry as sensitive, third-party information and hide it from "
        "online record access and proxy access (NHS App).\nStalking screen (Spotter stalking "
        "screen), 2026-11-30\n"
    )
    assert "Outcome: High concern." in text
    assert "- Consider a MARAC referral: Through the practice safeguarding lead." in text
    assert "Ask again:\n- Ask again, directly, whether there have been any threats." in text
    assert "Pattern of stalking:\n- Stalking behaviours on more than one occasion" in text
    assert "Answered no:\n- Is the person in danger right now? No" in text
    assert "Has the other person made threats" in text and "Not sure" in text
    assert "Are there children in their household? Not answered" in text
    assert "Unsure" not in text  # one vocabulary: "Not sure"
    assert "Safety now:\n- Is the person in danger right now? No" in text
    assert "Professional judgement overrides this screen" in text
    assert text.rstrip().endswith(CONTENT.notice)


def test_the_practice_code_privacy_and_age_are_recorded() -> None:
    from spotter.screening import AgeBand

    answers = {"danger_now": Answer.NO}
    outcome = evaluate(CONTENT, answers, age_band=AgeBand.AGE_16_17)
    text = summary_text(
        CONTENT, answers, outcome, clinical_code="123456 Victim of stalking", privacy_checked=True
    )
    lines = text.splitlines()
    assert lines[0].startswith("SENSITIVE:")
    assert lines[1] == "Clinical code: 123456 Victim of stalking"
    assert "Asked first that the person was on their own, somewhere private." in lines
    assert "Age: 16 or 17." in lines
    assert "Clinical code" not in summary_text(CONTENT, answers, outcome, clinical_code="  ")


def test_the_staff_summary_is_for_the_staff_record_never_a_patient_record() -> None:
    from spotter.screening import Route, StaffSubject

    outcome = evaluate(CONTENT, {}, Route.STAFF, staff_subject=StaffSubject.COLLEAGUE)
    text = summary_text(CONTENT, {}, outcome, clinical_code="123456 code")
    assert text.startswith("For the staff member's occupational health or HR record only")
    assert "SENSITIVE" not in text and "Clinical code" not in text and "NHS App" not in text
    assert "Screened by a member of staff about a colleague." in text
