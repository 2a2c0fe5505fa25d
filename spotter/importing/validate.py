"""Turn the records read from a file (:class:`Draft`) into checked :class:`Service` objects.

CSV and JSON readers both produce drafts (text values plus where each came from); every
check lives here once, and every problem is added to the report rather than raised, so a
person sees all of them at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

from spotter.directory import (
    HELPLINE_ID,
    HELPLINE_NUMBER,
    PHONE_TYPES,
    Organisation,
    Phone,
    Schedule,
    Scope,
    Service,
    Status,
    ascii_digits,
    is_retired_number,
    normalise_number,
)
from spotter.directory.fields import SCALAR_FIELDS, Kind, ServiceField
from spotter.importing.report import ValidationReport
from spotter.places.gazetteer import Gazetteer, UnknownAreaError

#: The id of the example row in the CSV template; importing it is refused.
TEMPLATE_EXAMPLE_ID = "example-delete-this-row"

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:~@+-]{0,199}$")
_EMAIL = re.compile(
    r"^[^@\s<>(),;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What UK Excel writes for a date on save (day first).
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
#: ``www.example.org.uk`` or ``example.org.uk/path``: a web address without its scheme.
_BARE_URL = re.compile(r"^(?!https?://)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]\S*)?$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_SLUG = re.compile(r"[^a-z0-9]+")
#: Control characters (C0 except tab and line breaks, DEL, C1 - which covers ESC and so ANSI
#: escape sequences - and NUL) and lone surrogates, which SQLite cannot store as UTF-8.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden_character(text: str) -> str | None:
    """A description of the first character no service text may hold, or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    ch = found.group()
    if ch == "\x00":
        return "a NUL character"
    if ch == "\x1b":
        return "an escape character (ESC, as in terminal colour codes)"
    if "\ud800" <= ch <= "\udfff":
        return f"a lone surrogate (U+{ord(ch):04X}), which is not valid text"
    return f"a control character (U+{ord(ch):04X})"


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:100]


@dataclass
class Draft:
    """One service as read from a file, before checking.

    ``refs`` maps a canonical field name to how the file names it (a CSV column, or a JSON
    key below the record's path); list items carry their own reference.
    """

    line: int | None
    path: str | None
    values: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    areas: list[tuple[str, str]] = field(default_factory=list)
    #: ``(number, type, description, ref)``, or with the line's languages (``;``-separated)
    #: before ``ref``.
    phones: list[tuple[str, ...]] = field(default_factory=list)
    #: ``(byday, opens, closes, description, valid_from, valid_to, ref)``, the dates as the
    #: file writes them, or "".
    schedules: list[tuple[str, ...]] = field(default_factory=list)
    absent: set[str] = field(default_factory=set)
    guaranteed: bool = False
    #: Taxonomy terms the file tags the service with (used by ``--select``).
    terms: list[str] = field(default_factory=list)
    #: Fields whose HTML was made plain text.
    html: list[str] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def ref(self, name: str) -> str:
        return self.refs.get(name, name)


@dataclass(frozen=True)
class Checked:
    """A service that passed every check, with the fields its file did not give."""

    service: Service
    absent: frozenset[str]
    line: int | None
    path: str | None


