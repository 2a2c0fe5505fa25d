"""The decision table on files other than Spotter's own: what a practice's file gets.

Every test builds its content inside the test (no shared fixture), so mutation testing runs
each of them against changes to the loading code as well as to the interpreter.

The files (``screening_files.py``): ``bundled``; ``practice`` (three danger questions, two
course-of-conduct questions); ``minimal`` (no FOUR, course-of-conduct, behaviour or wellbeing
questions); and, made here, files with thresholds above 1.

Equivalent mutants of the interpreter (``tools/mutation.py screening-evaluate``; listed in
pyproject):

* ``x_evaluate__mutmut_34``: the level rules matched with no level instead of the level so far;
  a level rule may not depend on the level (refused when loading), so it is never read.
* ``x_evaluate__mutmut_39``: a level rule of the same rank replaces the level (``>=``); it is
  the same level.
* ``x_evaluate__mutmut_51``, ``_52``: the rank used for a held rule with no level; only level
  rules are held at that point, so the fallback is never used.
* ``table.x_matches__mutmut_21``: a condition that does not hold also returns the answers of
  its parts that held; those answers are only read when the condition holds (its parent takes
  hits only from parts that held, and the interpreter skips a rule that does not hold).
"""

from __future__ import annotations

from typing import Any

import pytest
from screening_files import ALL_FILES, bundled_raw, load, minimal_raw, practice_raw

from spotter.screening import (
    JUDGEMENT_NOTE,
    AgeBand,
    Answer,
    FlagId,
    Level,
    Outcome,
    Route,
    ScreeningContent,
    StaffSubject,
    evaluate,
    summary_text,
)

Y, N, U = Answer.YES, Answer.NO, Answer.UNSURE


def all_no(content: ScreeningContent, **overrides: Answer | None) -> dict[str, Answer | None]:
    answers: dict[str, Answer | None] = {p.id: N for p in content.prompts}
    answers.update(overrides)
    return answers


def effects(outcome: Outcome) -> dict[str, str]:
    return {r.prompt_id: r.effect for r in outcome.reasons}


def rule(raw: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in raw["rules"] if r["id"] == rule_id)
    return found


# --------------------------------------------------------------------------- danger


@pytest.mark.parametrize("name", sorted(ALL_FILES))
def test_any_one_danger_question_answered_yes_is_immediate_danger(name: str) -> None:
    """Several danger questions are combined with "any", never "all"."""
    content = load(ALL_FILES[name]())
    danger = [p.id for p in content.prompts_for_role("danger")]
    assert len(danger) == {"bundled": 2, "practice": 3, "minimal": 1}[name]
    for prompt_id in danger:
        outcome = evaluate(content, all_no(content, **{prompt_id: Y}))
        assert outcome.level is Level.IMMEDIATE_DANGER, prompt_id
        others = [r.prompt_id for r in outcome.reasons if r.answer is N]
        assert set(danger) - {prompt_id} <= set(others)
        unsure = evaluate(content, all_no(content, **{prompt_id: U}))
        assert unsure.level is Level.HIGH_CONCERN, prompt_id
        assert [a.prompt_id for a in unsure.ask_again] == [prompt_id]
        left = evaluate(content, all_no(content, **{prompt_id: None}))
        assert left.level is Level.NOT_COMPLETED, prompt_id
        assert [a.text for a in left.ask_again] == [
            f"Not asked yet: {content.prompt(prompt_id).text}"
        ]


def test_the_danger_reasons_say_what_to_do() -> None:
    content = load(practice_raw())
    outcome = evaluate(content, all_no(content, danger_weapon=Y, danger_now=U))
    assert outcome.level is Level.IMMEDIATE_DANGER
    # Each answer is explained by the rule that gave its own highest level.
    assert effects(outcome)["danger_weapon"] == "Possible danger now: act now."
    assert effects(outcome)["danger_now"] == (
        "Not sure about danger now: treated as possible danger."
    )
    assert effects(outcome)["danger_afraid_home"] == "Answered no."
    danger = [f for f in outcome.findings if f.group.value == "danger"]
    assert [(f.rule_id, [a[0] for a in f.answers]) for f in danger] == [
        ("danger_yes", ["danger_weapon"]),
        ("danger_unsure", ["danger_now"]),
    ]
    assert danger[0].answers[0] == (
        "danger_weapon",
        "Do they fear a weapon will be used?",
        Y,
    )
    missing = evaluate(content, all_no(content, danger_afraid_home=None))
    assert effects(missing)["danger_afraid_home"] == (
        "The danger question was not answered: ask it before the person leaves."
    )


