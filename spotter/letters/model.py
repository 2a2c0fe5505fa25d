"""The inputs of a referral letter, and their validation.

These are small, frozen dataclasses of their own so that the screening outcome, the service
directory and the practice settings can be mapped onto them without the letter code knowing
those modules. :meth:`Referral.from_dict` reads the JSON document described in
``docs/letter-json.md``; :func:`validate_referral` checks a :class:`Referral` however it was
built. Both raise :class:`LetterInputError`, whose ``field`` is a dotted path such as
``patient.date_of_birth``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from spotter.directory import is_retired_number
from spotter.screening.vocabulary import Route
from spotter.system.nhs_number import NhsNumberError, validate_nhs_number

__all__ = [
    "Clinician",
    "Consent",
    "LetterInputError",
    "Marac",
    "OtherPerson",
    "Patient",
    "Practice",
    "Referral",
    "RiskActions",
    "SafeContact",
    "ScreeningAnswer",
    "ScreeningSummary",
    "ServiceAddressee",
    "age_on",
    "referral_problems",
    "referral_warnings",
    "validate_referral",
]

_EARLIEST_BIRTH = date(1880, 1, 1)


class LetterInputError(ValueError):
    """A referral input is missing or invalid; ``field`` names it as a dotted path."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Patient:
    """The person being referred. ``nhs_number`` is optional; if given it is validated and
    normalised to ten digits."""

    name: str
    date_of_birth: date
    nhs_number: str | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""

    def __post_init__(self) -> None:
        if self.nhs_number is not None:
            if not self.nhs_number.strip():
                object.__setattr__(self, "nhs_number", None)
            else:
                try:
                    normalised = validate_nhs_number(self.nhs_number)
                except NhsNumberError as exc:
                    raise LetterInputError("patient.nhs_number", str(exc)) from exc
                object.__setattr__(self, "nhs_number", normalised)


@dataclass(frozen=True)
class SafeContact:
    """How the service may reach the patient without putting them at risk.

    ``voicemail_safe`` and ``letter_home_safe`` are ``None`` when not known; the letter then
    says "Not known – do not assume it is safe".
    """

    safe_ways: str
    safe_times: str = ""
    voicemail_safe: bool | None = None
    letter_home_safe: bool | None = None
    notes: str = ""


@dataclass(frozen=True)
class Consent:
    """The patient's consent. A letter is only produced when both consents are given.

    ``young_person_competent`` is for a patient under 16: whether the referrer judged them
    competent to consent for themselves (Gillick competence); ``None`` when not said.
    """

    referral_consent: bool
    sharing_consent: bool
    given_by: str
    given_on: date
    young_person_competent: bool | None = None


@dataclass(frozen=True)
class Practice:
    """The referring GP practice (letterhead and PDF author)."""

    name: str = ""
    address: str = ""
    ods_code: str = ""
    phone: str = ""
    email: str = ""  # the practice's secure email, for the service's reply
    logo_path: Path | None = None


@dataclass(frozen=True)
class Clinician:
    """The referrer who signs the letter."""

    name: str = ""
    role: str = ""
    registration_number: str = ""


@dataclass(frozen=True)
class ServiceAddressee:
    """The specialist service the letter is addressed to.

    A letter is refused to a helpline (``helpline``), to a service with no phone, email or
    address, and to a service whose ``minimum_age`` / ``maximum_age`` excludes the patient.
    """

    name: str
    organisation: str = ""
    phones: tuple[str, ...] = ()
    email: str = ""
    website: str = ""
    address: str = ""
    helpline: bool = False
    minimum_age: int | None = None
    maximum_age: int | None = None


@dataclass(frozen=True)
class ScreeningAnswer:
    """One question asked and its answer in plain words ("Yes", "No", "Not sure", "Not
    answered"); ``section`` groups the questions on the letter."""

    question: str
    answer: str
    section: str = ""


