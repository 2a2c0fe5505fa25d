"""The screening's fixed words: answers, roles, routes, levels and flags.

These are the core's vocabulary. A content file may choose its prompts and its decision table,
but not invent a level or a flag: the app, the summary, the letter and the ``screen`` command
all speak these words, and the clinical safety test pack scripts against their ids.
"""

from __future__ import annotations

from enum import StrEnum


class Answer(StrEnum):
    """An answer given to a prompt. An unanswered prompt has no ``Answer`` (``None``)."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"

    @property
    def words(self) -> str:
        """The one way every screen, summary and letter shows this answer."""
        return ANSWER_WORDS[self]


ANSWER_WORDS: dict[Answer, str] = {
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.UNSURE: "Not sure",
}
NOT_ANSWERED = "Not answered"

# How worrying an answer is. Every prompt is phrased so that "yes" is the worrying answer,
# which is what makes "changing no -> not sure -> yes never lowers the outcome" meaningful.
ANSWER_ORDER: tuple[Answer, ...] = (Answer.NO, Answer.UNSURE, Answer.YES)


def answer_words(value: Answer | None) -> str:
    return NOT_ANSWERED if value is None else ANSWER_WORDS[value]


class Group(StrEnum):
    """How the "why" of an outcome is grouped for a reader."""

    DANGER = "danger"
    PATTERN = "pattern"
    RISK = "risk"
    CONTEXT = "context"

    @property
    def heading(self) -> str:
        return _GROUP_HEADINGS[self]


_GROUP_HEADINGS = {
    Group.DANGER: "Danger now",
    Group.PATTERN: "Pattern of stalking",
    Group.RISK: "Signs of raised risk",
    Group.CONTEXT: "Context",
}


class Role(StrEnum):
    """What a prompt is about; the decision table refers to prompts by role or by id."""

    DANGER = "danger"
    FOUR = "four"
    COURSE_OF_CONDUCT = "course_of_conduct"
    BEHAVIOUR = "behaviour"
    RISK = "risk"
    EX_PARTNER = "ex_partner"
    CHILDREN = "children"
    CHILD_HARM = "child_harm"
    WELLBEING = "wellbeing"
    CONTEXT = "context"

    @property
    def group(self) -> Group:
        return _ROLE_GROUPS[self]


_ROLE_GROUPS = {
    Role.DANGER: Group.DANGER,
    Role.FOUR: Group.PATTERN,
    Role.COURSE_OF_CONDUCT: Group.PATTERN,
    Role.BEHAVIOUR: Group.PATTERN,
    Role.RISK: Group.RISK,
    Role.EX_PARTNER: Group.CONTEXT,
    Role.CHILDREN: Group.CONTEXT,
    Role.CHILD_HARM: Group.CONTEXT,
    Role.WELLBEING: Group.CONTEXT,
    Role.CONTEXT: Group.CONTEXT,
}

# Roles whose "no" answers are shown in the "why", so a reader can tell "no threats" from
# "not asked", and whose unanswered prompts are listed under "ask again".
SAFETY_ROLES = frozenset({Role.DANGER, Role.RISK})


class Route(StrEnum):
    PATIENT = "patient"
    STAFF = "staff"


class AgeBand(StrEnum):
    """The patient's age band, asked first on the patient route."""

    UNDER_16 = "under_16"
    AGE_16_17 = "16_17"
    ADULT = "18_plus"

    @property
    def words(self) -> str:
        return _AGE_WORDS[self]

    @property
    def ages(self) -> tuple[int, int | None]:
        """The youngest and oldest age in the band (None: no upper limit)."""
        return _AGE_RANGES[self]

    @classmethod
    def for_age(cls, years: int) -> AgeBand:
        if years < 16:
            return cls.UNDER_16
        return cls.AGE_16_17 if years < 18 else cls.ADULT


_AGE_WORDS = {
    AgeBand.UNDER_16: "Under 16",
    AgeBand.AGE_16_17: "16 or 17",
    AgeBand.ADULT: "18 or over",
}
_AGE_RANGES: dict[AgeBand, tuple[int, int | None]] = {
    AgeBand.UNDER_16: (0, 15),
    AgeBand.AGE_16_17: (16, 17),
    AgeBand.ADULT: (18, None),
}


class StaffSubject(StrEnum):
    """On the staff route: who is being stalked."""

    SELF = "self"
    COLLEAGUE = "colleague"


class Level(StrEnum):
    """Outcome level, ordered by ``rank`` (higher is more urgent)."""

    NO_INDICATION = "no_indication"
    NOT_COMPLETED = "not_completed"
    STALKING_INDICATED = "stalking_indicated"
    HIGH_CONCERN = "high_concern"
    IMMEDIATE_DANGER = "immediate_danger"

    @property
    def rank(self) -> int:
        return _LEVEL_TEXT[self][0]

    @property
    def title(self) -> str:  # type: ignore[override]  # str.title is shadowed on purpose
        return _LEVEL_TEXT[self][1]

    @property
    def summary(self) -> str:
        return _LEVEL_TEXT[self][2]

    def at_least(self, other: Level) -> bool:
        return self.rank >= other.rank


_LEVEL_TEXT: dict[Level, tuple[int, str, str]] = {
    Level.NO_INDICATION: (
        0,
        "No indication",
        "No indication of stalking from these answers.",
    ),
    Level.NOT_COMPLETED: (
        1,
        "Not completed",
        "Some safety questions are not answered yet, or the answer was 'not sure': this screen "
        "cannot say there is no indication.",
    ),
    Level.STALKING_INDICATED: (
        2,
        "Stalking indicated",
        "These answers describe a pattern of stalking behaviour.",
    ),
    Level.HIGH_CONCERN: (
        3,
        "High concern",
        "These answers show signs of a raised risk of harm.",
    ),
    Level.IMMEDIATE_DANGER: (
        4,
        "Immediate danger",
        "The person may be in immediate danger.",
    ),
}

LEVELS_BY_RANK: tuple[Level, ...] = tuple(sorted(Level, key=lambda level: level.rank))


class FlagId(StrEnum):
    SAFEGUARDING_CHILDREN = "safeguarding_children"
    MARAC_ROUTE = "marac_route"
    MENTAL_HEALTH = "mental_health"
    ASK_AGAIN = "ask_again"
    POSSIBLE_PATTERN = "possible_pattern"

    @property
    def title(self) -> str:  # type: ignore[override]  # str.title is shadowed on purpose
        return _FLAG_TITLES[self]

    @property
    def protected(self) -> bool:
        """A flag that a worse answer must never take away (see ``table.py``)."""
        return self in PROTECTED_FLAGS


_FLAG_TITLES = {
    FlagId.SAFEGUARDING_CHILDREN: "Children: talk to the safeguarding lead",
    FlagId.MARAC_ROUTE: "Consider a MARAC referral",
    FlagId.MENTAL_HEALTH: "Mental health: assess today",
    FlagId.ASK_AGAIN: "Ask again",
    FlagId.POSSIBLE_PATTERN: "Possible pattern",
}

PROTECTED_FLAGS = frozenset(
    {FlagId.SAFEGUARDING_CHILDREN, FlagId.MARAC_ROUTE, FlagId.MENTAL_HEALTH}
)
