"""The decision table on worked examples: the reported reproductions and each rule's words."""

from __future__ import annotations

import pytest
from screening_files import ALL_FILES, load

from spotter.screening import (
    Answer,
    FlagId,
    Level,
    Outcome,
    Route,
    ScreeningContent,
    evaluate,
    load_bundled,
)

Y, N, U = Answer.YES, Answer.NO, Answer.UNSURE


@pytest.fixture(scope="module")
def content() -> ScreeningContent:
    return load_bundled()


def all_no(content: ScreeningContent, **overrides: Answer | None) -> dict[str, Answer | None]:
    answers: dict[str, Answer | None] = {p.id: N for p in content.prompts}
    answers.update(overrides)
    return answers


def pattern(content: ScreeningContent, **overrides: Answer | None) -> dict[str, Answer | None]:
    return all_no(content, **{"course_of_conduct": Y, "behaviour_contact": Y, **overrides})


def codes(outcome: Outcome) -> set[str]:
    return {f.code for f in outcome.flags}


def effects(outcome: Outcome) -> dict[str, str]:
    return {r.prompt_id: r.effect for r in outcome.reasons}


# --------------------------------------------------------------------------- reproductions


def test_threats_violence_fear_and_a_partner_without_a_pattern_is_high_concern_with_marac(
    content: ScreeningContent,
) -> None:
    answers = all_no(content, risk_threats=Y, risk_violence=Y, risk_frightened=Y, ex_partner=Y)
    outcome = evaluate(content, answers)
    assert outcome.level is Level.HIGH_CONCERN
    assert FlagId.MARAC_ROUTE in codes(outcome)
    assert "whether or not there is a pattern" in effects(outcome)["risk_threats"]


def test_nothing_answered_is_not_completed_and_asks_the_danger_question(
    content: ScreeningContent,
) -> None:
    outcome = evaluate(content, {})
    assert outcome.level is Level.NOT_COMPLETED
    assert outcome.level.title == "Not completed"
    assert [a.prompt_id for a in outcome.ask_again][:2] == ["danger_now", "danger_afraid_home"]


def test_a_pattern_with_violence_not_sure_is_high_concern_and_asked_again(
    content: ScreeningContent,
) -> None:
    outcome = evaluate(content, pattern(content, risk_violence=U))
    assert outcome.level is Level.HIGH_CONCERN
    again = {a.prompt_id: a.text for a in outcome.ask_again}
    assert "risk_violence" in again and "violence" in again["risk_violence"]


def test_children_alone_raise_no_safeguarding_referral(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content, children=Y))
    assert outcome.level is Level.NO_INDICATION
    assert outcome.flag(FlagId.SAFEGUARDING_CHILDREN) is None
    assert "children's services" not in " ".join(outcome.next_steps)


def test_children_with_stalking_mean_talking_to_the_lead(content: ScreeningContent) -> None:
    flag = evaluate(content, pattern(content, children=Y)).flag(FlagId.SAFEGUARDING_CHILDREN)
    assert flag is not None and "discuss with the practice safeguarding lead" in flag.text


def test_a_child_harmed_is_a_safeguarding_matter_today_at_any_level(
    content: ScreeningContent,
) -> None:
    for value in (Y, U):
        outcome = evaluate(content, all_no(content, child_harm=value))
        flag = outcome.flag(FlagId.SAFEGUARDING_CHILDREN)
        assert flag is not None
        assert "safeguarding lead today" in flag.text
        assert "lead decides" in flag.text


# --------------------------------------------------------------------------- levels


def test_all_no_is_no_indication(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content))
    assert outcome.level is Level.NO_INDICATION
    assert not outcome.flags and not outcome.ask_again
    assert len(outcome.answered_no) == 2 + 7  # every danger and risk question, shown as "no"


def test_pattern_needs_a_behaviour_or_two_four_items_and_repetition(
    content: ScreeningContent,
) -> None:
    assert evaluate(content, pattern(content)).level is Level.STALKING_INDICATED
    assert evaluate(content, all_no(content, course_of_conduct=Y)).level is Level.NO_INDICATION
    two_four = all_no(content, course_of_conduct=Y, four_fixated=Y, four_obsessive=Y)
    assert evaluate(content, two_four).level is Level.STALKING_INDICATED
    one_four = all_no(content, course_of_conduct=Y, four_fixated=Y)
    assert evaluate(content, one_four).level is Level.NO_INDICATION


def test_behaviour_once_is_not_a_pattern_yet_and_says_come_back(
    content: ScreeningContent,
) -> None:
    outcome = evaluate(content, all_no(content, behaviour_contact=Y))
    assert outcome.level is Level.NO_INDICATION
    assert "come back if it happens again" in effects(outcome)["behaviour_contact"]


