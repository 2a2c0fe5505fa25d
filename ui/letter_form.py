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
    Marac,
    OtherPerson,
    Patient,
    Practice,
    Referral,
    RiskActions,
    SafeContact,
    ScreeningSummary,
    ServiceAddressee,
    referral_problems,
    referral_warnings,
)
from spotter.letters.from_app import format_uk_date, new_reference, parse_uk_date
from spotter.screening import Route
from spotter.system.nhs_number import NhsNumberError, validate_nhs_number
from ui.style import scale_font
from ui.widgets import label

TRI_STATE: tuple[tuple[str, object], ...] = (("Not known", None), ("Yes", True), ("No", False))
RECORDED: tuple[tuple[str, object], ...] = (("Not recorded", None), ("Yes", True), ("No", False))
MARAC_CHOICES: tuple[tuple[str, object], ...] = (
    ("Not recorded", None),
    *((marac.words, marac.value) for marac in Marac),
)
_WORDS = {
    "patient.name": "Full name",
    "patient.date_of_birth": "Date of birth",
    "patient.nhs_number": "NHS number",
    "safe_contact.safe_ways": "Safe ways to make contact",
    "safe_contact.voicemail_safe": "Voicemail safe?",
    "safe_contact.letter_home_safe": "Letter home safe?",
    "consent.referral_consent": "Referral consent",
    "consent.sharing_consent": "Information-sharing consent",
    "consent.given_by": "Consent given by",
    "consent.given_on": "Date consent given",
    "consent.young_person_competent": "Competent to consent alone",
    "risk.police_told": "Police told",
    "risk.safeguarding_lead_told": "Safeguarding lead told",
    "practice.name": "Practice name",
    "practice.phone": "Practice phone",
    "practice.email": "Practice secure email",
    "referrer.name": "Referrer's name",
}

#: The checks that depend on the person's age (under 16; the service's age range).
_NEEDS_AN_AGE = frozenset(
    {
        "consent.young_person_competent",
        "risk.safeguarding_lead_told",
        "service.minimum_age",
        "service.maximum_age",
    }
)

Field = QLineEdit | QPlainTextEdit | QComboBox | QCheckBox


def _text(field: QLineEdit | QPlainTextEdit) -> str:
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