@dataclass(frozen=True)
class ScreeningSummary:
    """What the screening found: the outcome level, why, and every question with its answer.

    ``answers`` also accepts ``(question, answer)`` pairs, read as answers with no section.
    """

    level_title: str = ""
    reasons: tuple[str, ...] = ()
    answers: tuple[ScreeningAnswer, ...] = ()
    content_id: str = ""
    content_version: str = ""
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        answers = tuple(
            item if isinstance(item, ScreeningAnswer) else ScreeningAnswer(*item)
            for item in self.answers
        )
        object.__setattr__(self, "answers", answers)


class Marac(StrEnum):
    """Where a MARAC referral stands (a multi-agency risk assessment conference)."""

    NOT_CONSIDERED = "not_considered"
    CONSIDERED = "considered"
    REFERRED = "referred"

    @property
    def words(self) -> str:
        return _MARAC_WORDS[self]


_MARAC_WORDS = {
    Marac.NOT_CONSIDERED: "Not considered",
    Marac.CONSIDERED: "Considered, no referral made",
    Marac.REFERRED: "Referral made",
}


@dataclass(frozen=True)
class RiskActions:
    """How urgent it is and what has been done already. ``None`` means not recorded.

    ``urgency`` is the screening outcome's level title unless given.
    """

    urgency: str = ""
    police_told: bool | None = None
    crime_reference: str = ""
    safeguarding_lead_told: bool | None = None
    marac: Marac | None = None


@dataclass(frozen=True)
class OtherPerson:
    """The person doing the stalking, as far as known. Every detail is optional."""

    name: str = ""
    relationship: str = ""
    address: str = ""
    vehicle: str = ""
    patient_here: bool | None = None  # registered at this practice?

    @property
    def is_empty(self) -> bool:
        return self == OtherPerson()


def _today() -> date:
    return date.today()


