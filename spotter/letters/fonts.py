"""Bundled fonts for letters, and safe conversion of user text into ReportLab markup.

Every piece of text a person typed goes through :func:`markup`: it is XML-escaped (so
``<font size=40>`` prints literally and is never interpreted), newlines become ``<br/>``, and
characters the main font (DejaVu Sans) lacks are put in runs set in the fallback font (Droid
Sans Fallback, for Chinese, Japanese and Korean). Characters no bundled font has are kept (so
they are still in the PDF's text) and print as an empty box, except invisible format
characters such as emoji joiners and variation selectors, which are dropped.
"""

from __future__ import annotations

import threading
import unicodedata
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from spotter.system.resources import resource_path

__all__ = [
    "BODY_BOLD",
    "BODY_FONT",
    "FALLBACK_FONT",
    "is_right_to_left",
    "markup",
    "plain",
    "register_fonts",
    "rtl_lines",
    "visual_order",
]

BODY_FONT = "SpotterSans"
BODY_BOLD = "SpotterSans-Bold"
FALLBACK_FONT = "SpotterFallback"

_FILES = {
    BODY_FONT: "DejaVuSans.ttf",
    BODY_BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK_FONT: "DroidSansFallback.ttf",
}

_lock = threading.Lock()
_registered = False
_body_chars: frozenset[int] = frozenset()
_fallback_chars: frozenset[int] = frozenset()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    ReportLab writes such a character as five hex digits (``<1F600>``), which PDF readers
    reject, so emoji and rare CJK characters could not be copied or searched.
    """

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{index:02X}> <{utf16(code)}>" for index, code in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def register_fonts() -> None:
    """Register the bundled fonts with ReportLab once per process (about 0.1 s)."""
    global _registered, _body_chars, _fallback_chars
    with _lock:
        if _registered:
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        loaded: dict[str, TTFont] = {}
        for name, filename in _FILES.items():
            font = TTFont(name, str(resource_path("fonts", filename)))
            pdfmetrics.registerFont(font)
            loaded[name] = font
        # <b> inside a paragraph picks the bold face; the fallback has one weight only.
        addMapping(BODY_FONT, 0, 0, BODY_FONT)
        addMapping(BODY_FONT, 0, 1, BODY_FONT)
        addMapping(BODY_FONT, 1, 0, BODY_BOLD)
        addMapping(BODY_FONT, 1, 1, BODY_BOLD)
        addMapping(BODY_BOLD, 0, 0, BODY_FONT)
        addMapping(BODY_BOLD, 1, 0, BODY_BOLD)
        addMapping(BODY_BOLD, 0, 1, BODY_FONT)
        addMapping(BODY_BOLD, 1, 1, BODY_BOLD)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FALLBACK_FONT, bold, italic, FALLBACK_FONT)
        _body_chars = frozenset(loaded[BODY_FONT].face.charToGlyph)
        _fallback_chars = frozenset(loaded[FALLBACK_FONT].face.charToGlyph) - _body_chars
        _registered = True


def plain(text: str) -> str:
    """Normalise user text: NFC, unify line endings, tabs to spaces, drop control characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", "    ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


_RTL_CLASSES = frozenset({"R", "AL"})
# Joined letter forms only: ligatures such as the one for "Allah" are not in DejaVu Sans.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"support_ligatures": False})


def _joined(line: str) -> str:
    """Arabic letters in their joined forms (other text unchanged), still in reading order."""
    if any(unicodedata.bidirectional(ch) == "AL" for ch in line):
        return str(_RESHAPER.reshape(line))
    return line


def visual_order(line: str) -> str:
    """Arabic and Hebrew made printable: letters joined and each line put in visual order.

    ReportLab draws characters left to right as stored, so a right-to-left name would print
    backwards with Arabic letters unjoined. Lines with no right-to-left character are returned
    unchanged. For a right-to-left paragraph that may wrap, use :func:`rtl_lines`, which breaks
    the lines before reordering them.
    """
    if not any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in line):
        return line
    return str(get_display(_joined(line)))


def is_right_to_left(text: str) -> bool:
    """True when the text's first strong character is Arabic or Hebrew (its base direction)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False


def rtl_lines(text: str, font_name: str, font_size: float, width: float) -> list[str]:
    """A right-to-left paragraph broken into lines that fit ``width``, each in visual order.

    The break is made in reading order first (so the first words are on the first line), and
    only then is each line reordered, right to left, for drawing.
    """
    out: list[str] = []
    for line in plain(text).split("\n"):
        for piece in simpleSplit(_joined(line), font_name, font_size, width) or [""]:
            out.append(str(get_display(piece, base_dir="R")))
    return out


def markup(text: str, *, reorder: bool = True) -> str:
    """Return ReportLab paragraph markup that prints ``text`` literally, in any script.

    ``reorder=False`` is for lines already put in visual order (see :func:`rtl_lines`).
    """
    register_fonts()
    out: list[str] = []
    run: list[str] = []
    run_fallback = False

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        out.append(f'<font name="{FALLBACK_FONT}">{chunk}</font>' if run_fallback else chunk)
        run.clear()

    lines = plain(text).split("\n")
    for ch in "\n".join(visual_order(line) if reorder else line for line in lines):
        if ch == "\n":
            flush()
            out.append("<br/>")
            continue
        code = ord(ch)
        if code in _body_chars:
            fallback = False
        elif code in _fallback_chars:
            fallback = True
        elif unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            continue  # invisible joiner / variation selector / mark no font has
        else:
            fallback = False  # prints as an empty box but stays in the text layer
        if fallback != run_fallback:
            flush()
            run_fallback = fallback
        run.append(ch)
    flush()
    return "".join(out)
