"""Fill a referral's practice and referrer from the stored practice settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spotter.letters.model import Clinician, Practice, Referral
from spotter.store.settings import Settings


def practice_from_settings(settings: Settings) -> Practice:
    logo = settings.get("practice_logo_path")
    return Practice(
        name=settings.get("practice_name"),
        address=settings.get("practice_address"),
        ods_code=settings.get("practice_ods_code"),
        phone=settings.get("practice_phone"),
        email=settings.get("practice_email"),
        logo_path=Path(logo) if logo and Path(logo).is_file() else None,
    )


def clinician_from_settings(settings: Settings) -> Clinician:
    return Clinician(
        name=settings.get("clinician_name"),
        role=settings.get("clinician_role"),
        registration_number=settings.get("clinician_registration"),
    )


def with_settings(referral: Referral, settings: Settings) -> Referral:
    """Use the settings for the practice or referrer when the referral leaves them out
    (a whole section: a practice given in part is not mixed with another's details)."""
    if referral.practice == Practice():
        referral = replace(referral, practice=practice_from_settings(settings))
    if referral.referrer == Clinician():
        referral = replace(referral, referrer=clinician_from_settings(settings))
    return referral
