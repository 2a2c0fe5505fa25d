"""A feed's repeated HTML boilerplate is converted once and remembered, to the same text.

A council feed's 10,000 services carry 20,000 HTML fragments, often the same "how to apply"
paragraph on every service; each distinct short fragment goes through
:class:`html.parser.HTMLParser` once.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spotter.importing.html_text import html_to_text, html_to_text_repeated

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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "text", "&amp;", " "]), max_size=12), st.integers(0, 3))
def test_a_fragment_converted_once_reads_the_same_every_time(
    pieces: list[str], repeat: int
) -> None:
    """A feed's repeated boilerplate is converted once and remembered: the same text."""
    html = "".join(pieces)
    for _ in range(repeat + 1):
        assert html_to_text_repeated(html) == html_to_text(html)
    long = html + "<p>" + "x" * 5000 + "</p>"  # too long to remember: converted each time
    assert html_to_text_repeated(long) == html_to_text(long)
