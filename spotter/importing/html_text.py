"""HTML in a feed's descriptions, made plain text for the directory.

Council and ORUK feeds often hold a service's description as HTML from a web editor
(``<p>``, ``<ul><li>``, ``&amp;``, sometimes a pasted ``<img src="data:...;base64,...">``).
Spotter shows and prints plain text, so the markup is parsed - with the standard library's
:class:`html.parser.HTMLParser`, a tolerant tokeniser maintained with Python itself that reads
no URLs and opens nothing - and only the text is kept: paragraphs, headings, list items and
``<br>`` become line breaks, list items start with "- ", entities are decoded, and the
content of ``<script>``, ``<style>`` and every attribute (so images and their data) is dropped.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "table",
        "tr",
        "blockquote",
        "pre",
        "address",
        "dl",
        "dt",
        "dd",
        "hr",
    }
)
_HIDDEN = frozenset({"script", "style", "head", "title", "template", "noscript"})
#: Tags that make text HTML rather than prose with a stray "<" (e.g. "<5 years").
_MARKERS = (
    "<p",
    "<br",
    "<div",
    "<li",
    "<ul",
    "<ol",
    "<h",
    "<a ",
    "<strong",
    "<em",
    "<span",
    "<b>",
    "<i>",
    "<img",
    "<table",
    "<font",
    "<u>",
    "&nbsp;",
    "&amp;",
    "</",
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def _newline(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self._newline()
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._newline()
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(" ".join(data.replace("\xa0", " ").split(" ")))


def looks_like_html(text: str) -> bool:
    """True when ``text`` has markup or entities worth converting."""
    if "<" not in text and "&" not in text:
        return False
    lowered = text.lower()
    return any(marker in lowered for marker in _MARKERS) or (
        "&" in text and ";" in text and "&#" in text
    )


def _parsed_parts(html: str) -> list[str]:
    """The parts as the standard library's tokeniser reads them (any markup at all)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.parts


def html_to_text(html: str) -> str:
    """Plain text from an HTML fragment: paragraphs and list items on their own lines.

    Always through the standard library's tokeniser: markup is never taken apart with
    regular expressions of Spotter's own, however plain it looks.
    """
    text = "".join(_parsed_parts(html))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


#: Fragments up to this long are remembered once converted (a feed repeats its boilerplate:
#: the same "how to apply" paragraph on every service); at most 1,024 of them, so a few MB.
_REMEMBERED_CHARS = 4096


@functools.lru_cache(maxsize=1024)
def _remembered(html: str) -> str:
    return html_to_text(html)


def html_to_text_repeated(html: str) -> str:
    """:func:`html_to_text`, each distinct short fragment converted once."""
    return _remembered(html) if len(html) <= _REMEMBERED_CHARS else html_to_text(html)
