"""JSON services files: Spotter's own export and Open Referral UK / HSDS files as they come.

Accepted shapes:

* Spotter's export (``directory_to_json``): ``{"meta", "organizations", "services"}`` with
  ``organization_id`` on each service;
* an HSDS / ORUK object ``{"services": [...]}`` (``organizations`` optional) or an ORUK API
  page ``{"content": [...]}``;
* a top-level list of services.

A service's organisation is ``organization_id`` (looked up in ``organizations``) or a nested
``organization`` object. Areas come from ``service_areas`` items' ``name``, ``service_area``,
``extent`` or an ONS ``uri``; phones from ``phones`` and ``contacts[].phones``; opening times
from ``schedules`` or ``regular_schedules`` (``byday`` or ``weekday``, ``opens_at``,
``closes_at``); eligibility from ``eligibility_description`` or ``eligibilitys``. What a file
does not give is reported: a missing ``scope`` is worked out from the areas, a missing
``source`` becomes the file's name.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spotter.directory import PHONE_TYPES
from spotter.directory.fields import SCALAR_FIELDS, SERVICE_FIELDS, Kind
from spotter.importing.html_text import html_to_text_repeated, looks_like_html
from spotter.importing.report import ValidationReport
from spotter.importing.validate import DAYS, Draft

_WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
_PHONE_TYPES = {
    "landline": "voice",
    "mobile": "voice",
    "cell": "voice",
    "telephone": "voice",
    "phone": "voice",
    "tel": "voice",
    "sms": "text",
    "minicom": "textphone",
    "tty": "textphone",
}
_ONS_URI = re.compile(r"statistical-geography/([A-Z]\d{8})/?$")

#: Service keys per canonical field (the first one present wins), from the fields table.
_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    f.name: f.json_keys for f in SCALAR_FIELDS if f.json_keys and f.kind is not Kind.NAMES
}
#: Fields given as a list of names (strings, or objects with a name).
_NAME_FIELDS: dict[str, tuple[str, ...]] = {
    f.name: f.json_keys for f in SCALAR_FIELDS if f.kind is Kind.NAMES
}


_DATE_FIELDS = frozenset(f.name for f in SCALAR_FIELDS if f.kind is Kind.DATE)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_PROSE_FIELDS = frozenset(f.name for f in SCALAR_FIELDS if f.kind is Kind.PROSE)


def _terms(record: Mapping[str, Any]) -> list[str]:
    """Taxonomy terms a service is tagged with, as text (for choosing what to import)."""
    terms: list[str] = []
    items: list[Any] = []
    for key in ("taxonomy_terms", "service_taxonomys", "attributes"):
        value = record.get(key)
        if isinstance(value, list):
            items.extend(value)
    for item in items:
        if isinstance(item, str):
            terms.append(item)
        elif isinstance(item, dict):
            term = item.get("taxonomy_term", item)
            if isinstance(term, dict):
                for k in ("name", "term", "description"):
                    if isinstance(term.get(k), str) and term[k].strip():
                        terms.append(term[k].strip())
                        break
            elif isinstance(term, str):
                terms.append(term)
    return terms


def parse_json(text: str, report: ValidationReport) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        report.error(
            "file",
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            line=exc.lineno,
        )
    except (RecursionError, ValueError) as exc:
        report.error("file", f"not usable JSON ({type(exc).__name__}: {exc})"[:300])
    return None


def _scalar(value: Any, ref: str, where: str, report: ValidationReport) -> str | None:
    """Text for a JSON value (numbers become text for ids and ages), or None with an error."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    report.error(ref, f"expected text, got {_kind(value)}", path=where)
    return None


def _text_at(
    obj: Mapping[str, Any], key: str, ref: str, where: str, report: ValidationReport
) -> str | None:
    """:func:`_scalar` of ``obj[key]``, naming it ``ref.key`` only when it is not text (the
    usual case takes no formatting)."""
    value = obj.get(key)
    if value is None:
        return ""
    if type(value) is str:
        return value
    return _scalar(value, f"{ref}.{key}", where, report)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return type(value).__name__