# --------------------------------------------------------------------------- pattern


def test_a_second_course_of_conduct_question_counts_on_its_own() -> None:
    content = load(practice_raw())
    answers = all_no(content, behaviour_contact=Y, course_of_conduct=N, coc_recent=Y)
    outcome = evaluate(content, answers)
    assert outcome.level is Level.STALKING_INDICATED
    assert effects(outcome)["coc_recent"] == (
        "Stalking behaviours on more than one occasion: a pattern of stalking."
    )
    assert effects(outcome)["behaviour_contact"].startswith(effects(outcome)["coc_recent"])
    # One of the two not sure, the other no: a possible pattern, asked again.
    unsure = evaluate(content, all_no(content, behaviour_contact=Y, coc_recent=U))
    assert unsure.level is Level.STALKING_INDICATED
    flag = unsure.flag(FlagId.POSSIBLE_PATTERN)
    assert flag is not None and flag.title == "Possible pattern"
    assert flag.text.startswith("Stalking is possible but not confirmed")
    assert [a.prompt_id for a in unsure.ask_again] == ["coc_recent"]
    # Both no: behaviours once, not yet a pattern.
    once = evaluate(content, all_no(content, behaviour_contact=Y))
    assert once.level is Level.NO_INDICATION
    assert once.flag(FlagId.POSSIBLE_PATTERN) is None
    assert effects(once)["behaviour_contact"].startswith("Stalking behaviours, but not yet")


def test_the_four_reason_names_each_four_answer() -> None:
    content = load(bundled_raw())
    outcome = evaluate(
        content, all_no(content, four_fixated=Y, four_unwanted=Y, course_of_conduct=Y)
    )
    assert outcome.level is Level.STALKING_INDICATED
    pattern = "Stalking behaviours on more than one occasion: a pattern of stalking."
    assert {p: e for p, e in effects(outcome).items() if e == pattern} == {
        "four_fixated": pattern,
        "four_unwanted": pattern,
        "course_of_conduct": pattern,
    }
    assert "four_obsessive" not in effects(outcome)


def test_no_behaviours_means_no_possible_pattern() -> None:
    """ "Not sure" about repetition is a possible pattern only when something happened."""
    for make in (bundled_raw, practice_raw):
        content = load(make())
        for coc in (U, None):
            outcome = evaluate(content, all_no(content, course_of_conduct=coc))
            assert outcome.flag(FlagId.POSSIBLE_PATTERN) is None
            assert outcome.level is Level.NO_INDICATION


def test_a_file_without_optional_roles_screens_and_summarises() -> None:
    """No FOUR, course-of-conduct, behaviour or wellbeing questions: nothing assumes them."""
    content = load(minimal_raw())
    assert not content.prompts_for_role("course_of_conduct")
    clear = evaluate(content, all_no(content))
    assert clear.level is Level.NO_INDICATION
    assert clear.flags == () and clear.ask_again == ()
    assert clear.next_steps == ("Use your judgement.", JUDGEMENT_NOTE)
    assert [r.effect for r in clear.reasons] == ["Answered no."] * 3
    text = summary_text(content, all_no(content), clear)
    assert "No indication" in text
    worst = evaluate(content, {p.id: Y for p in content.prompts})
    assert worst.level is Level.IMMEDIATE_DANGER
    assert {f.code for f in worst.flags} == {"safeguarding_children", "marac_route"}
    harmed = evaluate(content, all_no(content, child_harm=U))
    flag = harmed.flag(FlagId.SAFEGUARDING_CHILDREN)
    assert flag is not None and flag.text == "Flag text from child_harm."
    assert harmed.level is Level.NO_INDICATION


