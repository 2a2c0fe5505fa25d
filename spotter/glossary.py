"""Words explained where they appear (MARAC, ISA, safeguarding lead...): each with its source.

The terms live in ``resources/guidance/guidance.json`` (``glossary``), beside the guidance
pages. They are shown as a Guidance page and as the tooltip of any text that uses them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spotter.guidance import GuidanceError, GuidancePage
from spotter.system.resources import resource_path

PAGE_ID = "glossary"
PAGE_TITLE = "Words used in Spotter"


@dataclass(frozen=True)
class Term:
    term: str  # as the glossary heads it, e.g. "ISA (Independent Stalking Advocate)"
    words: tuple[str, ...]  # how it appears in text; ALL-CAPS ones match case and all
    meaning: str
    source: str

    def pattern(self) -> re.Pattern[str]:
        """Whole words only; "MARAC" and "FOUR" in capitals only (never "four children")."""
        parts = [re.escape(w) if w.isupper() else f"(?i:{re.escape(w)})" for w in self.words]
        return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    path = path or resource_path("guidance", "guidance.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GuidanceError(f"{path.name}: cannot be read ({exc})") from None
    terms = []
    for i, raw in enumerate(data.get("glossary") or [] if isinstance(data, dict) else []):
        try:
            term = Term(
                term=str(raw["term"]).strip(),
                words=tuple(str(w).strip() for w in raw["words"] if str(w).strip()),
                meaning=str(raw["meaning"]).strip(),
                source=str(raw["source"]).strip(),
            )
        except (KeyError, TypeError) as exc:
            raise GuidanceError(f"{path.name}: glossary[{i}]: missing or bad field {exc}") from None
        for field in ("term", "words", "meaning", "source"):
            if not getattr(term, field):
                raise GuidanceError(f"{path.name}: glossary[{i}].{field}: must not be empty")
        terms.append(term)
    return tuple(terms)


@cache
def bundled_glossary() -> tuple[Term, ...]:
    return load_glossary()


def terms_in(text: str, terms: tuple[Term, ...] | None = None) -> list[Term]:
    """The glossary terms ``text`` uses, in glossary order."""
    chosen = bundled_glossary() if terms is None else terms
    return [t for t in chosen if t.pattern().search(text)]


def explanation(text: str, terms: tuple[Term, ...] | None = None) -> str:
    """What the terms in ``text`` mean, one per line (empty when it uses none)."""
    return "\n".join(f"{t.term}: {t.meaning}" for t in terms_in(text, terms))


def glossary_page(terms: tuple[Term, ...] | None = None) -> GuidancePage:
    """The glossary as a Guidance page, every term's source listed."""
    chosen = bundled_glossary() if terms is None else terms
    body = "\n\n".join(f"**{t.term}**: {t.meaning}" for t in chosen)
    sources = tuple(dict.fromkeys(f"{t.term}: {t.source}" for t in chosen))
    return GuidancePage(PAGE_ID, PAGE_TITLE, body, sources)
