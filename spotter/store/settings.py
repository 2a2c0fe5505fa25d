"""Practice settings: non-patient details kept in the store so letters never need retyping.

Each key has a label and a check. Values are plain strings in the ``settings`` table; a
machine-wide deployment file may lock some of them (see ``locked`` in :class:`Settings`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from spotter.store.database import Store

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    help: str = ""


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("practice_name", "Practice name"),
    SettingSpec("practice_address", "Practice address", "Several lines allowed."),
    SettingSpec("practice_ods_code", "ODS code", "The practice's NHS ODS code, e.g. G81012."),
    SettingSpec("practice_phone", "Practice phone"),
    SettingSpec(
        "practice_email",
        "Practice secure email",
        "For a service's reply to a referral letter, e.g. a shared nhs.net mailbox.",
    ),
    SettingSpec("practice_logo_path", "Logo file", "Optional PNG or JPEG for letterheads."),
    SettingSpec(
        "clinician_name",
        "Clinician name",
        "Who usually signs letters; each letter's form can change it.",
    ),
    SettingSpec("clinician_role", "Clinician role", "e.g. GP, Practice Nurse."),
    SettingSpec("clinician_registration", "Registration number", "e.g. GMC or NMC number."),
    SettingSpec(
        "staff_support_contact",
        "Staff-support contact",
        "Who a member of staff who is being stalked should contact, with a phone number.",
    ),
    SettingSpec(
        "clinical_code",
        "Clinical code for the record",
        "Optional: the code and term your practice uses for a stalking screen, e.g. from your "
        "clinical system's SNOMED CT browser. Added to the copied summary; empty by default.",
    ),
    SettingSpec(
        "idle_timeout_minutes",
        "Idle timeout (minutes)",
        "Clear every patient detail after this many minutes without input (1-120).",
    ),
    SettingSpec(
        "review_months",
        "Check entries older than (months)",
        "A service no person has checked for this many months is marked 'check before "
        "referring' (1-60; 12 if left empty).",
    ),
    SettingSpec(
        "activity_counts",
        "Activity counts",
        "Off unless ticked. When on, Spotter counts screenings by month (route, outcome "
        "level, flags, services shown, which service a letter was for); only numbers, never "
        "a postcode, a name, a day or anything typed.",
    ),
)
KEYS = frozenset(s.key for s in SPECS)
DEFAULT_IDLE_TIMEOUT_MINUTES = 5
DEFAULT_REVIEW_MONTHS = 12


class SettingsError(ValueError):
    """A setting value is not acceptable; the message names the setting."""


def validate(key: str, value: str, *, check_files: bool = True) -> str:
    """Return the cleaned value or raise :class:`SettingsError`.

    ``check_files=False`` skips checking that a logo file exists now: an administrator's file
    may name one on a share that is not mounted yet (a letter leaves out a missing logo).
    """
    if key not in KEYS:
        raise SettingsError(f"{key}: not a Spotter setting")
    value = value.strip()
    bad_timeout = not value.isdigit() or not 1 <= int(value) <= 120
    if key == "idle_timeout_minutes" and value and bad_timeout:
        raise SettingsError("Idle timeout (minutes): enter a whole number from 1 to 120")
    bad_months = not value.isdigit() or not 1 <= int(value) <= 60
    if key == "review_months" and value and bad_months:
        raise SettingsError("Check entries older than (months): enter a whole number from 1 to 60")
    if key == "activity_counts" and value.lower() not in ("", "on", "off"):
        raise SettingsError("Activity counts: on or off")
    if key == "activity_counts":
        value = value.lower()
    if key == "practice_email" and value and not _EMAIL.match(value):
        raise SettingsError(f"Practice secure email: {value} is not an email address")
    if check_files and key == "practice_logo_path" and value and not Path(value).is_file():
        raise SettingsError(f"Logo file: {value} does not exist")
    return value


@dataclass(frozen=True)
class Settings:
    """A snapshot of the practice settings, with any keys locked by an administrator."""

    values: Mapping[str, str] = field(default_factory=dict)
    locked: Mapping[str, str] = field(default_factory=dict)  # key -> where it was set

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def idle_timeout_minutes(self) -> int:
        raw = self.get("idle_timeout_minutes")
        return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_IDLE_TIMEOUT_MINUTES

    @property
    def review_months(self) -> int:
        """After how many months without a person's check an entry says "check before referring"."""
        raw = self.get("review_months")
        return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_REVIEW_MONTHS

    @property
    def activity_counts(self) -> bool:
        """Whether anonymous activity counts are kept (off unless set to "on")."""
        return self.get("activity_counts") == "on"

    @property
    def clinical_code(self) -> str:
        return self.get("clinical_code")

    @property
    def staff_support_contact(self) -> str | None:
        return self.get("staff_support_contact") or None

    def is_locked(self, key: str) -> bool:
        return key in self.locked

    def with_overrides(self, values: Mapping[str, str], source: str) -> Settings:
        """Layer administrator values on top; those keys become read-only."""
        merged = {**self.values, **values}
        locked = {**self.locked, **dict.fromkeys(values, source)}
        return replace(self, values=merged, locked=locked)


def load_settings(store: Store) -> Settings:
    stored = store.settings()
    return Settings(values={k: v for k, v in stored.items() if k in KEYS})


def save_settings(store: Store, values: Mapping[str, str], settings: Settings) -> Settings:
    """Validate and save ``values`` (locked keys are refused); returns the new snapshot."""
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        if settings.is_locked(key):
            raise SettingsError(f"{key}: set by your administrator and cannot be changed here")
        cleaned[key] = validate(key, value)
    store.set_settings(cleaned)
    return replace(settings, values={**settings.values, **cleaned})