# --------------------------------------------------------------------------- thresholds


def _threshold_file(at_least: int) -> ScreeningContent:
    raw = minimal_raw()
    raw["prompts"].insert(
        3,
        {
            "id": "risk_escalating",
            "section": "own",
            "role": "risk",
            "text": "Getting worse?",
            "help": "h",
            "source": "own",
        },
    )
    raw["rules"].append(
        {
            "id": "two_worries",
            "group": "risk",
            "when": {"role": "risk", "answers": ["yes"], "at_least": at_least},
            "level": "immediate_danger",
            "reason": "Several signs of raised risk.",
            "source": "own",
        }
    )
    return load(raw)


@pytest.mark.parametrize("at_least", [2, 3])
def test_a_threshold_above_one_needs_that_many_answers(at_least: int) -> None:
    content = _threshold_file(at_least)
    risk = ["risk_threats", "risk_violence", "risk_escalating"]
    for count in range(len(risk) + 1):
        answers = all_no(content, **dict.fromkeys(risk[:count], Y))
        outcome = evaluate(content, answers)
        if count >= at_least:
            assert outcome.level is Level.IMMEDIATE_DANGER, count
            finding = next(f for f in outcome.findings if f.rule_id == "two_worries")
            assert [a[0] for a in finding.answers] == risk[:count]
        else:
            expected = Level.HIGH_CONCERN if count else Level.NO_INDICATION
            assert outcome.level is expected, count
            assert all(f.rule_id != "two_worries" for f in outcome.findings)


def test_unanswered_and_not_sure_do_not_count_towards_a_yes_threshold() -> None:
    content = _threshold_file(2)
    answers = all_no(content, risk_threats=Y, risk_violence=None, risk_escalating=U)
    assert evaluate(content, answers).level is Level.HIGH_CONCERN


# --------------------------------------------------------------------------- unanswered


def test_an_explicit_none_is_the_same_as_leaving_the_question_out() -> None:
    for name, make in sorted(ALL_FILES.items()):
        content = load(make())
        for prompt in content.prompts:
            left_out = {p.id: N for p in content.prompts if p.id != prompt.id}
            given_none = {**left_out, prompt.id: None}
            a, b = evaluate(content, left_out), evaluate(content, given_none)
            assert a == b, (name, prompt.id)
            assert a.unanswered == (prompt.id,)
            assert (
                "1 question was not answered: treat them as unknown, not as 'no', and ask them "
                "when you can."
            ) in a.next_steps


def test_the_unanswered_count_is_said_in_the_steps() -> None:
    content = load(minimal_raw())
    outcome = evaluate(content, {"danger_now": N, "risk_threats": N})
    assert outcome.unanswered == ("risk_violence", "ex_partner", "children", "child_harm")
    assert outcome.next_steps[-2] == (
        "4 questions were not answered: treat them as unknown, not as 'no', and ask them when "
        "you can."
    )
    assert outcome.level is Level.NOT_COMPLETED
    full = evaluate(content, all_no(content))
    assert not any("not answered" in s for s in full.next_steps)


# --------------------------------------------------------------------------- rules of any kind


def test_a_level_rule_also_raises_its_flag_and_adds_its_step() -> None:
    """The format lets one rule set a level and raise a flag; the floor check counts such a
    rule as raising its flag, so the screen must raise it."""
    raw = minimal_raw()
    rule(raw, "child_harm").update(level="high_concern", step="Tell the lead today.")
    content = load(raw)
    outcome = evaluate(content, all_no(content, child_harm=Y))
    assert outcome.level is Level.HIGH_CONCERN
    flag = outcome.flag(FlagId.SAFEGUARDING_CHILDREN)
    assert flag is not None and flag.text == "Flag text from child_harm."
    assert outcome.next_steps == ("Use your judgement.", "Tell the lead today.", JUDGEMENT_NOTE)
    assert [f.rule_id for f in outcome.findings] == ["child_harm"]


# --------------------------------------------------------------------------- a whole outcome


