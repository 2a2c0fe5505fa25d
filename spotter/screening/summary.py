"""The plain-text summary that "Copy summary" puts on the clipboard for the clinical record."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from spotter.screening.content import ScreeningContent
from spotter.screening.evaluate import Outcome, normalise_answers
from spotter.screening.vocabulary import Answer, Group, Route, answer_words

SECTION_NAMES = {
    "safety": "Safety now",
    "four": "FOUR: fixated, obsessive, unwanted, repeated",
    "course_of_conduct": "More than once?",
    "behaviours": "What has been happening",
    "risk": "Signs of raised risk",
    "partner": "Partner",
    "children": "Children",
    "wellbeing": "Wellbeing",
}


def section_name(section: str) -> str:
    return SECTION_NAMES.get(section, section.replace("_", " ").capitalize())


WhyGroup = tuple[str, list[tuple[str, list[tuple[str, str]]]]]


def why_groups(outcome: Outcome) -> list[WhyGroup]:
    """The findings grouped (danger, pattern, risk, context) for display: each group's heading,
    then each finding's effect with its (question, answer in words) pairs."""
    groups: list[WhyGroup] = []
    for group in Group:
        found = [
            (f.effect, [(text, answer_words(answer)) for _, text, answer in f.answers])
            for f in outcome.findings
            if f.group is group
        ]
        if found:
            groups.append((group.heading, found))
    return groups


def why_lines(outcome: Outcome) -> list[str]:
    """The findings grouped, as text lines, then the danger and risk questions answered no."""
    lines: list[str] = []
    for heading, findings in why_groups(outcome):
        lines.append(f"{heading}:")
        for effect, answers in findings:
            lines.append(f"- {effect}")
            lines += [f"    {text} {words}" for text, words in answers]
    if outcome.answered_no:
        lines.append("Answered no:")
        lines += [f"- {text} No" for _, text in outcome.answered_no]
    return lines


PATIENT_RECORD_LINE = (
    "SENSITIVE: mark this entry as sensitive, third-party information and hide it from online "
    "record access and proxy access (NHS App)."
)
STAFF_RECORD_LINE = (
    "For the staff member's occupational health or HR record only, never a patient's record."
)


def summary_text(
    content: ScreeningContent,
    answers: Mapping[str, Answer | str | None],
    outcome: Outcome,
    *,
    on: date | None = None,
    clinical_code: str = "",
    privacy_checked: bool = False,
) -> str:
    """Plain-text summary for the record: the patient's (marked sensitive, with the practice's
    chosen clinical code if set) or, on the staff route, the staff member's."""
    day = on if on is not None else date.today()
    given = normalise_answers(content, answers)
    staff = outcome.route is Route.STAFF
    lines = [STAFF_RECORD_LINE if staff else PATIENT_RECORD_LINE]
    if clinical_code.strip() and not staff:
        lines.append(f"Clinical code: {clinical_code.strip()}")
    lines += [
        f"Stalking screen ({content.title}), {day.isoformat()}",
        f"Outcome: {outcome.level.title}. {outcome.level.summary}",
    ]
    if privacy_checked:
        lines.append("Asked first that the person was on their own, somewhere private.")
    if outcome.age_band is not None:
        lines.append(f"Age: {outcome.age_band.words}.")
    if outcome.staff_subject is not None:
        who = "themselves" if outcome.staff_subject.value == "self" else "a colleague"
        lines.append(f"Screened by a member of staff about {who}.")
    flags = [f for f in outcome.flags if f.code != "ask_again"]
    if flags:
        lines += ["", "Flags:"]
        lines += [f"- {f.title}: {f.text}" for f in flags]
    if outcome.ask_again:
        lines += ["", "Ask again:"]
        lines += [f"- {item.text}" for item in outcome.ask_again]
    why = why_lines(outcome)
    if why:
        lines += ["", "Why:", *why]
    lines += ["", "Next steps:"]
    lines += [f"- {step}" for step in outcome.next_steps]
    lines += ["", "Answers:"]
    section = None
    for prompt in content.prompts:
        if prompt.section != section:
            section = prompt.section
            lines.append(f"{section_name(section)}:")
        lines.append(f"- {prompt.text} {answer_words(given[prompt.id])}")
    lines += [
        "",
        f"Screening content: {outcome.content_id} version {outcome.content_version}.",
        content.notice,
    ]
    return "\n".join(lines) + "\n"