@dataclass(frozen=True)
class Referral:
    """Everything one referral letter says."""

    patient: Patient
    safe_contact: SafeContact
    consent: Consent
    service: ServiceAddressee
    practice: Practice = field(default_factory=Practice)
    referrer: Clinician = field(default_factory=Clinician)
    screening: ScreeningSummary = field(default_factory=ScreeningSummary)
    risk: RiskActions = field(default_factory=RiskActions)
    other_person: OtherPerson = field(default_factory=OtherPerson)
    route: Route = Route.PATIENT
    language: str = ""
    interpreter_needed: bool = False
    concerns: str = ""
    reference: str = ""
    letter_date: date = field(default_factory=_today)

    @property
    def staff(self) -> bool:
        """A referral of a member of the practice's staff (the staff route)."""
        return self.route is Route.STAFF

    @property
    def urgency(self) -> str:
        return self.risk.urgency.strip() or self.screening.level_title.strip()

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        defaults: Callable[[Referral], Referral] | None = None,
    ) -> Referral:
        """Build and validate a referral from a JSON-like mapping (see docs/letter-json.md).

        ``defaults`` fills what the document leaves out (the practice and referrer from the
        settings) before the referral is checked. Raises :class:`LetterInputError` naming the
        first missing or invalid field.
        """
        root = _Reader(data, "")
        patient_r = root.section("patient", required=True)
        safe_r = root.section("safe_contact", required=True)
        consent_r = root.section("consent", required=True)
        service_r = root.section("service", required=True)
        practice_r = root.section("practice", required=False)
        referrer_r = root.section("referrer", required=False)
        screening_r = root.section("screening", required=False)
        risk_r = root.section("risk", required=False)
        other_r = root.section("other_person", required=False)

        nhs_number = patient_r.opt_str("nhs_number")
        patient = Patient(
            name=patient_r.req_str("name"),
            date_of_birth=patient_r.req_date("date_of_birth"),
            nhs_number=nhs_number or None,
            address=patient_r.opt_str("address"),
            postcode=patient_r.opt_str("postcode"),
            phone=patient_r.opt_str("phone"),
        )
        patient_r.done()
        safe_contact = SafeContact(
            safe_ways=safe_r.req_str("safe_ways"),
            safe_times=safe_r.opt_str("safe_times"),
            voicemail_safe=safe_r.opt_bool("voicemail_safe"),
            letter_home_safe=safe_r.opt_bool("letter_home_safe"),
            notes=safe_r.opt_str("notes"),
        )
        safe_r.done()
        consent = Consent(
            referral_consent=consent_r.req_bool("referral_consent"),
            sharing_consent=consent_r.req_bool("sharing_consent"),
            given_by=consent_r.req_str("given_by"),
            given_on=consent_r.req_date("given_on"),
            young_person_competent=consent_r.opt_bool("young_person_competent"),
        )
        consent_r.done()
        service = ServiceAddressee(
            name=service_r.req_str("name"),
            organisation=service_r.opt_str("organisation"),
            phones=service_r.opt_str_list("phones"),
            email=service_r.opt_str("email"),
            website=service_r.opt_str("website"),
            address=service_r.opt_str("address"),
            helpline=bool(service_r.opt_bool("helpline")),
            minimum_age=service_r.opt_age("minimum_age"),
            maximum_age=service_r.opt_age("maximum_age"),
        )
        service_r.done()
        logo = practice_r.opt_str("logo_path")
        practice = Practice(
            name=practice_r.opt_str("name"),
            address=practice_r.opt_str("address"),
            ods_code=practice_r.opt_str("ods_code"),
            phone=practice_r.opt_str("phone"),
            email=practice_r.opt_str("email"),
            logo_path=Path(logo) if logo else None,
        )
        practice_r.done()
        referrer = Clinician(
            name=referrer_r.opt_str("name"),
            role=referrer_r.opt_str("role"),
            registration_number=referrer_r.opt_str("registration_number"),
        )
        referrer_r.done()
        screening = ScreeningSummary(
            level_title=screening_r.opt_str("level_title"),
            reasons=screening_r.opt_str_list("reasons"),
            answers=screening_r.opt_answers("answers"),
            content_id=screening_r.opt_str("content_id"),
            content_version=screening_r.opt_str("content_version"),
            flags=screening_r.opt_str_list("flags"),
        )
        screening_r.done()
        marac = risk_r.opt_choice("marac", [m.value for m in Marac])
        risk = RiskActions(
            urgency=risk_r.opt_str("urgency"),
            police_told=risk_r.opt_bool("police_told"),
            crime_reference=risk_r.opt_str("crime_reference"),
            safeguarding_lead_told=risk_r.opt_bool("safeguarding_lead_told"),
            marac=Marac(marac) if marac else None,
        )
        risk_r.done()
        other_person = OtherPerson(
            name=other_r.opt_str("name"),
            relationship=other_r.opt_str("relationship"),
            address=other_r.opt_str("address"),
            vehicle=other_r.opt_str("vehicle"),
            patient_here=other_r.opt_bool("patient_here"),
        )
        other_r.done()
        route = root.opt_choice("route", [r.value for r in Route])
        letter_date = root.opt_date("letter_date")
        referral = cls(
            patient=patient,
            safe_contact=safe_contact,
            consent=consent,
            service=service,
            practice=practice,
            referrer=referrer,
            screening=screening,
            risk=risk,
            other_person=other_person,
            route=Route(route) if route else Route.PATIENT,
            language=root.opt_str("language"),
            interpreter_needed=bool(root.opt_bool("interpreter_needed")),
            concerns=root.opt_str("concerns"),
            reference=root.opt_str("reference"),
            letter_date=letter_date if letter_date is not None else _today(),
        )
        root.done()
        if defaults is not None:
            referral = defaults(referral)
        validate_referral(referral)
        return referral


