"""One screening in progress: the route, the answers so far and where the person is.

Held only in memory, never written to disk; :meth:`ScreeningSession.clear` forgets it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spotter.screening import (
    Answer,
    Level,
    Outcome,
    Prompt,
    Route,
    ScreeningContent,
    evaluate,
    summary_text,
)

SECTION_NAMES = {
    "safety": "Safety now",
    "four": "FOUR: fixated, obsessive, unwanted, repeated",
    "course_of_conduct": "More than once?",
    "behaviours": "What has been happening",
    "risk": "Signs of raised risk",
    "children": "Children",
}


def section_name(section: str) -> str:
    return SECTION_NAMES.get(section, section.replace("_", " ").capitalize())


@dataclass
class ScreeningSession:
    content: ScreeningContent
    route: Route = Route.PATIENT
    staff_support_contact: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    index: int = 0

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

    def next(self) -> bool:
        """Move on; False when already at the last prompt (the screen is finished)."""
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
        return evaluate(self.content, self.answers, self.route, self.staff_support_contact)

    @property
    def in_danger(self) -> bool:
        return self.outcome().level is Level.IMMEDIATE_DANGER

    def summary(self) -> str:
        return summary_text(self.content, self.answers, self.outcome())

    def clear(self) -> None:
        self.answers.clear()
        self.index = 0


DANGER_BANNER = (
    "Immediate danger: call 999 now. If they cannot speak, dial 999 and then press 55 on a "
    "mobile (Silent Solution)."
)