@pytest.mark.parametrize("value", [U, None])
def test_course_of_conduct_not_sure_or_not_asked_is_a_possible_pattern(
    content: ScreeningContent, value: Answer | None
) -> None:
    outcome = evaluate(content, pattern(content, course_of_conduct=value))
    assert outcome.level is Level.STALKING_INDICATED
    assert FlagId.POSSIBLE_PATTERN in codes(outcome)


@pytest.mark.parametrize("repeated", ["four_repeated", "risk_visits"])
def test_answers_that_disagree_count_as_a_possible_pattern(
    content: ScreeningContent, repeated: str
) -> None:
    outcome = evaluate(content, all_no(content, behaviour_contact=Y, **{repeated: Y}))
    assert outcome.level.at_least(Level.STALKING_INDICATED)
    flag = outcome.flag(FlagId.POSSIBLE_PATTERN)
    assert flag is not None and "disagree" in flag.text


def test_one_risk_not_sure_is_not_completed_two_are_high_concern(
    content: ScreeningContent,
) -> None:
    assert evaluate(content, all_no(content, risk_visits=U)).level is Level.NOT_COMPLETED
    two = all_no(content, risk_visits=U, risk_escalating=U)
    assert evaluate(content, two).level is Level.HIGH_CONCERN


def test_any_risk_yes_is_high_concern_without_a_pattern(content: ScreeningContent) -> None:
    for prompt in content.prompts_for_role("risk"):
        outcome = evaluate(content, all_no(content, **{prompt.id: Y}))
        assert outcome.level is Level.HIGH_CONCERN, prompt.id


def test_danger_yes_whatever_else(content: ScreeningContent) -> None:
    for prompt in content.prompts_for_role("danger"):
        outcome = evaluate(content, {prompt.id: Y})
        assert outcome.level is Level.IMMEDIATE_DANGER
        assert effects(outcome)[prompt.id] == "Possible danger now: act now."
        steps = " ".join(outcome.next_steps)
        assert "Call 999 now" in steps and "press 55 when prompted" in steps


def test_danger_not_sure_is_high_concern_and_asked_again(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content, danger_now=U))
    assert outcome.level is Level.HIGH_CONCERN
    assert effects(outcome)["danger_now"].startswith("Not sure about danger now")
    assert "danger_now" in {a.prompt_id for a in outcome.ask_again}


def test_a_danger_question_left_unanswered_is_never_no_indication(
    content: ScreeningContent,
) -> None:
    outcome = evaluate(content, all_no(content, danger_afraid_home=None))
    assert outcome.level is Level.NOT_COMPLETED
    assert outcome.ask_again[0].text.startswith("Not asked yet")


def test_self_harm_and_wellbeing_raise_the_mental_health_flag(
    content: ScreeningContent,
) -> None:
    flag = evaluate(content, all_no(content, self_harm=Y)).flag(FlagId.MENTAL_HEALTH)
    assert flag is not None and "same-day clinical assessment of suicide risk" in flag.text
    assert "116 123" in flag.text
    unsure = evaluate(content, all_no(content, self_harm=U)).flag(FlagId.MENTAL_HEALTH)
    assert unsure is not None
    impact = evaluate(content, all_no(content, wellbeing=Y)).flag(FlagId.MENTAL_HEALTH)
    assert impact is not None and "suicide" in impact.text
    assert evaluate(content, all_no(content)).flag(FlagId.MENTAL_HEALTH) is None


def test_marac_is_worded_as_something_to_consider(content: ScreeningContent) -> None:
    flag = evaluate(content, pattern(content, risk_threats=Y, ex_partner=Y)).flag("marac_route")
    assert flag is not None
    assert flag.title == "Consider a MARAC referral"
    assert flag.text.startswith("Through the practice safeguarding lead")
    assert "does not decide" in flag.text
    assert "Confirm the relationship" not in flag.text
    unsure = evaluate(content, pattern(content, risk_threats=Y, ex_partner=U)).flag("marac_route")
    assert unsure is not None and unsure.text.endswith("Confirm the relationship first.")
    assert evaluate(content, pattern(content, ex_partner=Y)).flag("marac_route") is None


def test_police_contact_is_framed_with_confidentiality(content: ScreeningContent) -> None:
    steps = " ".join(evaluate(content, pattern(content, risk_threats=Y)).next_steps)
    assert "Support them to report it to the police" in steps
    assert "share information without consent" in steps and "record why" in steps


def test_every_outcome_says_judgement_overrides_the_screen(content: ScreeningContent) -> None:
    for answers in ({}, all_no(content), pattern(content), {"danger_now": Y}):
        assert (
            evaluate(content, answers)
            .next_steps[-1]
            .startswith("Professional judgement overrides this screen")
        )


