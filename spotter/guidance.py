"""Short, sourced guidance pages shipped in ``resources/guidance/guidance.json``.

Each page is Markdown with a list of sources; :func:`page_markdown` appends the sources so no
page is ever shown without them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spotter.system.resources import resource_path

FORMAT = "spotter-guidance/1"
NO_CONTACT = "not set yet: ask your practice manager (Settings)"


class GuidanceError(ValueError):
    """The guidance file is unreadable or invalid."""


@dataclass(frozen=True)
class GuidancePage:
    id: str
    title: str
    body: str
    sources: tuple[str, ...]


def load_guidance(path: Path | None = None) -> tuple[GuidancePage, ...]:
    path = path or resource_path("guidance", "guidance.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GuidanceError(f"{path.name}: cannot be read ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GuidanceError(f"{path.name}: format must be {FORMAT!r}")
    pages = []
    for i, raw in enumerate(data.get("pages") or []):
        try:
            body = raw["body"]
            page = GuidancePage(
                id=str(raw["id"]),
                title=str(raw["title"]),
                body="\n".join(body) if isinstance(body, list) else str(body),
                sources=tuple(str(s) for s in raw["sources"]),
            )
        except (KeyError, TypeError) as exc:
            raise GuidanceError(f"{path.name}: pages[{i}]: missing or bad field {exc}") from None
        if not page.sources:
            raise GuidanceError(f"{path.name}: pages[{i}].sources: every page needs a source")
        pages.append(page)
    if not pages:
        raise GuidanceError(f"{path.name}: no pages")
    return tuple(pages)


_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~&\"'=:")


def markdown_text(text: str) -> str:
    """``text`` (typed by a user or taken from a file) escaped so Markdown shows it literally:
    no emphasis, links, images or raw HTML such as ``<span style="font-size:26pt">``."""
    lines = (
        "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in line)
        for line in text.splitlines()
    )
    return "  \n".join(lines)  # a line break, not a new paragraph or list


def page_markdown(page: GuidancePage, staff_support_contact: str | None = None) -> str:
    """The page as Markdown, with the practice's staff-support contact and the sources."""
    contact = markdown_text(staff_support_contact) if staff_support_contact else NO_CONTACT
    body = page.body.replace("{staff_support_contact}", contact)
    sources = "\n".join(f"- {s}" for s in page.sources)
    return f"# {page.title}\n\n{body}\n\n---\n\n**Sources**\n\n{sources}\n"