def validate_referral(referral: Referral) -> None:
    """Raise :class:`LetterInputError` for the first problem :func:`referral_problems` finds."""
    problems = referral_problems(referral)
    if problems:
        raise problems[0]


def age_on(born: date, on: date) -> int:
    """Whole years of age on ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TEXT_OR_EMAIL = re.compile(r"\b(texts?|texting|sms|whats ?app|e-?mails?)\b", re.IGNORECASE)
_NOT_TEXT = re.compile(r"\b(no|not|never|don'?t|do not)\b[^.;,]*$", re.IGNORECASE)


def referral_problems(referral: Referral) -> list[LetterInputError]:
    """Every rule a letter needs, however the :class:`Referral` was built; each problem names
    its field. The letter form shows these and keeps no rule of its own.

    Required: a service that can be written to (not a helpline; a phone, email or address; an
    age range that takes the patient), the practice (its name and a phone or email to reply
    to) and who signs, the patient's name and date of birth, both consents given (with who
    gave them and when), and at least the safe ways to contact the patient. A patient under
    16 also needs the safeguarding lead told and a word on whether they could consent alone.
    """
    problems: list[LetterInputError] = []

    def problem(path: str, message: str) -> None:
        problems.append(LetterInputError(path, message))

    def require_text(value: object, path: str) -> None:
        if not isinstance(value, str) or not value.strip():
            problem(path, "is required")

    try:
        check_limits(referral)
    except LetterInputError as exc:
        problems.append(exc)
    service = referral.service
    require_text(service.name, "service.name")
    if service.helpline:
        problem(
            "service.helpline",
            f"{service.name.strip() or 'this service'} is a helpline: give the person its "
            "number to ring; a letter goes to a service that takes referrals",
        )
    for i, number in enumerate(service.phones):
        if is_retired_number(number):
            problem(
                f"service.phones[{i}]",
                f"{number} is a retired number; the National Stalking Helpline is 0808 802 0300",
            )
    contactable = any(p.strip() for p in service.phones) or any(
        part.strip() for part in (service.email, service.address)
    )
    if not contactable:
        problem(
            "service.phones",
            "the service has no phone, email or address on record, so it could not act on "
            "a letter; add one to its entry (Directory → Import services file…)",
        )
    practice = referral.practice
    require_text(practice.name, "practice.name")
    if not practice.phone.strip() and not practice.email.strip():
        problem("practice.phone", "is required (or the practice's email), for the reply")
    if practice.email.strip() and not _EMAIL.match(practice.email.strip()):
        problem("practice.email", f"{practice.email.strip()!r} is not an email address")
    require_text(referral.referrer.name, "referrer.name")
    require_text(referral.patient.name, "patient.name")
    dob = referral.patient.date_of_birth
    age: int | None = None
    if not isinstance(dob, date):
        problem("patient.date_of_birth", "must be a date")
    elif dob > referral.letter_date:
        problem("patient.date_of_birth", "is after the letter date")
    elif dob < _EARLIEST_BIRTH:
        problem("patient.date_of_birth", f"is before {_EARLIEST_BIRTH.year}")
    else:
        age = age_on(dob, referral.letter_date)
    if age is not None:
        who = "the staff member" if referral.staff else "the patient"
        if service.minimum_age is not None and age < service.minimum_age:
            problem(
                "service.minimum_age",
                f"{service.name.strip()} takes people aged {service.minimum_age} or over; "
                f"{who} is {age}",
            )
        if service.maximum_age is not None and age > service.maximum_age:
            problem(
                "service.maximum_age",
                f"{service.name.strip()} takes people up to the age of {service.maximum_age}; "
                f"{who} is {age}",
            )
    require_text(referral.safe_contact.safe_ways, "safe_contact.safe_ways")
    other = referral.other_person
    if referral.safe_contact.letter_home_safe is True and _same_address(
        other.address, referral.patient.address
    ):
        problem(
            "safe_contact.letter_home_safe",
            "the other person's address is the patient's: a letter to that home is not safe",
        )
    consent = referral.consent
    if consent.referral_consent is not True:
        problem("consent.referral_consent", "the patient must consent to the referral")
    if consent.sharing_consent is not True:
        problem(
            "consent.sharing_consent",
            "the patient must consent to sharing this information with the service",
        )
    require_text(consent.given_by, "consent.given_by")
    if not isinstance(consent.given_on, date):
        problem("consent.given_on", "must be a date")
    elif consent.given_on > referral.letter_date:
        problem("consent.given_on", "is after the letter date")
    if age is not None and age < 16:
        if consent.young_person_competent is None:
            problem(
                "consent.young_person_competent",
                f"the patient is {age}: say whether they were judged competent to consent "
                "for themselves (Gillick)",
            )
        if referral.risk.safeguarding_lead_told is not True:
            problem(
                "risk.safeguarding_lead_told",
                f"the patient is {age}: involve the practice's safeguarding lead before any "
                "referral",
            )
    if referral.risk.crime_reference.strip() and referral.risk.police_told is not True:
        problem("risk.police_told", "a crime reference is given: say the police were told")
    return problems


def referral_warnings(referral: Referral) -> list[LetterInputError]:
    """What the referrer should check but may go ahead with, each naming its field.

    The patient's phone or home address is on the letter while it is marked unsafe (the
    service may use it); the safe ways mention texts or email, which someone sharing the phone
    or account can read.
    """
    warnings: list[LetterInputError] = []
    safe, patient = referral.safe_contact, referral.patient
    if safe.voicemail_safe is False and patient.phone.strip():
        warnings.append(
            LetterInputError(
                "safe_contact.voicemail_safe",
                "voicemail is not safe, but the phone number is on the letter and the service "
                "may ring it: say in the safe ways when to call and that no message is left",
            )
        )
    if safe.letter_home_safe is False and (patient.address.strip() or patient.postcode.strip()):
        warnings.append(
            LetterInputError(
                "safe_contact.letter_home_safe",
                "letters home are not safe, but the home address is on the letter and the "
                "service may write to it: leave the address out, or give a safe one in the "
                "safe ways",
            )
        )
    ways = safe.safe_ways
    for found in _TEXT_OR_EMAIL.finditer(ways):
        if _NOT_TEXT.search(ways[: found.start()].split(".")[-1]):
            continue  # "call only, no texts"
        warnings.append(
            LetterInputError(
                "safe_contact.safe_ways",
                "texts and emails can be read by anyone who shares the phone or account: "
                "suggest them only if the patient said the phone or address is theirs alone",
            )
        )
        break
    return warnings


def _same_address(one: str, other: str) -> bool:
    def squeeze(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return bool(squeeze(one)) and squeeze(one) == squeeze(other)


#: Documented limits (docs/letter-json.md): the concerns field, every other text field, and
#: the number of items in a list (reasons, answers, phones). Far above any real letter; they
#: bound the work a hostile or mistaken input can cause.
MAX_CONCERNS = 50_000
MAX_TEXT = 10_000
MAX_ITEMS = 100


def check_limits(value: object, path: str = "") -> None:
    """Raise :class:`LetterInputError` for the first text or list over its limit."""
    if isinstance(value, str):
        limit = MAX_CONCERNS if path == "concerns" else MAX_TEXT
        if len(value) > limit:
            raise LetterInputError(
                path, f"is {len(value):,} characters long; the most a letter takes is {limit:,}"
            )
    elif isinstance(value, tuple | list):
        if len(value) > MAX_ITEMS:
            raise LetterInputError(
                path, f"has {len(value):,} items; the most a letter takes is {MAX_ITEMS}"
            )
        for i, item in enumerate(value):
            check_limits(item, f"{path}[{i}]")
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            check_limits(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)


_T = TypeVar("_T")


class _Reader:
    """Reads one JSON object, tracking which keys were used so unknown keys are reported."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise LetterInputError(path or "(document)", "must be a JSON object")
        self._data: Mapping[str, Any] = data
        self._path = path
        self._used: set[str] = set()

    def _name(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def _get(self, key: str) -> object:
        self._used.add(key)
        return self._data.get(key)

    def section(self, key: str, *, required: bool) -> _Reader:
        value = self._get(key)
        if value is None:
            if required:
                raise LetterInputError(self._name(key), "is required")
            value = {}
        return _Reader(value, self._name(key))

    def done(self) -> None:
        unknown = sorted(str(k) for k in self._data if k not in self._used)
        if unknown:
            raise LetterInputError(self._name(unknown[0]), "is not a known field")

    def _typed(self, key: str, kind: type[_T], what: str) -> _T | None:
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise LetterInputError(self._name(key), f"must be {what}")
        return value

    def req_str(self, key: str) -> str:
        value = self._typed(key, str, "text")
        if value is None or not value.strip():
            raise LetterInputError(self._name(key), "is required")
        return value

    def opt_str(self, key: str) -> str:
        return self._typed(key, str, "text") or ""

    def req_bool(self, key: str) -> bool:
        value = self._typed(key, bool, "true or false")
        if value is None:
            raise LetterInputError(self._name(key), "is required (true or false)")
        return value

    def opt_bool(self, key: str) -> bool | None:
        return self._typed(key, bool, "true, false or null")

    def opt_age(self, key: str) -> int | None:
        value = self._typed(key, int, "a whole number of years")
        if value is not None and not 0 <= value <= 150:
            raise LetterInputError(self._name(key), "must be a whole number of years, 0 to 150")
        return value

    def opt_choice(self, key: str, choices: Sequence[str]) -> str | None:
        value = self._typed(key, str, "one of " + ", ".join(f'"{c}"' for c in choices))
        if value is None:
            return None
        if value not in choices:
            raise LetterInputError(
                self._name(key),
                f"{value!r} is not one of " + ", ".join(f'"{c}"' for c in choices),
            )
        return value

    def _date(self, key: str) -> date | None:
        text = self._typed(key, str, "a date as YYYY-MM-DD")
        if text is None or not text.strip():
            return None
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise LetterInputError(
                self._name(key), f"{text!r} is not a date as YYYY-MM-DD"
            ) from None

    def req_date(self, key: str) -> date:
        value = self._date(key)
        if value is None:
            raise LetterInputError(self._name(key), "is required (YYYY-MM-DD)")
        return value

    def opt_date(self, key: str) -> date | None:
        return self._date(key)

    def _list(self, key: str) -> Sequence[object]:
        value = self._get(key)
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            raise LetterInputError(self._name(key), "must be a list")
        return value

    def opt_str_list(self, key: str) -> tuple[str, ...]:
        items = self._list(key)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise LetterInputError(f"{self._name(key)}[{index}]", "must be text")
        return tuple(str(item) for item in items)

    def opt_answers(self, key: str) -> tuple[ScreeningAnswer, ...]:
        answers: list[ScreeningAnswer] = []
        for index, item in enumerate(self._list(key)):
            where = f"{self._name(key)}[{index}]"
            if isinstance(item, Mapping):
                reader = _Reader(item, where)
                answers.append(
                    ScreeningAnswer(
                        reader.req_str("question"),
                        reader.opt_str("answer"),
                        reader.opt_str("section"),
                    )
                )
                reader.done()
            elif (
                isinstance(item, list | tuple)
                and len(item) == 2
                and all(isinstance(part, str) for part in item)
            ):
                answers.append(ScreeningAnswer(str(item[0]), str(item[1])))
            else:
                raise LetterInputError(
                    where,
                    'must be {"question": ..., "answer": ..., "section": ...} or '
                    "[question, answer]",
                )
        return tuple(answers)
