"""Services: a postcode (checked as you type) -> the services that cover it, with reasons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spotter.directory import Service
from spotter.directory.browse import verified_text
from spotter.directory.details import phone_text
from spotter.directory.hours import hours_text
from spotter.directory.review import CHECK, review_note
from spotter.letters.addressee import letter_refusal
from spotter.places import match_words
from spotter.places.matching import Matcher, MatchResult, ServiceMatch
from spotter.places.postcodes import PostcodeError, is_valid_partial, parse_postcode
from spotter.screening import AgeBand
from spotter.store.settings import DEFAULT_REVIEW_MONTHS
from ui.clipboard import copy_private_text
from ui.style import scale_font
from ui.widgets import announce, button, label, mark_invalid, title
from ui.worker import run_in_background

_HINTS = {
    "empty": "Enter the person's postcode, e.g. ME14 1AA, or just the district, e.g. ME14.",
    "incomplete": "Keep typing: that is the start of a postcode.",
    "district": "A postcode district: press Enter to search, or add the rest for an exact match.",
    "full": "A full postcode: press Enter to search.",
    "invalid": "That does not look like a UK postcode (e.g. ME14 1AA or ME14).",
}


class ServiceCard(QFrame):
    """One service in the results, with its reason and every way to contact it."""

    def __init__(
        self,
        match: ServiceMatch,
        today: date,
        on_letter: Callable[[Service], None],
        review_months: int = DEFAULT_REVIEW_MONTHS,
        on_report: Callable[[Service], object] | None = None,
        *,
        first: bool = False,
        reason: str | None = None,
        age_note: str | None = None,
    ) -> None:
        super().__init__()
        service = match.service
        self.service = service
        self.setObjectName("card")
        self.setAccessibleName(service.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        name = label(service.name, selectable=True)
        scale_font(name, 1.15, bold=True)
        layout.addWidget(name)
        scope = match_words.scope_label(service)
        org = service.organisation.name
        self.scope = label(scope if org == service.name else f"{scope} · {org}", kind="hint")
        layout.addWidget(self.scope)
        # The publisher's warning ("temporarily closed") stands out before anything else.
        self.alert = label(f"Alert: {service.alert}", selectable=True)
        self.alert.setObjectName("flag")
        self.alert.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.alert)
        self.alert.setVisible(bool(service.alert))  # after it has a parent: never a window
        # the plain words come from the search result (match_words.reason); alone, the match's own
        if reason is None:
            reason = match.reason[:1].upper() + match.reason[1:]
        self.reason = label(reason, selectable=True)
        layout.addWidget(self.reason)
        self.age_note = label(age_note or "", kind="error")
        layout.addWidget(self.age_note)
        self.age_note.setVisible(bool(age_note))  # after it has a parent: never a window
        self.copy_buttons = []
        if not service.phones:
            layout.addWidget(label("Phone: no number on record yet", kind="hint"))
        for phone in service.phones:
            row = QHBoxLayout()
            kind = "Text" if phone.type == "text" else "Phone"
            words = f"{kind}: {phone_text(phone)}"
            row.addWidget(label(words, wrap=False, selectable=True))
            copy = button("Copy", f"Copy the number {phone.number}")
            copy.clicked.connect(lambda _=False, n=phone.number: _copy(n))
            self.copy_buttons.append(copy)
            row.addWidget(copy)
            row.addStretch(1)
            layout.addLayout(row)
        for heading, value in (
            ("Hours", service.hours),
            ("Opening times", "" if service.hours else hours_text(service.schedules, today)),
            ("Website", service.url),
            ("Email", service.email),
            ("Languages", ", ".join(service.languages)),
        ):
            if value:
                layout.addWidget(label(f"{heading}: {value}", selectable=True))
        self.verified = label(verified_text(service, today), kind="hint")
        if service.is_stale(today) and service.assured_date is not None:
            self.verified.setObjectName("error")
        layout.addWidget(self.verified)
        note = review_note(service, today, review_months)
        self.review = label(note or "", kind="error")
        self.review.setAccessibleName(CHECK)
        layout.addWidget(self.review)
        self.review.setVisible(note is not None)  # after it has a parent: never a window
        # Alt+L is one service's letter (the first that can take one): one mnemonic a screen.
        words = "Referral &letter…" if first else "Referral letter…"
        self.letter_button = button(words, f"Referral letter to {service.name}")
        self.letter_button.clicked.connect(lambda: on_letter(service))
        why_no_letter = letter_refusal(service)
        self.letter_button.setEnabled(why_no_letter is None)
        self.letter_button.setToolTip(why_no_letter or "")
        self.letter_button.setAccessibleDescription(why_no_letter or "")
        self.no_letter = label(why_no_letter or "", kind="hint")
        self.no_letter.setAccessibleName("Why there is no referral letter")
        self.report_button = button(
            "Report a problem with this entry…",
            f"Report a problem with the entry for {service.name}",
        )
        if on_report is not None:
            self.report_button.clicked.connect(lambda: on_report(service))
        row = QHBoxLayout()
        row.addWidget(self.letter_button)
        row.addStretch(1)
        row.addWidget(self.report_button)
        layout.addLayout(row)
        layout.addWidget(self.no_letter)
        self.report_button.setVisible(on_report is not None)  # after it has a parent
        self.no_letter.setVisible(why_no_letter is not None)


def _copy(text: str) -> None:
    copy_private_text(text)  # Clear takes it off the clipboard again


class ServicesPage(QWidget):
    back_requested = Signal()
    letter_requested = Signal(object)  # the Service a referral letter is for
    report_requested = Signal(object)  # the Service whose entry has a problem
    results_shown = Signal()

    def __init__(
        self,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.matcher: Matcher | None = None
        self.review_months = DEFAULT_REVIEW_MONTHS
        self.age_band: AgeBand | None = None  # from the screening: out-of-age services go last
        self.result: MatchResult | None = None
        self.cards: list[ServiceCard] = []
        self._generation = 0
        self._pending: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        layout.addWidget(title("Find specialist services"))
        row = QHBoxLayout()
        caption = label("&Postcode:", wrap=False)
        row.addWidget(caption)
        self.postcode = QLineEdit()
        self.postcode.setAccessibleName("Postcode")
        self.postcode.setPlaceholderText("e.g. ME14 1AA")
        self.postcode.setMaxLength(12)
        caption.setBuddy(self.postcode)
        row.addWidget(self.postcode, 1)
        self.find_button = button("&Find", "Find services for this postcode", kind="primary")
        row.addWidget(self.find_button)
        layout.addLayout(row)
        self.hint = label(_HINTS["empty"], kind="hint")
        self.hint.setAccessibleName("Postcode check")
        layout.addWidget(self.hint)
        self.error = label("", kind="error")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.advice = label("")
        self.advice.setObjectName("flag")
        self.advice.setContentsMargins(10, 6, 10, 6)
        self.advice.setVisible(False)
        layout.addWidget(self.advice)

        self.results_scroll = QScrollArea()
        self.results_scroll.setWidgetResizable(True)
        self.results_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.results_scroll.setAccessibleName("Services found")
        self.results = QWidget()
        self.results_layout = QVBoxLayout(self.results)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        self.results_layout.setSpacing(10)
        self.results_layout.addStretch(1)
        self.results_scroll.setWidget(self.results)
        layout.addWidget(self.results_scroll, 1)

        nav = QHBoxLayout()
        self.back_button = button("← &Back", "Back")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        layout.addLayout(nav)

        self.postcode.textChanged.connect(self._check)
        self.postcode.returnPressed.connect(self.find_services)
        self.find_button.clicked.connect(self.find_services)
        self.back_button.clicked.connect(self.back_requested)

    # --- the matcher arrives from a background load ---------------------------------------

    def matcher_unavailable(self, why: str) -> None:
        """Stop using the current matcher (its directory is gone); searches wait or say why."""
        self.matcher = None
        self.hint.setText(why)

    def set_matcher(self, matcher: Matcher) -> None:
        self.matcher = matcher
        if self._pending is not None:
            text, self._pending = self._pending, None
            self._start_match(text)

    def directory_changed(self) -> None:
        """The directory changed elsewhere: drop the matcher built on the old one and any
        results it gave; a search on screen runs again when the new matcher arrives."""
        shown = self.result is not None or self._pending is not None
        self._generation += 1  # a search still running on the old matcher is dropped
        self.matcher = None
        self.find_button.setEnabled(True)
        self._clear_results()
        if shown and self.postcode.text().strip():
            self._pending = self.postcode.text()
            self.hint.setText("The directory was updated: searching again…")

    def _check(self, text: str) -> None:
        if self.error.isVisible():  # typing again: the error has done its job
            self._show_error("")
        state = is_valid_partial(text)
        self.hint.setText(_HINTS[state])
        self.hint.setObjectName("error" if state == "invalid" else "hint")
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)

    def find_services(self) -> None:
        text = self.postcode.text()
        self._show_error("")
        try:
            parse_postcode(text)
        except PostcodeError as exc:
            self._clear_results()
            self._show_error(str(exc))
            return
        if self.matcher is None:
            self._pending = text
            self.hint.setText("Loading postcode data…")
            return
        self._start_match(text)

    def _start_match(self, text: str) -> None:
        self._generation += 1
        generation = self._generation
        matcher = self.matcher
        assert matcher is not None
        self.find_button.setEnabled(False)
        self.hint.setText("Searching…")
        run_in_background(
            lambda: matcher.match(text),
            lambda result: self._done(generation, result),
            lambda exc: self._failed(generation, exc),
            parent=self,
        )

    def _done(self, generation: int, result: MatchResult) -> None:
        if generation != self._generation:
            return  # cleared or superseded meanwhile
        self.find_button.setEnabled(True)
        self._check(self.postcode.text())
        self.show_result(result)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self.find_button.setEnabled(True)
        self._check(self.postcode.text())
        self._clear_results()
        self._show_error(str(exc) if isinstance(exc, PostcodeError) else f"Search failed: {exc}")

    def _show_error(self, text: str) -> None:
        """One error line, tied to the field and announced; the hint steps aside meanwhile."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.hint.setVisible(not text)
        mark_invalid(self.postcode, text)
        if text:
            announce(self.error)

    def show_result(self, result: MatchResult) -> None:
        self._clear_results()
        self.result = result
        today = self.today()
        notice = match_words.notice(result)
        self.advice.setText(notice or "")
        self.advice.setAccessibleName(notice or "")
        self.advice.setVisible(bool(notice))
        self.hint.setObjectName("hint")
        self.hint.setText(match_words.summary(result))  # the hint becomes the summary
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)
        if notice:
            announce(self.advice)
        # Alt+L goes to the first service that can take a letter (best matched first).
        lettered = next(
            (m.service.id for m in result.matches if letter_refusal(m.service) is None), None
        )
        for match in match_words.by_age(result.matches, self.age_band):
            card = ServiceCard(
                match,
                today,
                self.letter_requested.emit,
                self.review_months,
                self.report_requested.emit,
                first=match.service.id == lettered,
                reason=match_words.reason(match, result),
                age_note=match_words.age_note(match.service, self.age_band),
            )
            self.results_layout.insertWidget(self.results_layout.count() - 1, card)
            # Shown now, not when the layout's queued show runs: a key pressed as soon as the
            # results arrive (Alt+L) must find the card's buttons visible.
            card.show()
            self.cards.append(card)
        # Tab goes from Find through every card's buttons, then Back.
        chain: list[QWidget] = [self.find_button]
        for card in self.cards:
            chain.extend([*card.copy_buttons, card.letter_button, card.report_button])
        chain.append(self.back_button)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.results_shown.emit()

    def _clear_results(self) -> None:
        for card in self.cards:
            self.results_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        self.result = None
        self.advice.setText("")
        self.advice.setVisible(False)

    def clear(self) -> None:
        self._generation += 1  # drop any search still running
        self._pending = None
        self.find_button.setEnabled(True)
        self.postcode.setText("")  # setText also drops the undo history (Ctrl+Z)
        self._show_error("")
        self._clear_results()

    def focus_first(self) -> None:
        self.results_scroll.verticalScrollBar().setValue(0)  # heading first, every time
        self.postcode.setFocus()