@dataclass
class Checker:
    """Checks drafts one by one, remembering ids and organisations across the file."""

    report: ValidationReport
    gazetteer: Gazetteer
    today: date
    protected_ids: frozenset[str] = frozenset({HELPLINE_ID})
    _ids: dict[str, str] = field(default_factory=dict)
    _orgs: dict[str, tuple[Organisation, str]] = field(default_factory=dict)
    _areas: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    derived_scope: list[str] = field(default_factory=list)
    #: Errors this checker has added (so a row's check need not recount the whole report).
    errors_added: int = 0

    @property
    def _protected_folded(self) -> dict[str, str]:
        return {p.casefold(): p for p in self.protected_ids}

    def finish(self) -> None:
        """Add the file-wide notes (one line each, however many rows they concern)."""
        if self.derived_scope:
            n = len(self.derived_scope)
            first = ", ".join(self.derived_scope[:3]) + (", ..." if n > 3 else "")
            self.report.warning(
                "scope",
                f"not given for {n} service{'s' if n != 1 else ''} ({first}): taken from the "
                "areas (UK, Great Britain or England and Wales: national; one nation: nation; "
                "otherwise local); an existing service keeps its scope",
            )

    # --- helpers ------------------------------------------------------------------------

    def _where(self, draft: Draft) -> str:
        if draft.line is not None:
            return f"line {draft.line}"
        return draft.path or "the file"

    def _err(self, draft: Draft, ref: str, message: str) -> None:
        self.errors_added += 1
        self.report.error(ref, message, line=draft.line, path=draft.path)

    def _warn(self, draft: Draft, ref: str, message: str) -> None:
        self.report.warning(ref, message, line=draft.line, path=draft.path)

    def area_level(self, name: str) -> tuple[str | None, str]:
        """(coverage level or None, error message) for one area name, cached."""
        cached = self._areas.get(name)
        if cached is None:
            try:
                cached = (self.gazetteer.resolve_coverage(name).level, "")
            except UnknownAreaError as exc:
                cached = (None, str(exc))
            self._areas[name] = cached
        return cached

    # --- the checks ---------------------------------------------------------------------

    def check(self, draft: Draft) -> Checked | None:
        errors_before = self.errors_added
        self._check_characters(draft)
        sid = draft.get("id")
        if not sid:
            self._err(draft, draft.ref("id"), "required: every service needs an id")
        elif sid == TEMPLATE_EXAMPLE_ID:
            self._warn(
                draft,
                draft.ref("id"),
                "the template's example row: ignored (nothing from it is imported)",
            )
            return None
        elif not _ID.match(sid):
            self._err(
                draft,
                draft.ref("id"),
                f"{sid!r} is not a usable id (letters, digits and . _ - : only, no spaces)",
            )
        elif sid.casefold() in self._ids:
            self._err(
                draft,
                draft.ref("id"),
                f"duplicate id {sid!r}: already used at {self._ids[sid.casefold()]}"
                " (ids are compared ignoring case)",
            )
        elif sid not in self.protected_ids and sid.casefold() in self._protected_folded:
            self._err(
                draft,
                draft.ref("id"),
                f"{sid!r} differs only in case from the protected service id "
                f"{self._protected_folded[sid.casefold()]!r}: use that id exactly",
            )
        else:
            self._ids[sid.casefold()] = self._where(draft)

        name = draft.get("name")
        if not name:
            self._err(draft, draft.ref("name"), "required: the service's name")

        organisation = self._organisation(draft)
        areas = self._check_areas(draft)
        scope = self._check_scope(draft, areas)
        status = self._check_status(draft)
        phones = self._check_phones(draft)
        schedules = self._check_schedules(draft)
        # Plain text fields need no check but their value; the others are checked in the
        # table's order, so their problems are reported in that order.
        given = draft.values
        values: dict[str, Any] = {name: given.get(name, "").strip() for name in _PLAIN_FIELDS}
        for spec in _KIND_CHECKED_FIELDS:
            values[spec.name] = self._check_value(draft, spec)
        min_age, max_age = values["minimum_age"], values["maximum_age"]
        if min_age is not None and max_age is not None and min_age > max_age:
            self._err(
                draft,
                draft.ref("maximum_age"),
                f"maximum age {max_age} is below the minimum age {min_age}",
            )
        source = draft.get("source")
        if not source:
            self._err(draft, draft.ref("source"), "required: where these details were taken from")

        guaranteed = sid in self.protected_ids
        if draft.guaranteed and not guaranteed:
            self._warn(
                draft,
                draft.ref("guaranteed"),
                "ignored: only the National Stalking Helpline is guaranteed in every result",
            )
        if guaranteed and status not in (None, Status.ACTIVE):
            self._err(
                draft,
                draft.ref("status"),
                f"{sid} must stay active: it is shown in every result and cannot be switched off",
            )
        if guaranteed and not phones and "phones" not in draft.absent:
            self._err(draft, draft.ref("phones"), f"{sid} needs its phone number")

        if self.errors_added > errors_before or organisation is None or scope is None:
            return None
        service = Service(
            id=sid,
            organisation=organisation,
            name=name,
            scope=scope,
            areas=tuple(areas),
            source=source,
            status=status or Status.ACTIVE,
            phones=tuple(phones),
            schedules=tuple(schedules),
            guaranteed=guaranteed,
            **values,
        )
        return Checked(service, frozenset(draft.absent), draft.line, draft.path)

    def _check_value(self, draft: Draft, spec: ServiceField) -> Any:
        """The checked value of one scalar field, by its kind (problems go to the report)."""
        kind = spec.kind
        if kind is Kind.EMAIL:
            return self._check_email(draft)
        if kind is Kind.URL:
            return self._check_url(draft)
        if kind is Kind.DATE:
            return self._check_date(draft, spec.name)
        if kind is Kind.AGE:
            return self._check_age(draft, spec.name)
        # Kind.NAMES, the last of _KINDS_CHECKED (other kinds are read as given, in check())
        return split_names(draft.get(spec.name))

    def _check_characters(self, draft: Draft) -> None:
        """Refuse control characters, escapes, NUL and lone surrogates, naming the field.

        One search over the whole record first: almost every record is clean.
        """
        texts = [*draft.values.values()]
        texts += [a for a, _ref in draft.areas]
        texts += [t for *items, _ref in draft.phones for t in items]
        texts += [t for *items, _ref in draft.schedules for t in items]
        if _FORBIDDEN.search("\n".join(texts)) is None:
            return
        fields = [(draft.ref(k), v) for k, v in draft.values.items()]
        fields += [(ref, a) for a, ref in draft.areas]
        fields += [(ref, t) for *items, ref in draft.phones for t in items]
        fields += [(ref, t) for *items, ref in draft.schedules for t in items]
        for ref, text in fields:
            what = forbidden_character(text)
            if what is not None:
                self._err(draft, ref, f"contains {what}: remove it and import again")

    def _organisation(self, draft: Draft) -> Organisation | None:
        org_name = draft.get("organisation")
        org_id = draft.get("organisation_id")
        if not org_name:
            self._err(draft, draft.ref("organisation"), "required: the organisation's name")
            return None
        if not org_id:
            org_id = slugify(org_name)
            if not org_id:
                self._err(draft, draft.ref("organisation_id"), "required")
                return None
        org = Organisation(
            id=org_id,
            name=org_name,
            description=draft.get("organisation_description"),
            email=draft.get("organisation_email"),
            website=draft.get("organisation_website"),
        )
        known = self._orgs.get(org_id)
        if known is None:
            self._orgs[org_id] = (org, self._where(draft))
            return org
        if known[0].name != org.name:
            self._err(
                draft,
                draft.ref("organisation"),
                f"organisation {org_id!r} is called {known[0].name!r} at {known[1]} "
                f"but {org.name!r} here",
            )
            return None
        return known[0]

    def _check_areas(self, draft: Draft) -> list[str]:
        areas: list[str] = []
        if not draft.areas:
            self._err(
                draft,
                draft.ref("areas"),
                "required: the areas the service covers (e.g. Kent; Medway, or United Kingdom)",
            )
        for value, ref in draft.areas:
            name = " ".join(value.split())
            if not name:
                self._err(draft, ref, "empty area name")
                continue
            level, message = self.area_level(name)
            if level is None:
                self._err(draft, ref, message)
            areas.append(name)
        return areas

    def _check_scope(self, draft: Draft, areas: list[str]) -> Scope | None:
        text = draft.get("scope").lower()
        if text:
            try:
                return Scope(text)
            except ValueError:
                self._err(
                    draft,
                    draft.ref("scope"),
                    f"{text!r} is not one of local, nation, national",
                )
                return None
        levels = {self.area_level(a)[0] for a in areas}
        if None in levels or not levels:
            return None
        if "multi_nation" in levels:
            scope = Scope.NATIONAL
        elif levels == {"nation"}:
            scope = Scope.NATION
        else:
            scope = Scope.LOCAL
        draft.absent.add("scope")
        self.derived_scope.append(self._where(draft))
        return scope

    def _check_status(self, draft: Draft) -> Status | None:
        text = " ".join(draft.get("status").lower().replace("_", " ").split())
        if not text:
            return Status.ACTIVE
        try:
            return Status(text)
        except ValueError:
            allowed = ", ".join(s.value for s in Status)
            self._err(draft, draft.ref("status"), f"{text!r} is not one of {allowed}")
            return None

    def _check_phones(self, draft: Draft) -> list[Phone]:
        phones: list[Phone] = []
        for number, ptype, description, *more, ref in draft.phones:
            languages = split_names(more[0]) if more else ()
            # Quotes around a number are a publisher's slip (the HSDS 3 example has them).
            number = " ".join(ascii_digits(number).strip().strip("\"'").split())
            ptype = ptype.strip().lower() or "voice"
            if not number:
                self._err(draft, ref, "empty phone number")
                continue
            number = self._repair_number(draft, ref, number)
            if ptype not in PHONE_TYPES:
                self._err(
                    draft,
                    ref,
                    f"{ptype!r} is not a phone type ({', '.join(sorted(PHONE_TYPES))})",
                )
                continue
            if is_retired_number(number):
                self._err(
                    draft,
                    ref,
                    f"{number} is a retired helpline number and must never be shown; "
                    "the National Stalking Helpline is 0808 802 0300",
                )
                continue
            if not valid_uk_number(number):
                self._err(draft, ref, f"{number!r} is not a valid UK phone number")
                continue
            phones.append(
                Phone(
                    number=number,
                    type=ptype,
                    description=description.strip(),
                    languages=languages,
                )
            )
        if draft.get("id") == HELPLINE_ID and draft.phones:
            voice = [normalise_number(p.number) for p in phones if p.type == "voice"]
            if normalise_number(HELPLINE_NUMBER) not in voice:
                self._err(
                    draft,
                    draft.ref("phones"),
                    f"the National Stalking Helpline's number is {HELPLINE_NUMBER}; "
                    "an import cannot change it",
                )
        return phones

    def _repair_number(self, draft: Draft, ref: str, number: str) -> str:
        """Put right what spreadsheets do to UK numbers, with a warning each time.

        ``+44 (0)20 7946 0000`` is written as the UK dials it, ``020 7946 0000``; a number
        Excel stored as a number (``2079460000``, its leading 0 lost) gets the 0 back when
        that makes a valid UK number - never stored without it.
        """
        if number.startswith("+44") and "(0)" in number:
            fixed = number.replace("(0)", " ")
            parsed = _national(fixed)
            if parsed is not None:
                return parsed
        digits = number.replace(" ", "")
        if digits.isdigit() and len(digits) in (9, 10) and not digits.startswith("0"):
            # _national gives only valid numbers, and with a leading 0 they are the UK's
            restored = _national("0" + digits)
            if restored is not None:
                self.report.warning(
                    ref,
                    f"{number} has lost its leading 0 (as Excel does to a number): read as "
                    f"{restored}",
                    line=draft.line,
                    path=draft.path,
                    kind="UK numbers that lost their leading 0 (restored)",
                )
                return restored
        return number

    def _check_schedules(self, draft: Draft) -> list[Schedule]:
        schedules: list[Schedule] = []
        for byday, opens, closes, description, starts, ends, ref in draft.schedules:
            days = [d.strip().upper() for d in byday.split(",") if d.strip()]
            bad = [d for d in days if d not in DAYS]
            if not days or bad:
                self._err(
                    draft,
                    ref,
                    f"days {byday!r} should be two-letter days MO TU WE TH FR SA SU",
                )
                continue
            if not _TIME.match(opens) or not (_TIME.match(closes) or closes == "24:00"):
                self._err(
                    draft, ref, f"times {opens}-{closes} should be 24-hour times like 09:30-16:00"
                )
                continue
            if closes <= opens:
                self._err(draft, ref, f"closes at {closes}, not after it opens at {opens}")
                continue
            valid_from, valid_to = (
                self._parse_day(draft, ref, text.strip()) if text.strip() else None
                for text in (starts, ends)
            )
            if valid_from and valid_to and valid_to < valid_from:
                self._err(
                    draft,
                    ref,
                    f"valid until {valid_to.isoformat()}, before it is valid from "
                    f"{valid_from.isoformat()}",
                )
                continue
            schedules.append(
                Schedule(",".join(days), opens, closes, description.strip(), valid_from, valid_to)
            )
        return schedules

    def _check_email(self, draft: Draft) -> str:
        email = draft.get("email")
        if email.endswith(".") and _EMAIL.match(email[:-1]):
            self._err(
                draft,
                draft.ref("email"),
                f"{email!r} for {draft.get('name') or draft.get('id') or 'this service'} ends "
                f"with a dot, so mail to it would not arrive: correct it to {email[:-1]!r}",
            )
        elif email and not _EMAIL.match(email):
            self._err(draft, draft.ref("email"), f"{email!r} is not an email address")
        return email

    def _check_url(self, draft: Draft) -> str:
        url = draft.get("url")
        if url and _BARE_URL.match(url):
            self.report.warning(
                draft.ref("url"),
                f"{url!r} has no https://: read as https://{url}",
                line=draft.line,
                path=draft.path,
                kind="web address without https:// (https:// added)",
            )
            url = f"https://{url}"
        if url:
            parts = urlsplit(url) if " " not in url else None
            if parts is None or parts.scheme not in ("http", "https") or "." not in parts.netloc:
                self._err(
                    draft,
                    draft.ref("url"),
                    f"{url!r} is not a web address starting https:// or http://",
                )
        return url

    def _check_date(self, draft: Draft, name: str) -> date | None:
        text = draft.get(name)
        if not text:
            return None
        value = self._parse_day(draft, draft.ref(name), text)
        if value is not None and value > self.today:
            self._err(draft, draft.ref(name), f"{text} is in the future")
            return None
        return value

    def _parse_day(self, draft: Draft, ref: str, text: str) -> date | None:
        """A date like 2026-01-31 (or 31/01/2026, read day first with a note); None with an
        error when it is not one."""
        try:
            uk = _UK_DATE.fullmatch(text)
            if uk:
                value = date(int(uk[3]), int(uk[2]), int(uk[1]))
                self.report.warning(
                    ref,
                    f"{text} read as day/month/year: {value.isoformat()}",
                    line=draft.line,
                    path=draft.path,
                    kind="dates written dd/mm/yyyy (as Excel saves them) read day first",
                )
            elif not _DATE.fullmatch(text):
                raise ValueError
            else:
                value = date.fromisoformat(text)
        except ValueError:
            self._err(draft, ref, f"{text!r} is not a date like 2026-01-31")
            return None
        return value

    def _check_age(self, draft: Draft, name: str) -> int | None:
        text = draft.get(name)
        if not text:
            return None
        if text == "-1":
            self.report.warning(
                draft.ref(name),
                f"{name.replace('_', ' ')} -1 read as no limit",
                line=draft.line,
                path=draft.path,
                kind="age -1 read as no limit",
            )
            return None
        if not text.isascii() or not text.isdigit() or int(text) > 130:
            self._err(draft, draft.ref(name), f"{text!r} is not an age in whole years")
            return None
        return int(text)


