"""The referral letter form: what the patient agreed to share, checked field by field.

Each input is keyed by the dotted path :class:`~spotter.letters.LetterInputError` uses
(``patient.nhs_number``, ``consent.sharing_consent``…), so an error from the letter code lands
next to the field it names. :meth:`LetterForm.collect` reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spotter.letters import (
    Clinician,
    Consent,
    LetterInputError,
    Patient,
    Practice,
    Referral,
    SafeContact,
    ScreeningSummary,
    ServiceAddressee,
    referral_problems,
)
from spotter.letters.from_app import format_uk_date, new_reference, parse_uk_date
from spotter.system.nhs_number import NhsNumberError, validate_nhs_number
from ui.style import scale_font
from ui.widgets import label

TRI_STATE = (("Not known", None), ("Yes", True), ("No", False))
_WORDS = {
    "patient.name": "Full name",
    "patient.date_of_birth": "Date of birth",
    "patient.nhs_number": "NHS number",
    "safe_contact.safe_ways": "Safe ways to make contact",
    "consent.referral_consent": "Referral consent",
    "consent.sharing_consent": "Information-sharing consent",
    "consent.given_by": "Consent given by",
    "consent.given_on": "Date consent given",
}

Field = QLineEdit | QPlainTextEdit | QComboBox | QCheckBox


def _text(field: QLineEdit | QPlainTextEdit) -> str:
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


class LetterForm(QScrollArea):
    """The scrolling form. ``fields`` and ``errors`` are keyed by the letter's field paths."""

    def __init__(
        self,
        service: ServiceAddressee,
        practice: Practice,
        referrer: Clinician,
        screening: ScreeningSummary,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.practice = practice
        self.referrer = referrer
        self.screening = screening
        self.today = today
        self.reference = new_reference(today())
        self.fields: dict[str, Field] = {}
        self.errors: dict[str, QLabel] = {}
        self._form: QFormLayout | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Referral letter form")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        host = QWidget()
        host.setObjectName("formHost")
        self.column = QVBoxLayout(host)
        self.column.setContentsMargins(0, 0, 12, 0)
        self.column.setSpacing(8)
        self._build()
        self.column.addStretch(1)
        self.setWidget(host)

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        cards = QHBoxLayout()
        cards.setSpacing(8)
        cards.addWidget(self._addressee_card(), 1)
        cards.addWidget(self._from_card(), 1)
        self.column.addLayout(cards)

        form = self._section("Patient")
        self._line(form, "patient.name", "Full &name", "The patient's full name")
        self._line(
            form,
            "patient.date_of_birth",
            "Date of &birth",
            "Date of birth, as day/month/year",
            placeholder="DD/MM/YYYY",
        )
        nhs = self._line(
            form,
            "patient.nhs_number",
            "NHS n&umber",
            "NHS number, optional, 10 digits",
            placeholder="e.g. 943 476 5919 (optional)",
        )
        nhs.textChanged.connect(self._check_nhs_number)
        self._multi(form, "patient.address", "&Address", "Address", lines=3)
        self._line(form, "patient.postcode", "Pos&tcode", "Postcode")
        self._line(form, "patient.phone", "Phone nu&mber", "Phone number")

        form = self._section("Safe contact")
        self._multi(
            form,
            "safe_contact.safe_ways",
            "Safe &ways to make contact",
            "Safe ways to make contact",
            lines=2,
            placeholder="e.g. Mobile 07700 900123, call only, no texts",
        )
        self._line(
            form,
            "safe_contact.safe_times",
            "Safe t&imes",
            "Safe times to make contact",
            placeholder="e.g. Weekdays 10:00–14:00",
        )
        self._choice(form, "safe_contact.voicemail_safe", "&Voicemail safe?", "Voicemail safe?")
        self._choice(
            form, "safe_contact.letter_home_safe", "Letter &home safe?", "Letter home safe?"
        )
        self._multi(
            form,
            "safe_contact.notes",
            "N&otes",
            "Safe contact notes",
            lines=2,
            placeholder="e.g. If someone else answers, say it is the surgery about an appointment",
        )
        self._line(form, "language", "&Language", "Preferred language", placeholder="e.g. Polish")
        self._check(form, "interpreter_needed", "Interpreter neede&d", "Interpreter needed")

        form = self._section("Consent (both are needed)")
        self._check(
            form,
            "consent.referral_consent",
            "&Consents to this referral",
            "The patient consents to this referral",
        )
        self._check(
            form,
            "consent.sharing_consent",
            "Consents to sharing this with th&e service",
            "The patient consents to sharing this information with the service",
        )
        self._line(
            form,
            "consent.given_by",
            "Consent given b&y",
            "Consent given by",
            placeholder="e.g. Patient, verbally in consultation",
        )
        given_on = self._line(
            form,
            "consent.given_on",
            "Date &given",
            "Date consent given, as day/month/year",
            placeholder="DD/MM/YYYY",
        )
        given_on.setText(format_uk_date(self.today()))

        form = self._section("Concerns")
        self._multi(
            form,
            "concerns",
            "&Key concerns",
            "Key concerns, in your words",
            lines=5,
            placeholder="What the patient describes, how long it has gone on, what they fear.",
        )
        self.column.addWidget(self._screening_card())

    def _section(self, heading: str) -> QFormLayout:
        """A heading row in the one form, so every label lines up down the page."""
        if self._form is None:
            self._form = QFormLayout()
            self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            self._form.setVerticalSpacing(4)
            self.column.addLayout(self._form)
        caption = label(heading)
        caption.setObjectName("sectionName")
        caption.setContentsMargins(0, 8, 0, 0)
        scale_font(caption, 1.1, bold=True)
        self._form.addRow(caption)
        return self._form

    def _add(
        self, form: QFormLayout, key: str, caption: str | None, field: Field, name: str
    ) -> None:
        field.setAccessibleName(name)
        self.fields[key] = field
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(field)
        error = label("", kind="error")
        error.setAccessibleName(f"{name}: problem")
        error.setVisible(False)
        inner.addWidget(error)
        self.errors[key] = error
        if caption is None:
            form.addRow(holder)
        else:
            text = label(caption, wrap=False)
            text.setBuddy(field)
            form.addRow(text, holder)

    def _line(
        self, form: QFormLayout, key: str, caption: str, name: str, *, placeholder: str = ""
    ) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        self._add(form, key, caption, field, name)
        return field

    def _multi(
        self,
        form: QFormLayout,
        key: str,
        caption: str,
        name: str,
        *,
        lines: int,
        placeholder: str = "",
    ) -> QPlainTextEdit:
        field = QPlainTextEdit()
        field.setTabChangesFocus(True)
        field.setPlaceholderText(placeholder)
        field.setFixedHeight(field.fontMetrics().lineSpacing() * lines + 16)
        self._add(form, key, caption, field, name)
        return field

    def _choice(self, form: QFormLayout, key: str, caption: str, name: str) -> QComboBox:
        field = QComboBox()
        for words, value in TRI_STATE:
            field.addItem(words, value)
        self._add(form, key, caption, field, name)
        return field

    def _check(self, form: QFormLayout, key: str, caption: str, name: str) -> QCheckBox:
        field = QCheckBox(caption)
        self._add(form, key, None, field, name)
        return field

    def _card(self, name: str, heading: str, lines: list[str], hint: str = "") -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        card.setAccessibleName(name)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(12, 8, 12, 8)
        inner.setSpacing(2)
        top = label(heading)
        top.setObjectName("sectionName")
        inner.addWidget(top)
        body = label("\n".join(line for line in lines if line.strip()), selectable=True)
        body.setAccessibleName(f"{name}: details")
        inner.addWidget(body)
        if hint:
            inner.addWidget(label(hint, kind="hint"))
        inner.addStretch(1)
        return card

    def _addressee_card(self) -> QFrame:
        service = self.service
        lines = [service.name, service.organisation]
        lines += [f"Phone: {phone}" for phone in service.phones] or [
            "Phone: no number on record yet"
        ]
        if service.email:
            lines.append(f"Email: {service.email}")
        if service.website:
            lines.append(f"Website: {service.website}")
        self.addressee = self._card("To", "To", lines)
        return self.addressee

    def _from_card(self) -> QFrame:
        practice, referrer = self.practice, self.referrer
        referrer_line = ", ".join(
            part for part in (referrer.name, referrer.role, referrer.registration_number) if part
        )
        practice_line = ", ".join(part for part in (practice.name, practice.ods_code) if part)
        lines = [
            practice_line or "Practice: not set",
            practice.address.replace("\n", ", "),
            f"Phone: {practice.phone}" if practice.phone else "",
            f"Referrer: {referrer_line or 'not set'}",
            f"Our ref: {self.reference} (note it in the patient's record)",
        ]
        return self._card("From", "From", lines, "To change these details, go to Settings.")

    def _screening_card(self) -> QFrame:
        summary = self.screening
        if not summary.level_title:
            lines = ["No screening was recorded: the letter will say “Not recorded”."]
        else:
            lines = [f"Outcome: {summary.level_title}"]
            lines += [f"• {question} {answer}" for question, answer in summary.answers]
            if summary.flags:
                lines.append("Flags: " + "; ".join(summary.flags))
            lines.append(f"Screening questions: {summary.content_id} {summary.content_version}")
        return self._card("Screening summary", "Screening summary (from this screening)", lines, "")

    # --- live checks ----------------------------------------------------------------------

    def _check_nhs_number(self, text: str) -> None:
        """Say what is wrong as soon as there is enough to judge, not at every keystroke."""
        digits = "".join(ch for ch in text if not ch.isspace() and ch != "-")
        if not digits or (digits.isdigit() and len(digits) < 10):
            self.set_error("patient.nhs_number", "")
            return
        try:
            validate_nhs_number(text)
        except NhsNumberError as exc:
            self.set_error("patient.nhs_number", str(exc))
        else:
            self.set_error("patient.nhs_number", "")

    # --- errors ---------------------------------------------------------------------------

    def set_error(self, key: str, problem: str) -> None:
        """Show ``problem`` under the field ``key`` (empty hides it); screen readers get it too."""
        error = self.errors.get(key)
        if error is None:
            return
        words = problem
        if problem and not problem.startswith(_WORDS.get(key, "\0")):
            words = f"{_WORDS.get(key, key)}: {problem}"
        error.setText(words)
        error.setVisible(bool(problem))
        self.fields[key].setAccessibleDescription(words)

    def clear_errors(self) -> None:
        for key in self.errors:
            self.set_error(key, "")

    def show_errors(self, problems: list[LetterInputError]) -> None:
        """Show every problem next to its field; scroll to and focus the first one."""
        self.clear_errors()
        for problem in problems:
            self.set_error(problem.field if problem.field in self.errors else "", problem.problem)
        if problems and problems[0].field in self.fields:
            field = self.fields[problems[0].field]
            self.ensureWidgetVisible(field)
            field.setFocus()

    # --- reading the form -----------------------------------------------------------------

    def text(self, key: str) -> str:
        field = self.fields[key]
        assert isinstance(field, QLineEdit | QPlainTextEdit)
        return _text(field)

    def checked(self, key: str) -> bool:
        field = self.fields[key]
        assert isinstance(field, QCheckBox)
        return field.isChecked()

    def choice(self, key: str) -> bool | None:
        field = self.fields[key]
        assert isinstance(field, QComboBox)
        value = field.currentData()
        return value if isinstance(value, bool) else None

    def collect(self) -> tuple[Referral | None, list[LetterInputError]]:
        """The referral the form describes, or every problem that stops it (in form order).

        The rules are the core's (:func:`referral_problems`); the form only reads what was
        typed, and reports a date or NHS number it cannot read against its field.
        """
        unreadable: list[LetterInputError] = []

        def when(key: str) -> date:
            try:
                return parse_uk_date(self.text(key))
            except ValueError as exc:
                unreadable.append(LetterInputError(key, str(exc)))
                return self.today()  # a stand-in; the field's own problem is reported

        birth = when("patient.date_of_birth")
        given_on = when("consent.given_on")
        nhs_number = self.text("patient.nhs_number").strip()
        if nhs_number:
            try:
                validate_nhs_number(nhs_number)
            except NhsNumberError as exc:
                unreadable.append(LetterInputError("patient.nhs_number", str(exc)))
                nhs_number = ""
        referral = Referral(
            patient=Patient(
                name=self.text("patient.name").strip(),
                date_of_birth=birth,
                nhs_number=nhs_number or None,
                address=self.text("patient.address").strip(),
                postcode=self.text("patient.postcode").strip(),
                phone=self.text("patient.phone").strip(),
            ),
            safe_contact=SafeContact(
                safe_ways=self.text("safe_contact.safe_ways").strip(),
                safe_times=self.text("safe_contact.safe_times").strip(),
                voicemail_safe=self.choice("safe_contact.voicemail_safe"),
                letter_home_safe=self.choice("safe_contact.letter_home_safe"),
                notes=self.text("safe_contact.notes").strip(),
            ),
            consent=Consent(
                referral_consent=self.checked("consent.referral_consent"),
                sharing_consent=self.checked("consent.sharing_consent"),
                given_by=self.text("consent.given_by").strip(),
                given_on=given_on,
            ),
            service=self.service,
            practice=self.practice,
            referrer=self.referrer,
            screening=self.screening,
            language=self.text("language").strip(),
            interpreter_needed=self.checked("interpreter_needed"),
            concerns=self.text("concerns").strip(),
            reference=self.reference,
            letter_date=self.today(),
        )
        seen = {problem.field for problem in unreadable}
        problems = unreadable + [p for p in referral_problems(referral) if p.field not in seen]
        if problems:
            order = list(self.fields)
            problems.sort(key=lambda p: order.index(p.field) if p.field in order else len(order))
            return None, problems
        return referral, []

    # --- wiping ---------------------------------------------------------------------------

    def wipe(self) -> None:
        """Empty every field, with its undo history, and hide every error."""
        for field in self.fields.values():
            if isinstance(field, QLineEdit):
                field.setText("")  # setText (unlike clear) also drops the undo history
            elif isinstance(field, QPlainTextEdit):
                field.setPlainText("")
            elif isinstance(field, QComboBox):
                field.setCurrentIndex(0)
            else:
                field.setChecked(False)
        self.clear_errors()