def _objects(value: Any, ref: str, where: str, report: ValidationReport) -> list[tuple[int, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        report.error(ref, f"expected a list, got {_kind(value)}", path=where)
        return []
    return list(enumerate(value))


@dataclass(frozen=True)
class Page:
    """Where a paged list sits in its feed (``number`` counts from 1)."""

    number: int
    pages: int | None
    items: int
    total: int | None
    last: bool | None

    @property
    def partial(self) -> bool:
        """True when the file is not the whole feed."""
        if self.last is False:
            return True
        if self.pages is not None and self.pages > 1:
            return True
        return self.total is not None and self.items < self.total

    def describe(self) -> str:
        """``page 1 of 2: 400 of 751 services``."""
        of = f" of {self.pages}" if self.pages is not None else ""
        total = f"{self.items} of {self.total}" if self.total is not None else f"{self.items}"
        return f"page {self.number}{of}: {total} services"


@dataclass
class JsonRead:
    """What :func:`read_json_document` found: the drafts, and how the file was shaped."""

    drafts: list[Draft]
    spotter: bool = False
    shape: str = ""
    page: Page | None = None
    #: Keys the file has that Spotter does not keep, with how many services had each.
    not_kept: Counter[str] = field(default_factory=Counter)


SHAPES = {
    "spotter": "Spotter directory export",
    "services": "Open Referral object with a services list",
    "hsds3-page": "HSDS 3 / Open Referral UK 3 paged list (contents)",
    "oruk1-page": "Open Referral UK 1 paged list (content)",
    "single": "a single service (as GET /services/{id} gives it)",
    "list": "a list of services",
}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def read_json(data: Any, file_name: str, report: ValidationReport) -> tuple[list[Draft], bool]:
    """Drafts for every service in a parsed JSON document, and whether it is Spotter's own."""
    found = read_json_document(data, file_name, report)
    return found.drafts, found.spotter


def read_json_document(data: Any, file_name: str, report: ValidationReport) -> JsonRead:
    """Recognise the document's shape by its structure and read every service in it."""
    found = JsonRead(drafts=[])
    organisations: dict[str, Mapping[str, Any]] = {}
    if isinstance(data, list):
        records, base, found.shape = data, "$", SHAPES["list"]
    elif isinstance(data, dict):
        meta = data.get("meta")
        found.spotter = isinstance(meta, dict) and str(meta.get("format", "")).startswith(
            "spotter-directory"
        )
        if "contents" in data:
            key, found.shape = "contents", SHAPES["hsds3-page"]
            found.page = Page(
                number=_int(data.get("page_number")) or 1,
                pages=_int(data.get("total_pages")),
                items=len(data["contents"]) if isinstance(data["contents"], list) else 0,
                total=_int(data.get("total_items")),
                last=_bool(data.get("last_page")),
            )
        elif "content" in data:
            key, found.shape = "content", SHAPES["oruk1-page"]
            number = _int(data.get("number"))
            found.page = Page(
                number=(number + 1) if number is not None else 1,  # ORUK 1 counts from 0
                pages=_int(data.get("totalPages")),
                items=len(data["content"]) if isinstance(data["content"], list) else 0,
                total=_int(data.get("totalElements")),
                last=_bool(data.get("last")),
            )
        elif "services" in data:
            key = "services"
            found.shape = SHAPES["spotter" if found.spotter else "services"]
        elif "id" in data and "name" in data:
            key, found.shape = "", SHAPES["single"]
        else:
            report.error(
                "services",
                "not a services file: expected a list of services, an object with "
                '"services", "contents" (HSDS 3) or "content" (ORUK 1), or one service '
                'with "id" and "name"',
                path="$",
            )
            return found
        if key:
            records, base = data[key], key
        else:
            records, base = [data], "$"
        if not isinstance(records, list):
            report.error(key, f"expected a list, got {_kind(records)}", path="$")
            return found
        for i, org in _objects(data.get("organizations"), "organizations", "$", report):
            where = f"organizations[{i}]"
            if not isinstance(org, dict):
                report.error("", f"expected an object, got {_kind(org)}", path=where)
                continue
            org_id = _scalar(org.get("id"), "id", where, report)
            if org_id:
                if org_id in organisations:
                    report.error("id", f"duplicate organisation id {org_id!r}", path=where)
                organisations[org_id] = {**org, "_where": where}
    else:
        report.error("file", f"expected a list or an object, got {_kind(data)}", path="$")
        return found
    for i, record in enumerate(records):
        where = "$" if found.shape == SHAPES["single"] else f"{base}[{i}]"
        if not isinstance(record, dict):
            report.error("", f"expected a service object, got {_kind(record)}", path=where)
            continue
        if not found.spotter:
            _count_not_kept(record, found.not_kept)
        found.drafts.append(_draft(record, where, organisations, found.spotter, file_name, report))
    if not found.drafts and report.ok:
        report.error("services", "the file has no services", path=base or "$")
    return found


#: Service keys Spotter reads (everything else is listed as "not kept").
_READ_KEYS = frozenset(
    {k for f in SERVICE_FIELDS for k in f.json_keys}
    | {
        "organization_id",
        "organization",
        "service_areas",
        "phones",
        "contacts",
        "schedules",
        "regular_schedules",
        "eligibilitys",
        "guaranteed",
        "service_at_locations",
        "taxonomy_terms",
        "service_taxonomys",
        "attributes",
    }
)
#: Organisation keys Spotter reads.
_ORG_KEYS = frozenset({"id", "name", "description", "email", "website", "url"})
#: Keys read in the objects a service nests (a key read only when another is missing counts
#: as read: it is what Spotter would use).
_PHONE_KEYS = frozenset({"number", "type", "description", "extension", "languages"})
_LANGUAGE_KEYS = frozenset({"name", "language", "code"})
_CONTACT_KEYS = frozenset({"phones"})
_AT_LOCATION_KEYS = frozenset({"phones", "contacts", "location"})
_LOCATION_KEYS = frozenset({"phones"})
_SCHEDULE_KEYS = frozenset(
    {"byday", "weekday", "opens_at", "closes_at", "description", "valid_from", "valid_to"}
)
_AREA_KEYS = frozenset({"name", "service_area", "uri", "extent"})
_ELIGIBILITY_KEYS = frozenset({"eligibility", "minimum_age", "maximum_age"})
_TERM_KEYS = frozenset({"name", "term", "description"})
_TERM_ITEM_KEYS = frozenset({"taxonomy_term"})
_TERM_LISTS = ("taxonomy_terms", "service_taxonomys", "attributes")
#: Families of keys a publisher adds, named once rather than key by key.
_FAMILIES = {"pc_": "Placecube extensions"}


@functools.lru_cache(maxsize=4096)
def _not_kept_label(key: str, prefix: str = "") -> str:
    """``pc_*`` for a Placecube key, else the key, after its path (worked out once per key,
    not per service)."""
    family = next((p for p in _FAMILIES if key.startswith(p)), None)
    return prefix + (f"{family}*" if family else key)


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not value:
        return []
    return [v for v in value if isinstance(v, dict)]


#: The ids of nested objects (phones, contacts, schedules, …): one entry for them all.
NESTED_IDS = "*.id"


def _unread_labels(obj: Mapping[str, Any], read: frozenset[str], prefix: str) -> tuple[str, ...]:
    """The labels of ``obj``'s keys not in ``read`` (the reference for :func:`_unread`)."""
    return tuple(
        sorted({NESTED_IDS if k == "id" else _not_kept_label(k, prefix) for k in obj.keys() - read})
    )


#: Labels by (keys read, path, the object's keys in order): a feed's phones, schedules and
#: locations have a handful of shapes between them, so each is worked out once.
_UNREAD: dict[tuple[frozenset[str], str, tuple[str, ...]], tuple[str, ...]] = {}
_UNREAD_MAX = 4096


def _unread(obj: Mapping[str, Any], read: frozenset[str], prefix: str, seen: set[str]) -> None:
    shape = (read, prefix, tuple(obj))
    labels = _UNREAD.get(shape)
    if labels is None:
        labels = _unread_labels(obj, read, prefix)
        if len(_UNREAD) < _UNREAD_MAX:
            _UNREAD[shape] = labels
    if labels:
        seen.update(labels)


def _unread_phones(phones: Any, seen: set[str]) -> None:
    for phone in _dicts(phones):
        _unread(phone, _PHONE_KEYS, "phones[].", seen)
        for language in _dicts(phone.get("languages")):
            _unread(language, _LANGUAGE_KEYS, "phones[].languages[].", seen)


def _unread_contacts(contacts: Any, seen: set[str]) -> None:
    for contact in _dicts(contacts):
        _unread(contact, _CONTACT_KEYS, "contacts[].", seen)
        _unread_phones(contact.get("phones"), seen)


#: The service's own unread keys' labels by its keys in order (a feed's services share a few
#: shapes): a family's label once for each of its keys.
_TOP: dict[tuple[str, ...], tuple[str, ...]] = {}


def _top_labels(record: Mapping[str, Any]) -> tuple[str, ...]:
    """Labels of the service's own unread keys (a family, ``pc_*``, once per key)."""
    return tuple(sorted(_not_kept_label(key) for key in record.keys() - _READ_KEYS))


def _count_not_kept(record: Mapping[str, Any], counts: Counter[str]) -> None:
    """Count every key the service has that Spotter does not read: its own, and once per
    service its organisation's and those of the objects it nests, each with a short path
    (``location.accessibility``, ``phones[].id``). A key not read at all is listed whole,
    not the keys inside it."""
    shape = tuple(record)
    top = _TOP.get(shape)
    if top is None:
        top = _top_labels(record)
        if len(_TOP) < _UNREAD_MAX:
            _TOP[shape] = top
    if top:
        counts.update(top)
    seen: set[str] = set()
    org = record.get("organization")
    if isinstance(org, dict):
        _unread(org, _ORG_KEYS, "organization.", seen)
    if "phones" in record:
        _unread_phones(record["phones"], seen)
    if "contacts" in record:
        _unread_contacts(record["contacts"], seen)
    for at_location in _dicts(record.get("service_at_locations")):
        _unread(at_location, _AT_LOCATION_KEYS, "service_at_locations[].", seen)
        _unread_phones(at_location.get("phones"), seen)
        _unread_contacts(at_location.get("contacts"), seen)
        location = at_location.get("location")
        if isinstance(location, dict):
            _unread(location, _LOCATION_KEYS, "location.", seen)
            _unread_phones(location.get("phones"), seen)
    for area in _dicts(record.get("service_areas")):
        _unread(area, _AREA_KEYS, "service_areas[].", seen)
    key = "schedules" if "schedules" in record else "regular_schedules"
    if key == "schedules" and "regular_schedules" in record:
        seen.add("regular_schedules")  # the schedules are read, these are not
    for schedule in _dicts(record.get(key)):
        _unread(schedule, _SCHEDULE_KEYS, _LIST_PATHS[key], seen)
        if "byday" in schedule and "weekday" in schedule:
            seen.add(f"{key}[].weekday")
    for keys in _NAME_FIELDS.values():
        for name_key in keys:
            if name_key in record:
                for item in _dicts(record[name_key]):
                    _unread(item, _LANGUAGE_KEYS, f"{name_key}[].", seen)
                break
    key = "eligibilitys"
    if record.get(key) is None and isinstance(record.get("eligibility"), list):
        key = "eligibility"
    for item in _dicts(record.get(key)):
        _unread(item, _ELIGIBILITY_KEYS, _LIST_PATHS[key], seen)
    for key in _TERM_LISTS:
        for item in _dicts(record.get(key)):
            if "taxonomy_term" in item:
                _unread(item, _TERM_ITEM_KEYS, _LIST_PATHS[key], seen)
                term = item["taxonomy_term"]
                if isinstance(term, dict):
                    _unread(term, _TERM_KEYS, "taxonomy_term.", seen)
            else:
                _unread(item, _TERM_KEYS, _LIST_PATHS[key], seen)
    counts.update(seen)


_LIST_PATHS = {
    k: f"{k}[]."
    for k in ("schedules", "regular_schedules", "eligibilitys", "eligibility", *_TERM_LISTS)
}


def not_kept_text(counts: Counter[str]) -> str:
    """``not kept: `pc_*` (Placecube extensions) ×3, `funding` ×751,
    `schedules[].{freq, notes}` ×2``: the service's own keys first, then the nested ones,
    those of one object with the same count named together so the line stays short."""
    groups: dict[tuple[str, int], list[str]] = {}
    for key, n in counts.items():
        parent, _, leaf = key.rpartition(".") if "." in key else ("", "", key)
        groups.setdefault((parent, n), []).append(leaf)
    items = []
    for (parent, n), leaves in sorted(
        groups.items(), key=lambda g: (bool(g[0][0]), -g[0][1], g[0][0], min(g[1]))
    ):
        leaves.sort()
        if not parent:
            for leaf in leaves:
                label = f"`{leaf}`"
                family = _FAMILIES.get(leaf.rstrip("*"))
                if family:
                    label += f" ({family})"
                items.append((n, label))
        elif parent == "*":
            items.append((n, f"`{parent}.id` (nested objects' ids)"))
        elif len(leaves) == 1:
            items.append((n, f"`{parent}.{leaves[0]}`"))
        else:
            items.append((n, f"`{parent}.{{{', '.join(leaves)}}}`"))
    return "not kept: " + ", ".join(f"{label} ×{n}" for n, label in items)


def _draft(
    record: Mapping[str, Any],
    where: str,
    organisations: Mapping[str, Mapping[str, Any]],
    spotter: bool,
    file_name: str,
    report: ValidationReport,
) -> Draft:
    draft = Draft(line=None, path=where)
    for name, keys in _TEXT_FIELDS.items():
        key = keys[0] if keys[0] in record else next((k for k in keys if k in record), None)
        if key is None:
            draft.absent.add(name)
            draft.refs[name] = keys[0]
            continue
        draft.refs[name] = key
        value = record[key]
        if name == "eligibility" and isinstance(value, list):
            continue
        text = value if type(value) is str else _scalar(value, key, where, report)
        if text is None:
            continue
        if name in _DATE_FIELDS and _DATE_TIME.match(text):
            text = text[:10]  # 2023-03-15T10:30:45.123Z: the date is what Spotter keeps
        elif name in _PROSE_FIELDS and looks_like_html(text):
            text = html_to_text_repeated(text)
            draft.html.append(name)
        draft.values[name] = text
    for name, keys in _NAME_FIELDS.items():
        key = next((k for k in keys if k in record), None)
        draft.refs[name] = key or keys[0]
        if key is None:
            draft.absent.add(name)
            continue
        names = _names(record[key], key, where, report)
        if names is not None:
            draft.values[name] = names
    _eligibilitys(record, draft, where, report)
    _organisation(record, draft, where, organisations, report)

    guaranteed = record.get("guaranteed", False)
    draft.refs["guaranteed"] = "guaranteed"
    if isinstance(guaranteed, bool):
        draft.guaranteed = guaranteed
    elif guaranteed is not None:
        report.error("guaranteed", "expected true or false", path=where)

    draft.refs["areas"] = "service_areas"
    for i, area in _objects(record.get("service_areas"), "service_areas", where, report):
        ref = f"service_areas[{i}]"
        area_name = _area_name(area, ref, where, report)
        if area_name is not None:
            draft.areas.append((area_name, ref))

    draft.refs["phones"] = "phones"
    phone_lists: list[tuple[str, Any]] = [("phones", record.get("phones"))]
    for c, contact in _objects(record.get("contacts"), "contacts", where, report):
        if isinstance(contact, dict):
            phone_lists.append((f"contacts[{c}].phones", contact.get("phones")))
    for s, sal in _objects(
        record.get("service_at_locations"), "service_at_locations", where, report
    ):
        if not isinstance(sal, dict):
            continue
        prefix = f"service_at_locations[{s}]"
        phone_lists.append((f"{prefix}.phones", sal.get("phones")))
        for c, contact in enumerate(sal.get("contacts") or []):
            if isinstance(contact, dict):
                phone_lists.append((f"{prefix}.contacts[{c}].phones", contact.get("phones")))
        location = sal.get("location")
        if isinstance(location, dict):
            phone_lists.append((f"{prefix}.location.phones", location.get("phones")))
    if not any(isinstance(p, list) and p for _, p in phone_lists) and "phones" not in record:
        draft.absent.add("phones")
    seen_numbers: set[str] = set()
    for prefix, phones in phone_lists:
        for i, phone in _objects(phones, prefix, where, report):
            ref = f"{prefix}[{i}]"
            if isinstance(phone, str):
                phone = {"number": phone}
            if not isinstance(phone, dict):
                report.error(ref, f"expected a phone object, got {_kind(phone)}", path=where)
                continue
            number = _text_at(phone, "number", ref, where, report)
            ptype = _text_at(phone, "type", ref, where, report)
            desc = _text_at(phone, "description", ref, where, report)
            ext = _text_at(phone, "extension", ref, where, report)
            languages = phone.get("languages")
            if languages is None:
                languages = ""
            elif type(languages) is not str:
                languages = _names(languages, f"{ref}.languages", where, report)
            if number is None or ptype is None or desc is None or ext is None or languages is None:
                continue
            key = "".join(filter(str.isdigit, number)) + "x" + ext.strip()
            if key in seen_numbers:  # the same number given on the location and the contact
                continue
            seen_numbers.add(key)
            if ext.strip():
                desc = f"ext {ext.strip()}" + (f" – {desc.strip()}" if desc.strip() else "")
            ptype = _PHONE_TYPES.get(ptype.strip().lower(), ptype)
            if ptype.strip() and ptype.strip().lower() not in PHONE_TYPES:
                report.warning(
                    f"{ref}.type",
                    f"phone type {ptype!r} is not an Open Referral type: read as a voice line",
                    path=where,
                )
                ptype = "voice"
            draft.phones.append((number, ptype, desc, languages, f"{ref}.number"))

    draft.terms = _terms(record)
    draft.refs["schedules"] = "schedules"
    key = "schedules" if "schedules" in record else "regular_schedules"
    if key not in record:
        draft.absent.add("schedules")
    for i, sched in _objects(record.get(key), key, where, report):
        ref = f"{key}[{i}]"
        if not isinstance(sched, dict):
            report.error(ref, f"expected a schedule object, got {_kind(sched)}", path=where)
            continue
        parts = [
            _text_at(sched, k, ref, where, report)
            for k in ("byday" if "byday" in sched else "weekday", "opens_at", "closes_at")
        ]
        desc = _text_at(sched, "description", ref, where, report)
        valid = [_text_at(sched, k, ref, where, report) for k in ("valid_from", "valid_to")]
        if None in parts or desc is None or None in valid:
            continue
        valid_from, valid_to = (
            v[:10] if v and _DATE_TIME.match(v) else (v or "").strip() for v in valid
        )
        byday, opens, closes = (p or "" for p in parts)
        if not opens and not closes:  # ORUK lists closed days with null times
            report.warning(ref, "no opening times: read as closed that day", path=where)
            continue
        byday = ",".join(_WEEKDAYS.get(d.strip().lower(), d.strip()) for d in byday.split(","))
        draft.schedules.append((byday, opens[:5], closes[:5], desc, valid_from, valid_to, ref))

    if not spotter and "source" in draft.absent:
        draft.values["source"] = f"{file_name} (Open Referral UK file)"
    return draft


def _eligibilitys(
    record: Mapping[str, Any], draft: Draft, where: str, report: ValidationReport
) -> None:
    items = record.get("eligibilitys")
    if items is None and isinstance(record.get("eligibility"), list):
        items = record.get("eligibility")
    if items is None:
        return
    texts: list[str] = []
    for i, item in _objects(items, "eligibilitys", where, report):
        if isinstance(item, str):
            texts.append(item)
            continue
        if not isinstance(item, dict):
            report.error(f"eligibilitys[{i}]", "expected an object", path=where)
            continue
        text = _scalar(item.get("eligibility"), f"eligibilitys[{i}].eligibility", where, report)
        if text:
            texts.append(text)
        for age in ("minimum_age", "maximum_age"):
            if age in item and age in draft.absent:
                value = _scalar(item[age], f"eligibilitys[{i}].{age}", where, report)
                if value is not None:
                    draft.values[age] = value
                    draft.refs[age] = f"eligibilitys[{i}].{age}"
                    draft.absent.discard(age)
    if texts and not draft.get("eligibility"):
        draft.values["eligibility"] = "; ".join(texts)
        draft.absent.discard("eligibility")


def _organisation(
    record: Mapping[str, Any],
    draft: Draft,
    where: str,
    organisations: Mapping[str, Mapping[str, Any]],
    report: ValidationReport,
) -> None:
    org: Mapping[str, Any] | None = None
    prefix = "organization"
    if "organization_id" in record:
        org_id = _scalar(record["organization_id"], "organization_id", where, report)
        found = organisations.get(org_id or "")
        if found is None and isinstance(record.get("organization"), dict):
            org = record["organization"]
        elif found is None:
            report.error(
                "organization_id", f"no organisation with id {org_id!r} in the file", path=where
            )
            draft.values["organisation"] = "?"
            return
        else:
            org, prefix = found, str(found["_where"])
    elif isinstance(record.get("organization"), dict):
        org = record["organization"]
    else:
        report.error("organization", "required: the organisation that runs the service", path=where)
        draft.values["organisation"] = "?"
        return
    assert org is not None
    ref_base = prefix if prefix.startswith("organizations[") else "organization"
    for field_name, keys in (
        ("organisation_id", ("id",)),
        ("organisation", ("name",)),
        ("organisation_description", ("description",)),
        ("organisation_email", ("email",)),
        ("organisation_website", ("website", "url")),
    ):
        key = next((k for k in keys if k in org), keys[0])
        if key not in org:
            draft.absent.add(field_name)
        ref = f"{ref_base}.{key}"
        draft.refs[field_name] = ref
        text = _scalar(org.get(key), ref, where, report)
        if text is not None:
            draft.values[field_name] = text


def _names(value: Any, ref: str, where: str, report: ValidationReport) -> str | None:
    """A list of names as ``;``-separated text: items are strings or objects with a ``name``
    (HSDS 3 languages), ``language`` (Open Referral UK 1) or ``code``; None with an error."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        report.error(ref, f"expected a list of names, got {_kind(value)}", path=where)
        return None
    names: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            item = next(
                (item[k] for k in ("name", "language", "code") if isinstance(item.get(k), str)),
                None,
            )
            if item is None:
                report.warning(f"{ref}[{i}]", "no name or code: left out", path=where)
                continue
        if not isinstance(item, str):
            report.error(f"{ref}[{i}]", "expected a name", path=where)
            return None
        names.append(item.replace(";", ","))
    return "; ".join(names)


def _area_name(area: Any, ref: str, where: str, report: ValidationReport) -> str | None:
    if isinstance(area, str):
        return area
    if not isinstance(area, dict):
        report.error(ref, f"expected an area object, got {_kind(area)}", path=where)
        return None
    for key in ("name", "service_area"):
        value = area.get(key)
        if isinstance(value, str) and value.strip():
            return value
    uri = area.get("uri")
    if isinstance(uri, str):
        match = _ONS_URI.search(uri.strip())
        if match:
            return match.group(1)
    extent = area.get("extent")
    if isinstance(extent, str) and extent.strip() and extent.strip()[0] not in "{[":
        return extent
    report.error(
        ref,
        'no area name: give "name" (e.g. Kent) or an ONS code; map shapes are not read',
        path=where,
    )
    return None


__all__ = ["DAYS", "parse_json", "read_json"]
