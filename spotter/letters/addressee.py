"""Whether a service can be written to: the rule the Services card and the letter share.

Qt-free and free of ReportLab, so the Services page can ask it without loading the letter code.
A helpline is for the person to ring, not a service that takes referrals by letter; a service
with no phone, email or postal address on record could not act on a letter (it could not make
first contact or reply). The directory has no postal addresses yet, so in practice a service
needs a phone number or an email.
"""

from __future__ import annotations

import re

from spotter.directory import HELPLINE_ID, Service

__all__ = ["ADD_A_CONTACT", "is_helpline", "letter_refusal"]

#: How a practice manager adds a contact to a directory entry.
ADD_A_CONTACT = (
    "To add a phone number or email, a practice manager can import an updated services file "
    "(Directory → Import services file…)."
)
_HELPLINE_WORD = re.compile(r"\bhelpline\b", re.IGNORECASE)


def is_helpline(service: Service) -> bool:
    """The National Stalking Helpline, or a service the directory names a helpline."""
    return service.id == HELPLINE_ID or bool(_HELPLINE_WORD.search(service.name))


def letter_refusal(service: Service) -> str | None:
    """Why no referral letter can go to ``service`` (plain words), or ``None`` if one can."""
    if is_helpline(service):
        return (
            f"No letter: {service.name} is a helpline. Give the person the number to ring; "
            "a letter goes to a service that takes referrals."
        )
    has_phone = any(phone.number.strip() for phone in service.phones)
    has_email = bool(service.email.strip() or service.organisation.email.strip())
    if not (has_phone or has_email):
        return (
            f"No letter: there is no phone number, email or address for {service.name} on "
            f"record, so the service could not contact the person or reply. {ADD_A_CONTACT}"
        )
    return None