def test_a_whole_outcome_on_the_bundled_file() -> None:
    """Every part of one busy outcome: flags in the vocabulary's order with their texts joined,
    each answer's effects said once, findings grouped, ask again in the file's order, steps."""
    content = load(bundled_raw())
    rules = {r.id: r for r in content.rules}
    answers = all_no(
        content,
        danger_now=U,
        four_fixated=U,
        course_of_conduct=U,
        behaviour_contact=Y,
        risk_threats=Y,
        risk_visits=None,
        ex_partner=U,
        other_person_registered=Y,
        children=Y,
        wellbeing=Y,
        self_harm=Y,
    )
    outcome = evaluate(content, answers, age_band=AgeBand.AGE_16_17)
    assert outcome.level is Level.HIGH_CONCERN

    def flag_text(*rule_ids: str) -> str:
        return " ".join(rules[r].flag_text for r in rule_ids)

    ask_again = [
        ("danger_now", "Ask again: Is the person in danger right now?"),
        ("four_fixated", "Ask again: Does the other person seem fixated on them?"),
        ("course_of_conduct", content.prompt("course_of_conduct").ask_again),
        ("risk_visits", f"Not asked yet: {content.prompt('risk_visits').text}"),
        ("ex_partner", content.prompt("ex_partner").ask_again),
    ]
    assert [(a.prompt_id, a.text) for a in outcome.ask_again] == ask_again
    assert [(f.code, f.title, f.text) for f in outcome.flags] == [
        (
            "safeguarding_children",
            "Children: talk to the safeguarding lead",
            flag_text("children_in_household"),
        ),
        ("marac_route", "Consider a MARAC referral", flag_text("marac", "marac_confirm")),
        (
            "mental_health",
            "Mental health: assess today",
            flag_text("self_harm", "wellbeing_impact"),
        ),
        ("possible_pattern", "Possible pattern", flag_text("pattern_not_confirmed")),
        ("ask_again", "Ask again", " ".join(text for _, text in ask_again)),
    ]
    both = f"{rules['pattern'].reason} {rules['pattern_not_confirmed'].reason}"
    assert effects(outcome) == {
        "danger_now": rules["danger_unsure"].reason,
        "danger_afraid_home": "Answered no.",
        "four_fixated": "Not sure: ask again.",
        "course_of_conduct": both,
        "behaviour_contact": both,
        "risk_frightened": "Answered no.",
        "risk_threats": rules["threats_or_violence"].reason,
        "risk_violence": "Answered no.",
        "risk_escalating": "Answered no.",
        "risk_visits": rules["risk_open"].reason,
        "risk_stalker_history": "Answered no.",
        "risk_stalker_crisis": "Answered no.",
        "ex_partner": f"{rules['marac'].reason} {rules['marac_confirm'].reason}",
        "other_person_registered": rules["other_person_here"].reason,
        "children": rules["children_in_household"].reason,
        "wellbeing": rules["wellbeing_impact"].reason,
        "self_harm": rules["self_harm"].reason,
    }
    assert [r.prompt_id for r in outcome.reasons] == [
        p.id for p in content.prompts if p.id in effects(outcome)
    ]
    assert [r.answer for r in outcome.reasons][:4] == [U, N, U, U]
    assert [(f.rule_id, f.group.value, [a[0] for a in f.answers]) for f in outcome.findings] == [
        ("danger_unsure", "danger", ["danger_now"]),
        ("pattern", "pattern", ["course_of_conduct", "behaviour_contact"]),
        ("pattern_not_confirmed", "pattern", ["course_of_conduct", "behaviour_contact"]),
        ("threats_or_violence", "risk", ["risk_threats"]),
        ("risk_open", "risk", ["risk_visits"]),
        ("marac", "context", ["ex_partner"]),
        ("children_in_household", "context", ["children"]),
        ("other_person_here", "context", ["other_person_registered"]),
        ("self_harm", "context", ["self_harm"]),
        ("wellbeing_impact", "context", ["wellbeing"]),
        ("marac_confirm", "context", ["ex_partner"]),
    ]
    assert outcome.findings[0].effect == rules["danger_unsure"].reason
    assert outcome.findings[4].answers == (
        ("risk_visits", content.prompt("risk_visits").text, None),
    )
    assert [p for p, _ in outcome.answered_no] == [
        "danger_afraid_home",
        "risk_frightened",
        "risk_violence",
        "risk_escalating",
        "risk_stalker_history",
        "risk_stalker_crisis",
    ]
    assert outcome.answered_no[0][1] == content.prompt("danger_afraid_home").text
    assert outcome.next_steps == (
        *(s.text for s in content.next_steps[Level.HIGH_CONCERN]),
        rules["other_person_here"].step,
        *(s.text for s in content.age_steps[AgeBand.AGE_16_17]),
        "1 question was not answered: treat them as unknown, not as 'no', and ask them when "
        "you can.",
        JUDGEMENT_NOTE,
    )
    assert outcome.unanswered == ("risk_visits",)
    assert (outcome.content_id, outcome.content_version) == (content.id, content.version)
    assert (outcome.route, outcome.age_band, outcome.staff_subject) == (
        Route.PATIENT,
        AgeBand.AGE_16_17,
        None,
    )

    staff = evaluate(
        content,
        answers,
        Route.STAFF,
        "  OH, ext 200 ",
        age_band=AgeBand.UNDER_16,
        staff_subject=StaffSubject.COLLEAGUE,
    )
    assert (staff.route, staff.age_band, staff.staff_subject) == (
        Route.STAFF,
        None,
        StaffSubject.COLLEAGUE,
    )
    assert staff.level is outcome.level and staff.flags == outcome.flags
    assert staff.next_steps == (
        *(s.text for s in content.next_steps[Level.HIGH_CONCERN]),
        rules["other_person_here_staff"].step,
        "Contact the practice's staff support: OH, ext 200.",
        *(s.text for s in content.staff_steps if s.who in ("", "colleague")),
        "1 question was not answered: treat them as unknown, not as 'no', and ask them when "
        "you can.",
        JUDGEMENT_NOTE,
    )
    assert any(s.who == "self" for s in content.staff_steps)
    assert any(s.who == "colleague" for s in content.staff_steps)
    themselves = evaluate(content, answers, Route.STAFF)
    assert themselves.staff_subject is None
    assert [s for s in themselves.next_steps if s not in staff.next_steps] == [
        "Ask your practice manager who the staff-support contact is.",
        *(s.text for s in content.staff_steps if s.who == "self"),
    ]


