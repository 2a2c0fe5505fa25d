"""An editor's plain markup is read without the full tokeniser, to the very same text.

A council feed's 10,000 services carry 20,000 HTML fragments; most are ``<p>``, ``<ul><li>``,
``<strong>`` and entities. Those are read by a quick path; anything else (comments, scripts,
odd quoting, a stray ``<``) by :class:`html.parser.HTMLParser`. The two must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from spotter.importing.html_text import _simple_parts, html_to_text, html_to_text_repeated

PIECES = [
    "<p>",
    "</p>",
    "<P>",
    "<br>",
    "<br/>",
    "<br />",
    "<ul>",
    "</ul>",
    "<li>",
    "</li>",
    "<strong>",
    "</strong>",
    '<a href="https://example.org/x?a=1&amp;b=2">',
    "</a>",
    '<p class="intro" style="color: red">',
    '<img src="data:image/png;base64,AAAA"/>',
    "<td>",
    "<h2>",
    "</h2 >",
    "<script>",
    "alert('0800 000 0000')",
    "</script>",
    "<!-- note -->",
    "<p/>",
    "</p/>",
    "<a href='x'>",
    "<a href=x>",
    "<o:p>",
    "</o:p>",
    '<p\xa0class="x">',
    "< 5 years",
    "&amp;",
    "&nbsp;",
    "&rsquo;",
    "&#163;",
    "&amp",
    "&",
    "\xa0",
    "\n",
    " ",
    "Call us on 020 7946 0018",
    "Women’s Aid",
    "text",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_the_quick_path_reads_markup_as_the_parser_does(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert html_to_text(html) == html_to_text(html, parser_only=True)


def test_an_editors_markup_takes_the_quick_path_and_anything_else_does_not() -> None:
    assert _simple_parts("<p>One &amp; two</p><ul><li>a</li></ul>") is not None
    assert _simple_parts('<p class="x">Hi<br/>there</p>') is not None
    for html in ("<p>a<!-- b --></p>", "<script>x</script>", "a < b <p>", "<a href='x'>y</a>"):
        assert _simple_parts(html) is None, html


def test_the_published_examples_read_the_same_both_ways() -> None:
    folder = Path(__file__).parents[1] / "data" / "openreferral"
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in folder.glob("*.json"):
        walk(json.loads(path.read_text("utf-8")))
    assert texts
    for text in texts:
        assert html_to_text(text) == html_to_text(text, parser_only=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "text", "&amp;", " "]), max_size=12), st.integers(0, 3))
def test_a_fragment_converted_once_reads_the_same_every_time(
    pieces: list[str], repeat: int
) -> None:
    """A feed's repeated boilerplate is converted once and remembered: the same text."""
    html = "".join(pieces)
    for _ in range(repeat + 1):
        assert html_to_text_repeated(html) == html_to_text(html, parser_only=True)
    long = html + "<p>" + "x" * 5000 + "</p>"  # too long to remember: converted each time
    assert html_to_text_repeated(long) == html_to_text(long, parser_only=True)
