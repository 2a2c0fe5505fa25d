"""Map what the app already knows onto a letter: the chosen service, the screening outcome.

Also the small rules the letter form needs that are not Qt's business: reading a date typed as
``DD/MM/YYYY``, the default file name (never the patient's name), and writing the PDF to the
place the user chose without leaving a partial file behind.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import date

from spotter.directory import Service
from spotter.letters.addressee import is_helpline
from spotter.letters.model import ScreeningAnswer, ScreeningSummary, ServiceAddressee
from spotter.places.postcodes import PostcodeError, parse_postcode
from spotter.screening import Answer, Outcome, ScreeningContent, answer_words, section_name

__all__ = [
    "default_file_name",
    "format_uk_date",
    "new_reference",
    "parse_uk_date",
    "postcode_for_letter",
    "screening_summary",
    "service_addressee",
]

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*$")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def service_addressee(service: Service) -> ServiceAddressee:
    """The letter's addressee: the service's name, organisation and every way to reach it,
    whether it is a helpline, and the ages it takes. The directory holds no postal addresses,
    so the addressee has none."""
    organisation = service.organisation.name
    return ServiceAddressee(
        name=service.name,
        organisation="" if organisation == service.name else organisation,
        phones=tuple(
            f"{phone.number} ({phone.description})" if phone.description else phone.number
            for phone in service.phones
        ),
        email=service.email or service.organisation.email,
        website=service.url or service.organisation.website,
        helpline=is_helpline(service),
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
    )


def screening_summary(
    outcome: Outcome | None,
    content: ScreeningContent | None = None,
    answers: Mapping[str, Answer | None] | None = None,
) -> ScreeningSummary:
    """What the screening found, for the letter; empty ("Not recorded") without a screening.

    With the screening ``content`` and the ``answers`` given, the letter lists every question
    in order, grouped by section, with its answer in words ("No" and "Not answered"
    included); without them, only the questions behind the outcome.
    """
    if outcome is None:
        return ScreeningSummary()
    if content is not None and answers is not None:
        asked = tuple(
            ScreeningAnswer(
                prompt.text, answer_words(answers.get(prompt.id)), section_name(prompt.section)
            )
            for prompt in content.prompts
        )
    else:
        asked = tuple(
            ScreeningAnswer(reason.prompt_text, answer_words(reason.answer))
            for reason in outcome.reasons
        )
    return ScreeningSummary(
        level_title=outcome.level.title,
        reasons=tuple(dict.fromkeys(finding.effect for finding in outcome.findings)),
        answers=asked,
        content_id=outcome.content_id,
        content_version=outcome.content_version,
        flags=tuple(flag.title for flag in outcome.flags),
    )


def postcode_for_letter(searched: str) -> str:
    """The postcode searched on the Services page, for the letter's postcode field: a full
    postcode, written the usual way; a district alone (``ME14``) is not an address, so none."""
    try:
        postcode = parse_postcode(searched)
    except PostcodeError:
        return ""
    if not postcode.is_full or postcode.inward is None:
        return ""
    return f"{postcode.outward} {postcode.inward}"


def parse_uk_date(text: str) -> date:
    """Read a date typed the UK way, ``DD/MM/YYYY`` (``.``, ``-`` or a space also separate).

    Raises :class:`ValueError` with a message in words.
    """
    if not text.strip():
        raise ValueError("is required (DD/MM/YYYY)")
    found = _DATE.match(text)
    if found is None:
        raise ValueError(f"{text.strip()!r} is not a date as DD/MM/YYYY")
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a real date") from None


def format_uk_date(value: date) -> str:
    """``DD/MM/YYYY``, the way the form shows dates."""
    return value.strftime("%d/%m/%Y")


def default_file_name(service_name: str, on: date) -> str:
    """``referral-<service>-<YYYY-MM-DD>.pdf``: it names the service, never the patient."""
    slug = _SLUG_DROP.sub("-", service_name.lower()).strip("-")[:60].strip("-")
    return f"referral-{slug or 'service'}-{on.isoformat()}.pdf"


_REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference(on: date, *, token: str | None = None) -> str:
    """A letter reference like ``SPT-20261126-7KQ4``: no patient detail, quotable by phone.

    The referrer notes it in the clinical record so the service and practice can match the
    letter later without the patient's name.
    """
    if token is None:
        token = "".join(secrets.choice(_REFERENCE_LETTERS) for _ in range(4))
    return f"SPT-{on:%Y%m%d}-{token}"