def test_answers_for_unknown_prompts_are_all_named() -> None:
    content = load(minimal_raw())
    with pytest.raises(ValueError) as info:
        evaluate(content, {"danger_now": "yes", "zeta": "no", "alpha": "yes"})
    assert str(info.value) == "answers for unknown prompt ids: alpha, zeta"


def test_a_skipped_wording_rule_does_not_stop_the_rules_after_it() -> None:
    raw = minimal_raw()
    partner = {"role": "ex_partner", "answers": ["unsure"]}
    raw["rules"].append(
        {"id": "confirm", "group": "context", "when": partner, "flag": "marac_route"}
        | {"flag_text": "Confirm the relationship.", "reason": "Confirm.", "source": "own"}
    )
    raw["rules"].append(
        {"id": "no_children", "group": "context", "reason": "No children.", "source": "own"}
        | {"when": {"role": "children", "answers": ["no"]}, "step": "Ask about children."}
    )
    content = load(raw)
    outcome = evaluate(content, all_no(content, ex_partner=U))
    assert outcome.flag(FlagId.MARAC_ROUTE) is None  # wording only: nothing to add to
    assert outcome.next_steps == ("Use your judgement.", "Ask about children.", JUDGEMENT_NOTE)
    assert [(r.prompt_id, r.prompt_text, r.effect) for r in outcome.reasons] == [
        ("danger_now", "In danger now?", "Answered no."),
        ("risk_threats", "Threats?", "Answered no."),
        ("risk_violence", "Violence?", "Answered no."),
        ("ex_partner", "A partner?", "Not sure: ask again."),
        ("children", "Children at home?", "No children."),
    ]
