"""Choosing what to import from a council feed, and giving it coverage when the feed has none.

A council publishes every service it knows (youth clubs, libraries, ...). ``--select`` keeps
the services tagged with, or named or described by, one of a few terms, and says why each
was kept. A feed's list endpoint often carries no ``service_areas``: ``--area`` gives the
file's default coverage (usually the publishing council); a service with no area and no
default is kept out, with one summarised warning, never imported as covering nowhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spotter.importing.report import ValidationReport
from spotter.importing.validate import Draft

#: What ``--select`` with no terms looks for. Plain words, matched in taxonomy terms, the
#: name and the description: the LGA/esd service-type codes for these are not bundled (no
#: sourced list of them is in resources/), so codes are not matched on their own.
DEFAULT_TERMS = ("stalking", "harassment", "domestic abuse", "victim support")


@dataclass(frozen=True)
class Selection:
    """What ``--select`` kept: how many of how many, and why."""

    terms: tuple[str, ...]
    total: int
    selected: int
    #: Service id -> why it was kept ("taxonomy term 'Domestic abuse'").
    reasons: dict[str, str] = field(default_factory=dict)
    #: The services left out, as (id, name), in file order: the preview lists them.
    not_selected: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """``selected 14 of 819, because: 9 by taxonomy term 'Domestic abuse', ...``."""
        counts = Counter(self.reasons.values())
        why = ", ".join(f"{n} by {reason}" for reason, n in counts.most_common(6))
        more = len(counts) - 6
        if more > 0:
            why += f" and {more} other reasons"
        terms = ", ".join(self.terms)
        return (
            f"selected {self.selected} of {self.total}, because: {why or 'none matched'} "
            f"(terms: {terms})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "terms": list(self.terms),
            "total": self.total,
            "selected": self.selected,
            "reasons": dict(self.reasons),
        }


def _reason(draft: Draft, terms: Sequence[str]) -> str | None:
    for term in terms:
        for tag in draft.terms:
            if term in tag.casefold():
                return f"taxonomy term {tag!r}"
    for term in terms:
        if term in draft.get("name").casefold():
            return f"name mentions {term!r}"
    for term in terms:
        for name in ("description", "eligibility"):
            if term in draft.get(name).casefold():
                return f"{name} mentions {term!r}"
    return None


def select(drafts: list[Draft], terms: Sequence[str]) -> tuple[list[Draft], Selection]:
    """The drafts matching one of ``terms`` (all of them when ``terms`` is empty)."""
    folded = tuple(t.casefold().strip() for t in (terms or DEFAULT_TERMS) if t.strip())
    kept: list[Draft] = []
    reasons: dict[str, str] = {}
    left: list[tuple[str, str]] = []
    for draft in drafts:
        why = _reason(draft, folded)
        key = draft.get("id") or draft.path or str(draft.line)
        if why is not None:
            kept.append(draft)
            reasons[key] = why
        else:
            left.append((key, draft.get("name")))
    selection = Selection(
        tuple(terms or DEFAULT_TERMS), len(drafts), len(kept), reasons, tuple(left)
    )
    return kept, selection


def default_areas(
    drafts: list[Draft], area: str | None, report: ValidationReport, *, keep_out: bool
) -> list[Draft]:
    """Give ``area`` to the drafts without areas; without it, keep them out if ``keep_out``.

    ``keep_out`` is for feeds (a missing area there is the feed's shape, not a typing slip);
    in Spotter's own files and the CSV template a missing area stays an error on its row.
    """
    without = [d for d in drafts if not d.areas]
    if not without:
        return drafts
    places = [_place(d) for d in without]
    example = ", ".join(f"`{p}`" for p in places[:3]) + ("…" if len(places) > 3 else "")
    if area and area.strip():
        for draft in without:
            draft.areas = [(area.strip(), "--area")]
        report.warning(
            "service_areas",
            f"no service_areas: {len(without)} service{_s(without)} given the file's default "
            f"area {area.strip()!r} (e.g. {example})",
        )
        return drafts
    if not keep_out:
        return drafts
    report.warning(
        "service_areas",
        f"no service_areas: {len(without)} service{_s(without)} kept out, e.g. {example}. "
        "Give the area the file covers (--area NAME, e.g. the council that publishes it) "
        "to import them",
    )
    missing = {id(d) for d in without}
    return [d for d in drafts if id(d) not in missing]


def _place(draft: Draft) -> str:
    return f"line {draft.line}" if draft.line is not None else (draft.path or "?")


def _s(items: Sequence[object]) -> str:
    return "" if len(items) == 1 else "s"
