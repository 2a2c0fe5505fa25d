"""Referral letters: the inputs (:mod:`.model`) and the PDF (:mod:`.pdf`). Qt-free."""

from spotter.letters.model import (
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
    validate_referral,
)
from spotter.letters.pdf import DEFAULT_HELPLINE, render_referral_pdf

__all__ = [
    "DEFAULT_HELPLINE",
    "Clinician",
    "Consent",
    "LetterInputError",
    "Patient",
    "Practice",
    "Referral",
    "SafeContact",
    "ScreeningSummary",
    "ServiceAddressee",
    "referral_problems",
    "render_referral_pdf",
    "validate_referral",
]
