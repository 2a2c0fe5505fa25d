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
import re
from html import unescape
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


#: A tag as web editors write it: a name, double-quoted attributes, nothing that needs the
#: full tokeniser (no comments, no ``<!...>``, no unquoted or single-quoted values).
_SIMPLE_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]*)"
    r'((?:[ \t\n\r\f]+[A-Za-z_:][-A-Za-z0-9_:.]*(?:[ \t\n\r\f]*=[ \t\n\r\f]*"[^"<>]*")?)*)'
    r"[ \t\n\r\f]*(/?)>"
)


# What _Text adds for each tag (it is the reference; the tests compare the two).
_START = {**dict.fromkeys(_BLOCKS, "\n\n"), "br": "\n", "li": "\n- ", "td": " ", "th": " "}
_START_END = {**dict.fromkeys(_BLOCKS, "\n\n"), "br": "\n"}
_END = dict.fromkeys(_BLOCKS, "\n\n")


def _simple_parts(html: str) -> list[str] | None:
    """The parser's parts for an editor's plain markup, or None when it needs the parser.

    A 10,000-service feed has 20,000 such fragments; the full tokeniser spends most of an
    import on them. Only markup it would read the same way is taken this way: every ``<``
    starts one simple tag, and no hidden element (script, style ...) is present.
    """
    pieces = _SIMPLE_TAG.split(html)
    # split gives: data, (slash, name, attributes, self-closing), data, ...
    texts = pieces[::5]
    if "<" in "".join(texts):
        return None
    parts: list[str] = []
    append = parts.append
    first = texts[0]
    if first:
        append((unescape(first) if "&" in first else first).replace("\xa0", " "))
    for slash, name, attributes, self_closing, data in zip(
        pieces[1::5], pieces[2::5], pieces[3::5], pieces[4::5], texts[1:], strict=True
    ):
        name = name.lower()
        if name in _HIDDEN or (slash and (attributes or self_closing)):
            return None
        text = (_END if slash else _START_END if self_closing else _START).get(name)
        if text is not None:
            append(text)
        if data:
            append((unescape(data) if "&" in data else data).replace("\xa0", " "))
    return parts


def _parsed_parts(html: str) -> list[str]:
    """The parts as the standard library's tokeniser reads them (any markup at all)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.parts


def html_to_text(html: str, *, parser_only: bool = False) -> str:
    """Plain text from an HTML fragment: paragraphs and list items on their own lines.

    ``parser_only``: always use the full tokeniser (the tests compare the two ways).
    """
    parts = None if parser_only else _simple_parts(html)
    if parts is None:
        parts = _parsed_parts(html)
    text = "".join(parts)
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
