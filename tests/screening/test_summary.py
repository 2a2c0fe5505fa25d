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
    assert text.startswith("Stalking screen (Spotter stalking screen), 2026-11-30\n")
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