class LetterForm(QScrollArea):
    """The scrolling form. ``fields`` and ``errors`` are keyed by the letter's field paths.

    The practice and who signs are fields of their own, filled from the settings: on a shared
    PC the person writing checks (and changes) who signs this letter.
    """

    def __init__(
        self,
        service: ServiceAddressee,
        practice: Practice,
        referrer: Clinician,
        screening: ScreeningSummary,
        *,
        route: Route = Route.PATIENT,
        postcode: str = "",
        other_patient_here: bool | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.practice = practice
        self.referrer = referrer
        self.screening = screening
        self.route = route
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
        self._fill(practice, referrer, postcode, other_patient_here)
        self._initial = self.values()
        self.update_warnings()

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        self.column.addWidget(self._addressee_card())
        staff = self.route is Route.STAFF

        form = self._section("Staff member" if staff else "Patient")
        self._line(form, "patient.name", "Full &name", "The person's full name")
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
        self.warnings = label("", kind="hint")
        self.warnings.setObjectName("flag")
        self.warnings.setContentsMargins(10, 6, 10, 6)
        self.warnings.setAccessibleName("Safe contact: check before sending")
        form.addRow(self.warnings)
        self.warnings.setVisible(False)
        self._multi(
            form,
            "safe_contact.notes",
            "N&otes",
            "Safe contact notes",
            lines=2,
            placeholder="e.g. If someone else answers, say it is the surgery about an appointment",
        )
        self._line(form, "language", "&Language", "Preferred language", placeholder="e.g. Polish")
        self._check(
            form,
            "interpreter_needed",
            "Interpreter neede&d",
            "Needs a professional interpreter, not a family member or friend",
        )
        form.addRow(
            label(
                "The letter asks for a professional interpreter, not a family member or friend.",
                kind="hint",
            )
        )

        form = self._section("Risk and actions taken")
        urgency = self.screening.level_title or "Not recorded (no screening)"
        self.urgency = label(f"Urgency (from the screening): {urgency}")
        self.urgency.setAccessibleName("Urgency")
        form.addRow(self.urgency)
        self._choice(form, "risk.police_told", "Police told?", "Police told?", RECORDED)
        self._line(
            form,
            "risk.crime_reference",
            "Crime reference",
            "Police crime reference",
            placeholder="If the police were told (optional)",
        )
        self._choice(
            form,
            "risk.safeguarding_lead_told",
            "Safeguarding lead told?",
            "Practice safeguarding lead told?",
            RECORDED,
        )
        self._choice(form, "risk.marac", "MARAC referral", "MARAC referral", MARAC_CHOICES)

        form = self._section("The other person (optional: only what is known)")
        self._line(form, "other_person.name", "Their name", "The other person's name (optional)")
        self._line(
            form,
            "other_person.relationship",
            "Relationship",
            "The other person's relationship to them (optional)",
            placeholder="e.g. Former partner, neighbour, colleague",
        )
        self._multi(
            form,
            "other_person.address",
            "Their address",
            "The other person's address (optional)",
            lines=2,
        )
        self._line(
            form,
            "other_person.vehicle",
            "Vehicle",
            "The other person's vehicle (optional)",
            placeholder="e.g. Silver hatchback, registration if known",
        )
        self._choice(
            form,
            "other_person.patient_here",
            "Registered here?",
            "Is the other person registered at this practice?",
        )

        form = self._section("Consent (both are needed)")
        self._check(
            form,
            "consent.referral_consent",
            "&Consents to this referral",
            "Consents to this referral",
        )
        self._check(
            form,
            "consent.sharing_consent",
            "Consents to sharing this with th&e service",
            "Consents to sharing this information with the service",
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
        self._choice(
            form,
            "consent.young_person_competent",
            "Under 16: Gillick competent?",
            "Under 16 only: judged competent to consent alone (Gillick)?",
        )

        form = self._section("Concerns")
        self._multi(
            form,
            "concerns",
            "&Key concerns",
            "Key concerns, in your words",
            lines=5,
            placeholder="What the person describes, how long it has gone on, what they fear.",
        )

        form = self._section("From: the practice and who signs (check on a shared PC)")
        self._line(form, "practice.name", "Practice", "Practice name")
        self._multi(form, "practice.address", "Practice address", "Practice address", lines=2)
        self._line(form, "practice.phone", "Practice phone", "Practice phone")
        self._line(
            form,
            "practice.email",
            "Secure email",
            "Practice secure email, for the reply",
            placeholder="e.g. the practice's nhs.net mailbox",
        )
        self._line(form, "practice.ods_code", "ODS code", "Practice ODS code")
        self._line(form, "referrer.name", "Signed by", "Referrer's name (who signs)")
        self._line(form, "referrer.role", "Role", "Referrer's role", placeholder="e.g. GP")
        self._line(
            form,
            "referrer.registration_number",
            "Registration no.",
            "Referrer's registration number",
            placeholder="e.g. GMC 0000000 (optional)",
        )
        hint = label(
            f"Filled in from Settings. Our ref: {self.reference} (note it in the record).",
            kind="hint",
        )
        form.addRow(hint)
        self.column.addWidget(self._screening_card())
        for key in (
            "patient.phone",
            "patient.address",
            "patient.postcode",
            "safe_contact.safe_ways",
            "safe_contact.voicemail_safe",
            "safe_contact.letter_home_safe",
        ):
            field = self.fields[key]
            if isinstance(field, QComboBox):
                field.currentIndexChanged.connect(self.update_warnings)
            elif isinstance(field, QLineEdit | QPlainTextEdit):
                field.textChanged.connect(self.update_warnings)

    def _fill(
        self,
        practice: Practice,
        referrer: Clinician,
        postcode: str,
        other_patient_here: bool | None,
    ) -> None:
        """The defaults: the practice and signer from the settings, the postcode searched."""
        for key, value in (
            ("practice.name", practice.name),
            ("practice.address", practice.address),
            ("practice.phone", practice.phone),
            ("practice.email", practice.email),
            ("practice.ods_code", practice.ods_code),
            ("referrer.name", referrer.name),
            ("referrer.role", referrer.role),
            ("referrer.registration_number", referrer.registration_number),
            ("patient.postcode", postcode),
        ):
            field = self.fields[key]
            if isinstance(field, QLineEdit):
                field.setText(value)
            elif isinstance(field, QPlainTextEdit):
                field.setPlainText(value)
        if other_patient_here is not None:
            combo = self.fields["other_person.patient_here"]
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(combo.findData(other_patient_here))

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

    def _choice(
        self,
        form: QFormLayout,
        key: str,
        caption: str,
        name: str,
        options: tuple[tuple[str, object], ...] = TRI_STATE,
    ) -> QComboBox:
        field = QComboBox()
        for words, value in options:
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
        lines.append(service.address or "Postal address: none on record")
        lines += [f"Phone: {phone}" for phone in service.phones] or [
            "Phone: no number on record yet"
        ]
        if service.email:
            lines.append(f"Email: {service.email}")
        if service.website:
            lines.append(f"Website: {service.website}")
        self.addressee = self._card("To", "To", lines)
        self.service_error = label("", kind="error")
        self.service_error.setAccessibleName("To: problem")
        layout = self.addressee.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.service_error)
        self.service_error.setVisible(False)
        return self.addressee

    def _screening_card(self) -> QFrame:
        summary = self.screening
        if not summary.level_title:
            lines = ["No screening was recorded: the letter will say “Not recorded”."]
        else:
            lines = [f"Outcome: {summary.level_title}"]
            if summary.flags:
                lines.append("Flags: " + "; ".join(summary.flags))
            section = ""
            for item in summary.answers:
                if item.section and item.section != section:
                    section = item.section
                    lines.append(f"{section}:")
                lines.append(f"• {item.question} {item.answer}")
        return self._card(
            "Screening summary",
            "Screening summary (from this screening; every question goes on the letter)",
            lines,
            "",
        )

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
        self.service_error.setText("")
        self.service_error.setVisible(False)

    def show_errors(self, problems: list[LetterInputError]) -> None:
        """Show every problem next to its field (a problem with the service on the "To"
        card); scroll to and focus the first one."""
        self.clear_errors()
        about_service = [p.problem for p in problems if p.field.startswith("service.")]
        self.service_error.setText("\n".join(f"No letter: {words}." for words in about_service))
        self.service_error.setVisible(bool(about_service))
        if about_service:
            self.ensureWidgetVisible(self.service_error)
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

    def marac(self) -> Marac | None:
        field = self.fields["risk.marac"]
        assert isinstance(field, QComboBox)
        value = field.currentData()
        return Marac(value) if isinstance(value, str) else None

    def _read(self) -> tuple[Referral, list[LetterInputError]]:
        """The referral as typed (unchecked), with the dates or NHS number it cannot read."""
        unreadable: list[LetterInputError] = []

        def when(key: str) -> date:
            try:
                return parse_uk_date(self.text(key))
            except ValueError as exc:
                unreadable.append(LetterInputError(key, str(exc)))
                return self.today()  # a stand-in; the field's own problem is reported

        def typed(key: str) -> str:
            return self.text(key).strip()

        birth = when("patient.date_of_birth")
        given_on = when("consent.given_on")
        nhs_number = typed("patient.nhs_number")
        if nhs_number:
            try:
                validate_nhs_number(nhs_number)
            except NhsNumberError as exc:
                unreadable.append(LetterInputError("patient.nhs_number", str(exc)))
                nhs_number = ""
        referral = Referral(
            patient=Patient(
                name=typed("patient.name"),
                date_of_birth=birth,
                nhs_number=nhs_number or None,
                address=typed("patient.address"),
                postcode=typed("patient.postcode"),
                phone=typed("patient.phone"),
            ),
            safe_contact=SafeContact(
                safe_ways=typed("safe_contact.safe_ways"),
                safe_times=typed("safe_contact.safe_times"),
                voicemail_safe=self.choice("safe_contact.voicemail_safe"),
                letter_home_safe=self.choice("safe_contact.letter_home_safe"),
                notes=typed("safe_contact.notes"),
            ),
            consent=Consent(
                referral_consent=self.checked("consent.referral_consent"),
                sharing_consent=self.checked("consent.sharing_consent"),
                given_by=typed("consent.given_by"),
                given_on=given_on,
                young_person_competent=self.choice("consent.young_person_competent"),
            ),
            service=self.service,
            practice=Practice(
                name=typed("practice.name"),
                address=typed("practice.address"),
                ods_code=typed("practice.ods_code"),
                phone=typed("practice.phone"),
                email=typed("practice.email"),
                logo_path=self.practice.logo_path,
            ),
            referrer=Clinician(
                name=typed("referrer.name"),
                role=typed("referrer.role"),
                registration_number=typed("referrer.registration_number"),
            ),
            screening=self.screening,
            risk=RiskActions(
                police_told=self.choice("risk.police_told"),
                crime_reference=typed("risk.crime_reference"),
                safeguarding_lead_told=self.choice("risk.safeguarding_lead_told"),
                marac=self.marac(),
            ),
            other_person=OtherPerson(
                name=typed("other_person.name"),
                relationship=typed("other_person.relationship"),
                address=typed("other_person.address"),
                vehicle=typed("other_person.vehicle"),
                patient_here=self.choice("other_person.patient_here"),
            ),
            route=self.route,
            language=typed("language"),
            interpreter_needed=self.checked("interpreter_needed"),
            concerns=typed("concerns"),
            reference=self.reference,
            letter_date=self.today(),
        )
        return referral, unreadable

    def collect(self) -> tuple[Referral | None, list[LetterInputError]]:
        """The referral the form describes, or every problem that stops it (in form order).

        The rules are the core's (:func:`referral_problems`); the form only reads what was
        typed, and reports a date or NHS number it cannot read against its field.
        """
        referral, unreadable = self._read()
        seen = {problem.field for problem in unreadable}
        if "patient.date_of_birth" in seen:  # no age yet: the rules that need one wait for it
            seen |= _NEEDS_AN_AGE
        problems = unreadable + [p for p in referral_problems(referral) if p.field not in seen]
        if problems:
            order = list(self.fields)
            problems.sort(key=lambda p: order.index(p.field) if p.field in order else len(order))
            return None, problems
        return referral, []

    def update_warnings(self) -> None:
        """Say, next to the safe-contact choices, what to check before sending (never blocks):
        an unsafe phone or home address that is on the letter, texts or a shared email."""
        referral, _ = self._read()
        lines = [f"Check: {w.problem}." for w in referral_warnings(referral)]
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))

    def values(self) -> dict[str, object]:
        """What every field holds now (to tell a filled form from an untouched one)."""
        out: dict[str, object] = {}
        for key, field in self.fields.items():
            if isinstance(field, QLineEdit | QPlainTextEdit):
                out[key] = _text(field)
            elif isinstance(field, QComboBox):
                out[key] = field.currentIndex()
            else:
                out[key] = field.isChecked()
        return out

    @property
    def is_filled(self) -> bool:
        """Something was typed or chosen since the form opened (its defaults aside)."""
        return self.values() != self._initial

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
        self._initial = self.values()
