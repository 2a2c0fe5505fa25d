"""One screening in progress: the route, the answers so far and where the person is.

Held only in memory, never written to disk; :meth:`ScreeningSession.clear` forgets it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spotter.screening import (
    AgeBand,
    Answer,
    Level,
    Outcome,
    Prompt,
    Role,
    Route,
    ScreeningContent,
    StaffSubject,
    evaluate,
    section_name,
    summary_text,
)

__all__ = ["DANGER_BANNER", "ScreeningSession", "section_name"]


@dataclass
class ScreeningSession:
    content: ScreeningContent
    route: Route = Route.PATIENT
    staff_support_contact: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    index: int = 0
    privacy_checked: bool = False  # asked first: is the person on their own, somewhere private?
    age_band: AgeBand | None = None  # patient route
    staff_subject: StaffSubject | None = None  # staff route
    clinical_code: str = ""  # the practice's chosen code for the record summary

    @property
    def total(self) -> int:
        return len(self.content.prompts)

    @property
    def prompt(self) -> Prompt:
        return self.content.prompts[self.index]

    @property
    def position_text(self) -> str:
        return f"Question {self.index + 1} of {self.total}"

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == self.total - 1

    @property
    def heading(self) -> str:
        if self.route is Route.STAFF:
            return "Questions about a member of staff (you or a colleague)"
        return "Questions about a patient"

    def current_answer(self) -> Answer | None:
        return self.answers.get(self.prompt.id)

    def answer(self, value: Answer) -> None:
        self.answers[self.prompt.id] = value

    @property
    def must_answer(self) -> bool:
        """The current prompt is a danger question not yet answered: it cannot be skipped."""
        return self.prompt.role is Role.DANGER and self.current_answer() is None

    @property
    def danger_said_yes(self) -> bool:
        """The current prompt is a danger question answered yes: stop and act."""
        return self.prompt.role is Role.DANGER and self.current_answer() is Answer.YES

    def next(self) -> bool:
        """Move on; False when already at the last prompt (the screen is finished).

        Never moves past an unanswered danger question (the caller checks ``must_answer``).
        """
        if self.must_answer:
            raise RuntimeError("a danger question cannot be skipped")
        if self.is_last:
            return False
        self.index += 1
        return True

    def back(self) -> bool:
        """Move back; False when already at the first prompt."""
        if self.is_first:
            return False
        self.index -= 1
        return True

    def outcome(self) -> Outcome:
        return evaluate(
            self.content,
            self.answers,
            self.route,
            self.staff_support_contact,
            age_band=self.age_band,
            staff_subject=self.staff_subject,
        )

    @property
    def in_danger(self) -> bool:
        return self.outcome().level is Level.IMMEDIATE_DANGER

    def summary(self) -> str:
        return summary_text(
            self.content,
            self.answers,
            self.outcome(),
            clinical_code=self.clinical_code,
            privacy_checked=self.privacy_checked,
        )

    def clear(self) -> None:
        self.answers.clear()
        self.index = 0
        self.privacy_checked = False
        self.age_band = None
        self.staff_subject = None


DANGER_BANNER = (
    "Immediate danger: call 999 now. If they cannot speak: dial 999, stay on the line, cough or "
    "tap if they can, and from a mobile press 55 when prompted (Silent Solution)."
)
