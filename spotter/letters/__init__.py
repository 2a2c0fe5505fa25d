"""Referral letters: the inputs (:mod:`.model`) and the PDF (:mod:`.pdf`). Qt-free."""

from spotter.letters.model import (
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
    ScreeningAnswer,
    ScreeningSummary,
    ServiceAddressee,
    age_on,
    referral_problems,
    referral_warnings,
    validate_referral,
)
from spotter.letters.pdf import DEFAULT_HELPLINE, render_referral_pdf

__all__ = [
    "DEFAULT_HELPLINE",
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
    "render_referral_pdf",
    "validate_referral",
]
