"""The screening's safety properties, over the whole answer space of every kind of file.

Each property is stated once (``check_*``) and run three ways: with hypothesis over the bundled
and a practice-style file (yes / no / not sure / unanswered for every prompt), and exhaustively
over the minimal file, where the prompts that matter are few enough to try every combination.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from screening_files import ALL_FILES, load

from spotter.screening import (
    JUDGEMENT_NOTE,
    Answer,
    FlagId,
    Level,
    Outcome,
    Role,
    ScreeningContent,
    evaluate,
)
from spotter.screening.vocabulary import ANSWER_ORDER, PROTECTED_FLAGS

Answers = Mapping[str, Answer | None]
CHOICES: tuple[Answer | None, ...] = (Answer.YES, Answer.NO, Answer.UNSURE, None)
CONTENTS = {name: load(make()) for name, make in ALL_FILES.items()}

# derandomize: the same examples every run, so CI results are repeatable.
PROPERTY_SETTINGS = settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def ids(content: ScreeningContent, role: Role) -> list[str]:
    return [p.id for p in content.prompts_for_role(role)]


def protected(outcome: Outcome) -> set[str]:
    return {f.code for f in outcome.flags} & {f.value for f in PROTECTED_FLAGS}


# --------------------------------------------------------------------------- the properties


def check_danger(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """1 and 2: danger yes -> immediate danger; unanswered -> never "no indication";
    not sure -> at least high concern, and asked again."""
    danger = [answers[p] for p in ids(content, Role.DANGER)]
    if Answer.YES in danger:
        assert outcome.level is Level.IMMEDIATE_DANGER
    if None in danger:
        assert outcome.level is not Level.NO_INDICATION
    if Answer.UNSURE in danger:
        assert outcome.level.at_least(Level.HIGH_CONCERN)
    asked_again = {a.prompt_id for a in outcome.ask_again}
    for prompt_id in ids(content, Role.DANGER):
        if answers[prompt_id] in (Answer.UNSURE, None):
            assert prompt_id in asked_again


def check_nothing_answered(content: ScreeningContent) -> None:
    outcome = evaluate(content, {})
    assert outcome.level is Level.NOT_COMPLETED
    assert outcome.flag(FlagId.ASK_AGAIN) is not None


def check_risk(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """3: threats, violence or fear "yes" -> at least high concern, pattern or not; threats or
    violence "not sure" -> at least high concern, and asked again."""
    for prompt_id in ("risk_threats", "risk_violence", "risk_frightened"):
        if answers.get(prompt_id) is Answer.YES:
            assert outcome.level.at_least(Level.HIGH_CONCERN), prompt_id
    for prompt_id in ("risk_threats", "risk_violence"):
        if answers[prompt_id] is Answer.UNSURE:
            assert outcome.level.at_least(Level.HIGH_CONCERN), prompt_id
            assert prompt_id in {a.prompt_id for a in outcome.ask_again}


def check_no_indication(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """5: "no indication" only when every danger and risk answer is "no"."""
    if outcome.level is Level.NO_INDICATION:
        for prompt_id in [*ids(content, Role.DANGER), *ids(content, Role.RISK)]:
            assert answers[prompt_id] is Answer.NO, prompt_id


def check_marac(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """6: a partner (yes or not sure) with at least high concern -> the MARAC prompt, worded as
    something to consider through the safeguarding lead; not sure -> confirm the relationship."""
    partner = [answers[p] for p in ids(content, Role.EX_PARTNER)]
    flag = outcome.flag(FlagId.MARAC_ROUTE)
    if outcome.level.at_least(Level.HIGH_CONCERN) and (
        Answer.YES in partner or Answer.UNSURE in partner
    ):
        assert flag is not None
        if content.id == "spotter-core":
            assert flag.title == "Consider a MARAC referral"
            assert "safeguarding lead" in flag.text
            if Answer.UNSURE in partner:
                assert "Confirm the relationship" in flag.text
    if not outcome.level.at_least(Level.HIGH_CONCERN):
        assert flag is None


def check_ask_again(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """7: every "not sure" is listed in "ask again", with its prompt id."""
    listed = {a.prompt_id for a in outcome.ask_again}
    for prompt_id, value in answers.items():
        if value is Answer.UNSURE:
            assert prompt_id in listed
    assert (outcome.flag(FlagId.ASK_AGAIN) is not None) == bool(outcome.ask_again)


def check_children(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """8: a child harmed (yes or not sure) -> safeguarding at any level; children in the
    household -> safeguarding with at least stalking indicated, and not on their own."""
    flag = outcome.flag(FlagId.SAFEGUARDING_CHILDREN)
    harm = [answers[p] for p in ids(content, Role.CHILD_HARM)]
    children = [answers[p] for p in ids(content, Role.CHILDREN)]
    if Answer.YES in harm or Answer.UNSURE in harm:
        assert flag is not None
    if Answer.YES in children and outcome.level.at_least(Level.STALKING_INDICATED):
        assert flag is not None
    if content.id == "spotter-core" and flag is not None:
        assert "children's services" not in flag.text or "decides" in flag.text


def check_contradiction(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """9: "keeps happening" yes with "two or more occasions" no is a possible course of conduct,
    flagged, never resolved towards "no"."""
    if "four_repeated" not in answers or "behaviour_contact" not in answers:
        return
    coc = [answers[p] for p in ids(content, Role.COURSE_OF_CONDUCT)]
    behaviours = [answers[p] for p in ids(content, Role.BEHAVIOUR)]
    if answers["four_repeated"] is Answer.YES and coc and all(a is Answer.NO for a in coc):
        assert outcome.flag(FlagId.POSSIBLE_PATTERN) is not None
        if Answer.YES in behaviours:
            assert outcome.level.at_least(Level.STALKING_INDICATED)


def check_wellbeing(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    """10: a wellbeing question "yes" -> the mental-health flag."""
    if any(answers[p] is Answer.YES for p in ids(content, Role.WELLBEING)):
        assert outcome.flag(FlagId.MENTAL_HEALTH) is not None


def check_every_outcome(content: ScreeningContent, answers: Answers, outcome: Outcome) -> None:
    assert outcome.next_steps[-1] == JUDGEMENT_NOTE
    assert {f.code for f in outcome.flags} <= {f.value for f in FlagId}
    assert outcome.level.title and outcome.level.summary


CHECKS: list[Callable[[ScreeningContent, Answers, Outcome], None]] = [
    check_danger,
    check_risk,
    check_no_indication,
    check_marac,
    check_ask_again,
    check_children,
    check_contradiction,
    check_wellbeing,
    check_every_outcome,
]


def check_all(content: ScreeningContent, answers: Answers) -> None:
    outcome = evaluate(content, answers)
    for check in CHECKS:
        check(content, answers, outcome)


def check_monotone(content: ScreeningContent, answers: Answers) -> None:
    """4: changing any one answer from no -> not sure -> yes never lowers the level and never
    removes a safeguarding, MARAC or mental-health flag."""
    before = evaluate(content, answers)
    for prompt_id, value in answers.items():
        if value is None or value is Answer.YES:
            continue
        for worse in ANSWER_ORDER[ANSWER_ORDER.index(value) + 1 :]:
            after = evaluate(content, {**answers, prompt_id: worse})
            assert after.level.rank >= before.level.rank, (prompt_id, value, worse)
            assert protected(after) >= protected(before), (prompt_id, value, worse)


def answer_maps(content: ScreeningContent) -> st.SearchStrategy[dict[str, Answer | None]]:
    return st.fixed_dictionaries({p.id: st.sampled_from(CHOICES) for p in content.prompts})


# --------------------------------------------------------------------------- hypothesis


@pytest.mark.parametrize("name", ["bundled", "practice"])
def test_safety_properties_hold_for_any_answers(name: str) -> None:
    content = CONTENTS[name]

    @PROPERTY_SETTINGS
    @given(answer_maps(content))
    def run(answers: dict[str, Answer | None]) -> None:
        check_all(content, answers)

    run()


@pytest.mark.parametrize("name", ["bundled", "practice"])
def test_a_worse_answer_never_lowers_the_outcome(name: str) -> None:
    content = CONTENTS[name]

    @settings(PROPERTY_SETTINGS, max_examples=150)
    @given(answer_maps(content))
    def run(answers: dict[str, Answer | None]) -> None:
        check_monotone(content, answers)

    run()


@pytest.mark.parametrize("name", sorted(CONTENTS))
def test_nothing_answered_is_not_completed(name: str) -> None:
    check_nothing_answered(CONTENTS[name])


# --------------------------------------------------------------------------- exhaustive


def test_every_combination_of_the_minimal_file() -> None:
    content = CONTENTS["minimal"]
    prompt_ids = [p.id for p in content.prompts]
    count = 0
    for values in itertools.product(CHOICES, repeat=len(prompt_ids)):
        answers = dict(zip(prompt_ids, values, strict=True))
        check_all(content, answers)
        check_monotone(content, answers)
        count += 1
    assert count == 4 ** len(prompt_ids) == 4096


def test_every_combination_of_the_safety_questions_in_the_bundled_file() -> None:
    """Danger, threats, violence, fear and partner: every combination, the rest "no" (the
    answers that most often decide the level) and the rest unanswered."""
    content = CONTENTS["bundled"]
    key = [
        *ids(content, Role.DANGER),
        "risk_threats",
        "risk_violence",
        "risk_frightened",
        "ex_partner",
        "course_of_conduct",
    ]
    for rest in (Answer.NO, None):
        base = {p.id: rest for p in content.prompts}
        for values in itertools.product(CHOICES, repeat=len(key)):
            answers = {**base, **dict(zip(key, values, strict=True))}
            check_all(content, answers)
    # 4 ** 7 combinations, twice: enough to be sure and still quick
    assert len(key) == 7