#: Fields :meth:`Checker.check` checks with their own messages (required, or needing the
#: areas); every other scalar field is checked by its kind.
_CHECKED_APART = frozenset({"id", "name", "source", "scope", "status"})
_KINDS_CHECKED = frozenset({Kind.EMAIL, Kind.URL, Kind.DATE, Kind.AGE, Kind.NAMES})
#: Fields whose value is their text as given.
_PLAIN_FIELDS = tuple(
    f.name for f in SCALAR_FIELDS if f.name not in _CHECKED_APART and f.kind not in _KINDS_CHECKED
)
#: Fields checked by their kind, in the fields table's order.
_KIND_CHECKED_FIELDS = tuple(
    f for f in SCALAR_FIELDS if f.name not in _CHECKED_APART and f.kind in _KINDS_CHECKED
)


def split_names(text: str) -> tuple[str, ...]:
    """``English; Polish`` (or a line each) -> ``("English", "Polish")``; repeats dropped."""
    names: list[str] = []
    for item in text.replace("\r", "\n").replace("\n", ";").split(";"):
        name = " ".join(item.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return tuple(names)


_UK_REGIONS = frozenset({"GB", "GG", "JE", "IM"})
#: A UK number in national form, spaces taken out: 0, then 9 or 10 more digits.
_NATIONAL_DIGITS = re.compile(r"0[1-9][0-9]{8,9}")


def _national(number: str) -> str | None:
    """``number`` as the UK writes it (``020 7946 0000``), or None if it is not a number."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))


def _desc_parts(desc: Any) -> tuple[tuple[int, ...], str] | None:
    """A phonenumbers number description's lengths and pattern (None: it matches nothing)."""
    if desc is None or not desc.national_number_pattern:
        return None
    return tuple(desc.possible_length or ()), str(desc.national_number_pattern)


def _gb_validator() -> Callable[[str], bool]:
    """``is_valid_number_for_region(+44 national, "GB")`` as one pattern a length.

    What phonenumbers decides: the number fits the UK's general description, then one of the
    types (premium rate ... fixed line, mobile) by its lengths and pattern. The type found does
    not matter here, only that there is one, so the types' patterns for each length are tried
    as one alternation. (A test compares it with phonenumbers on generated numbers.)
    """
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("GB")
    general = _desc_parts(metadata.general_desc) if metadata is not None else None
    if general is None:  # no metadata to go on: the parser decides
        return lambda national: False
    general_lengths, general_pattern = general
    general_re = re.compile(f"(?:{general_pattern})")
    names = "premium_rate toll_free shared_cost voip personal_number pager uan voicemail"
    names += " fixed_line mobile"
    types = [t for t in (_desc_parts(getattr(metadata, n)) for n in names.split()) if t is not None]

    def alternation(patterns: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    # a type with no lengths of its own takes any length the general description allows
    any_re = alternation([p for lengths, p in types if not lengths])
    by_length: dict[int, re.Pattern[str] | None] = {
        n: alternation([p for lengths, p in types if not lengths or n in lengths])
        for n in {n for lengths, _ in types for n in lengths}
    }

    def valid(national: str) -> bool:
        if general_lengths and len(national) not in general_lengths:
            return False
        if general_re.fullmatch(national) is None:
            return False
        pattern = by_length.get(len(national), any_re)
        return pattern is not None and pattern.fullmatch(national) is not None

    return valid


#: A UK number's national digits without the leading 0 (``2079460000``): valid for the UK.
gb_national_valid = _gb_validator()


@functools.lru_cache(maxsize=65_536)
def valid_uk_number(number: str) -> bool:
    """True for a dialable UK number: a full number or a short code like 116 123.

    Cached by the number's text: a services file repeats the same helplines many times and
    parsing a number is the slowest single check on a row.
    """
    digits = number.replace(" ", "")
    # "020 7946 0000" as phonenumbers.parse(number, "GB") reads it (the national prefix 0
    # taken off), without the parser and checked against the UK's patterns at once: most
    # numbers in a feed are written this way.
    if _NATIONAL_DIGITS.fullmatch(digits) and gb_national_valid(digits[1:]):
        return True
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return False
    # What phonenumbers.is_valid_number(parsed) and region_code_for_number(parsed) decide,
    # without matching the number against the same patterns two or three times: for +44 the
    # region tried first is GB, by the very test is_valid_number_for_region(parsed, "GB") makes.
    if phonenumbers.is_valid_number_for_region(parsed, "GB"):
        return True
    region = phonenumbers.region_code_for_number(parsed)
    if region is not None and phonenumbers.is_valid_number_for_region(parsed, region):
        return region in _UK_REGIONS
    if number.lstrip().startswith("+"):
        return False
    return bool(phonenumbers.is_valid_short_number_for_region(parsed, "GB"))


ProgressCallback = Callable[[int, int], None]
