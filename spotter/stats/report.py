"""The commissioners' report: activity counts as a PDF with ReportLab's own charts.

Charts: screenings and letters by month, outcome levels, and letters by service; then the
flags raised and the services shown. A cell suppressed as ``<5`` is drawn at zero and a
range at its lower end, and the report says so: the charts never show a number that the
export hides.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from spotter.stats.counts import FLAG, LETTER, OUTCOME, SCREENINGS, SHOWN
from spotter.stats.exchange import THRESHOLD, Cell, Counts

LEVEL_WORDS = {
    "no_indication": "No indication",
    "stalking_indicated": "Stalking indicated",
    "high_concern": "High concern",
    "immediate_danger": "Immediate danger",
}
FLAG_WORDS = {
    "safeguarding_children": "Children may be at risk",
    "marac_route": "Refer to MARAC",
    "possible_pattern": "Possible pattern",
    "ask_again": "Ask again",
    "other": "Other flags",
}
_BLUE = colors.HexColor("#2f5f8a")
_AMBER = colors.HexColor("#b7862c")
WIDTH = 170 * mm


def _shown(cell: Cell) -> int:
    """What a chart draws: 0 for a suppressed cell, the lower end of a range."""
    return cell.low if cell.low >= THRESHOLD else 0


def _by(counts: Counts, measure: str) -> dict[str, dict[str, Cell]]:
    """``{value: {month: cell}}`` for one measure."""
    out: defaultdict[str, dict[str, Cell]] = defaultdict(dict)
    for (month, kind, value), cell in counts.cells.items():
        if kind == measure:
            out[value][month] = cell
    return out


def _total(cells: Mapping[str, Cell]) -> Cell:
    total = Cell(0, 0)
    for cell in cells.values():
        total = total + cell
    return total


def months_chart(months: list[str], screens: list[int], letters: list[int]) -> Drawing:
    drawing = Drawing(WIDTH, 75 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 40, WIDTH - 50, 75 * mm - 70
    chart.data = [screens or [0], letters or [0]]
    chart.categoryAxis.categoryNames = months or ["-"]
    chart.categoryAxis.labels.angle = 30 if len(months) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(months) > 6 else "n"
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = _BLUE
    chart.bars[1].fillColor = _AMBER
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 40, 75 * mm - 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(_BLUE, "Screenings"), (_AMBER, "Letters produced")]
    drawing.add(legend)
    return drawing


def bars_chart(names: list[str], values: list[int], colour: colors.Color = _BLUE) -> Drawing:
    height = max(30 * mm, 9 * mm * len(names) + 20)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 120, 15, WIDTH - 140, height - 25
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = names or ["-"]
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colour
    drawing.add(chart)
    if not names:
        drawing.add(String(WIDTH / 2, height / 2, "nothing counted yet", textAnchor="middle"))
    return drawing


def render_report(counts: Counts, service_names: Mapping[str, str] | None = None) -> bytes:
    """The report PDF for ``counts`` (a practice's own, or several merged)."""
    names = dict(service_names or {})
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    months = sorted({m for m, _k, _v in counts.cells})
    screenings = _by(counts, SCREENINGS).get("all", {})
    letters = _by(counts, LETTER)
    letters_by_month: defaultdict[str, Cell] = defaultdict(lambda: Cell(0, 0))
    for by_month in letters.values():
        for month, cell in by_month.items():
            letters_by_month[month] = letters_by_month[month] + cell
    story: list[object] = [
        Paragraph("Spotter activity report", styles["Title"]),
        Paragraph(
            f"Practices: {', '.join(counts.practices) or 'none'}. Months: "
            f"{months[0] + ' to ' + months[-1] if months else 'none yet'}.",
            body,
        ),
        Paragraph(
            f"Counts only, by month; never a patient detail. A count below {THRESHOLD} is "
            f"hidden (written &lt;{THRESHOLD}) and drawn as 0; a total that includes hidden "
            "counts is drawn at its lowest possible value.",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph("Screenings and letters by month", styles["Heading2"]),
        months_chart(
            months,
            [_shown(screenings.get(m, Cell(0, 0))) for m in months],
            [_shown(letters_by_month.get(m, Cell(0, 0))) for m in months],
        ),
    ]
    levels = _by(counts, OUTCOME)
    level_names = [LEVEL_WORDS[k] for k in LEVEL_WORDS if k in levels]
    level_values = [_shown(_total(levels[k])) for k in LEVEL_WORDS if k in levels]
    story += [
        Paragraph("Outcome levels", styles["Heading2"]),
        bars_chart(level_names, level_values),
    ]
    ranked = sorted(letters.items(), key=lambda kv: (-_total(kv[1]).low, kv[0]))[:15]
    story += [
        Paragraph("Letters produced, by service", styles["Heading2"]),
        bars_chart(
            [names.get(sid, sid)[:28] for sid, _c in ranked],
            [_shown(_total(c)) for _sid, c in ranked],
            _AMBER,
        ),
    ]
    rows = [["", "Total"]]
    for value, by_month in sorted(_by(counts, FLAG).items()):
        rows.append([f"Flag: {FLAG_WORDS.get(value, value)}", _total(by_month).text()])
    for value, by_month in sorted(_by(counts, SHOWN).items()):
        rows.append([f"Searches showing {value} services", _total(by_month).text()])
    if len(rows) > 1:
        table = Table(rows, colWidths=[120 * mm, 30 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ]
            )
        )
        story += [Paragraph("Flags raised and services shown", styles["Heading2"]), table]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title="Spotter activity report",
        author="Spotter",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        invariant=1,
    )
    doc.build(story)
    return buffer.getvalue()