def test_reasons_are_grouped_and_said_once(content: ScreeningContent) -> None:
    answers = all_no(
        content,
        four_fixated=Y,
        four_obsessive=Y,
        four_unwanted=Y,
        four_repeated=Y,
        course_of_conduct=Y,
    )
    outcome = evaluate(content, answers)
    pattern_findings = [f for f in outcome.findings if f.rule_id == "pattern"]
    assert len(pattern_findings) == 1
    assert len(pattern_findings[0].answers) == 5
    groups = [f.group.value for f in outcome.findings]
    assert groups == sorted(groups, key=["danger", "pattern", "risk", "context"].index)


def test_an_explicit_none_is_unanswered(content: ScreeningContent) -> None:
    outcome = evaluate(content, all_no(content, risk_threats=None))
    assert "risk_threats" in outcome.unanswered
    assert outcome.level is Level.NOT_COMPLETED


def test_unknown_prompt_ids_and_answers_are_refused(content: ScreeningContent) -> None:
    with pytest.raises(ValueError, match="unknown prompt ids: nope"):
        evaluate(content, {"nope": Y})
    with pytest.raises(ValueError):
        evaluate(content, {"danger_now": "maybe"})


def test_staff_route_adds_staff_support(content: ScreeningContent) -> None:
    outcome = evaluate(content, pattern(content), Route.STAFF, "Occupational health, ext 200")
    steps = outcome.next_steps
    assert "Contact the practice's staff support: Occupational health, ext 200." in steps
    assert any("not a failing on your part" in s for s in steps)
    without = evaluate(content, pattern(content), Route.STAFF, "  ")
    assert "Ask your practice manager who the staff-support contact is." in without.next_steps
    patient = evaluate(content, pattern(content))
    assert not any("staff" in s for s in patient.next_steps)


@pytest.mark.parametrize("name", ["practice", "minimal"])
def test_practice_files_follow_their_own_tables(name: str) -> None:
    content = load(ALL_FILES[name]())
    if name == "practice":
        assert evaluate(content, {"danger_weapon": Y}).level is Level.IMMEDIATE_DANGER
        two_coc = {p.id: N for p in content.prompts}
        two_coc.update(behaviour_contact=Y, coc_recent=Y)
        assert evaluate(content, two_coc).level is Level.STALKING_INDICATED
    else:
        answers = {p.id: N for p in content.prompts}
        assert evaluate(content, answers).level is Level.NO_INDICATION
        assert evaluate(content, {**answers, "risk_threats": U}).level is Level.HIGH_CONCERN


def test_a_young_person_gets_the_childrens_safeguarding_route(content: ScreeningContent) -> None:
    from spotter.screening import AgeBand

    answers = pattern(content)
    adult = evaluate(content, answers, age_band=AgeBand.ADULT).next_steps
    older = evaluate(content, answers, age_band=AgeBand.AGE_16_17).next_steps
    young = evaluate(content, answers, age_band=AgeBand.UNDER_16).next_steps
    assert not any("safeguarding procedure" in s for s in adult)
    assert any("under 18" in s and "safeguarding lead today" in s for s in older)
    assert not any("Gillick" in s for s in older)
    assert any("Gillick competence" in s and "before any referral" in s for s in young)
    staff = evaluate(content, answers, Route.STAFF, age_band=AgeBand.UNDER_16)
    assert staff.age_band is None and not any("Gillick" in s for s in staff.next_steps)


def test_the_staff_route_speaks_to_the_right_person_and_never_of_the_patient_record(
    content: ScreeningContent,
) -> None:
    from spotter.screening import StaffSubject

    answers = pattern(content, other_person_registered=Y, risk_threats=Y)
    mine = evaluate(content, answers, Route.STAFF, "OH", staff_subject=StaffSubject.SELF)
    theirs = evaluate(content, answers, Route.STAFF, "OH", staff_subject=StaffSubject.COLLEAGUE)
    assert any("not a failing on your part" in s for s in mine.next_steps)
    assert any("not a failing on your colleague's part" in s for s in theirs.next_steps)
    assert not any("your part" in s for s in theirs.next_steps)
    for outcome in (mine, theirs):
        steps = " ".join(outcome.next_steps)
        assert "Special Allocation Scheme" in steps and "practice manager" in steps
        assert "occupational health" in steps and "report it to the police" in steps
        assert "keep the two records apart" not in steps
    patient = evaluate(content, answers)
    steps = " ".join(patient.next_steps)
    assert "keep the two records apart" in steps and "Special Allocation Scheme" not in steps
