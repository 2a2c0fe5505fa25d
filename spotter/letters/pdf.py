"""Render a referral letter to PDF bytes with ReportLab (in memory; nothing touches the disk).

Layout (A4, 20 mm side margins): practice letterhead, addressee with date and reference, a
boxed "Safe contact" section, the person's details, risk and actions (urgency, police,
safeguarding lead, MARAC), the other person as far as known, the screening summary (every
question and answer, grouped), consent, the referrer's concerns, support in the meantime, and
the signature block. Every page has a footer with "Page X of Y", "Confidential", how to file
the letter (sensitive, hidden from online and proxy access; on the staff route, the staff
member's occupational health or HR record), and in small print the app and screening-content
versions; pages after the first repeat the person's name and date of birth at the top.

A staff referral (``referral.staff``) says "a member of our staff" throughout and never
mentions a patient record.

All user text passes through :func:`spotter.letters.fonts.markup`, so paragraph markup in it
is printed, never interpreted.
"""

from __future__ import annotations

import io
import logging
import os
import stat
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from spotter.letters.fonts import (
    BODY_BOLD,
    BODY_FONT,
    is_right_to_left,
    markup,
    plain,
    register_fonts,
    rtl_lines,
)
from spotter.letters.model import Referral, ScreeningAnswer, age_on, validate_referral
from spotter.screening.evaluate import JUDGEMENT_NOTE
from spotter.system.nhs_number import format_nhs_number

__all__ = ["DEFAULT_HELPLINE", "LETTER_LANG", "render_referral_pdf"]

log = logging.getLogger(__name__)

DEFAULT_HELPLINE = (
    "National Stalking Helpline 0808 802 0300 (weekdays 09:30–16:00, Wednesdays 13:00–16:00)"
)
LETTER_LANG = "en-GB"

#: How the practice files a patient's letter (the first line of the copied summary says it too).
FILE_AS_SENSITIVE = (
    "File as sensitive, third-party information: hide it from online record access and proxy "
    "access (NHS App)."
)
#: How the practice files a staff member's letter: never in anyone's clinical record.
FILE_AS_STAFF = (
    "A staff referral: file only in the staff member's occupational health or HR file, "
    "marked confidential."
)
INTERPRETER_WORDS = "a professional interpreter, not a family member or friend"

_INK = colors.HexColor("#1B2A3A")
_ACCENT = colors.HexColor("#1F4E79")
_MUTED = colors.HexColor("#5A6675")
_RULE = colors.HexColor("#B8C4D0")
_SAFE_BG = colors.HexColor("#EEF4FA")
_LABEL_BG = colors.HexColor("#F4F6F8")

_PAGE_W, _PAGE_H = A4
_MARGIN_X = 20 * mm
_MARGIN_TOP = 18 * mm
_MARGIN_BOTTOM = 22 * mm
_FRAME_W = _PAGE_W - 2 * _MARGIN_X
_CELL_PADDING = 12  # a table cell's left and right padding together (ReportLab's default)
_LABEL_W = 48 * mm
_VALUE_W = _FRAME_W - _LABEL_W

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _long_date(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Styles:
    def __init__(self) -> None:
        base = ParagraphStyle(
            "body",
            fontName=BODY_FONT,
            fontSize=9.5,
            leading=13,
            textColor=_INK,
            splitLongWords=True,
        )
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11.5)
        self.muted = ParagraphStyle("muted", parent=self.small, textColor=_MUTED)
        self.label = ParagraphStyle("label", parent=self.small, fontName=BODY_BOLD)
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
        self.practice = ParagraphStyle(
            "practice", parent=base, fontName=BODY_BOLD, fontSize=14, leading=18, textColor=_ACCENT
        )
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=13,
            leading=17,
            textColor=_ACCENT,
            spaceBefore=4,
            spaceAfter=4,
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=11,
            leading=14,
            textColor=_ACCENT,
            spaceBefore=10,
            spaceAfter=4,
        )
        self.box_heading = ParagraphStyle(
            "box_heading",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=11,
            leading=14,
            textColor=_ACCENT,
        )
        self.header = ParagraphStyle(
            "header", parent=base, fontSize=8, leading=10, textColor=_MUTED
        )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text: escaped, newlines kept, any script."""
    return Paragraph(markup(text), style)


def _pm(trusted_markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of the letter's own wording (markup written here, user parts escaped)."""
    return Paragraph(trusted_markup, style)


def _yes_no_unknown(value: bool | None, *, yes: str, no: str, unknown: str) -> str:
    if value is True:
        return yes
    if value is False:
        return no
    return unknown


def _label_table(rows: Sequence[tuple[str, Flowable | str]], styles: _Styles) -> Table:
    data = [
        [
            _pm(markup(label), styles.label),
            value
            if isinstance(value, Flowable)
            else _free_text(value, styles.body, _VALUE_W - _CELL_PADDING),
        ]
        for label, value in rows
    ]
    table = Table(
        data,
        colWidths=[_LABEL_W, _FRAME_W - _LABEL_W],
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
            ]
        )
    )
    return table


def _answers_table(answers: Sequence[ScreeningAnswer], styles: _Styles) -> Table:
    """Every question and its answer, in one table; a row naming each section starts it."""
    question_w = _FRAME_W * 0.74
    data: list[list[Flowable | str]] = [
        [_pm("Question", styles.label), _pm("Answer", styles.label)]
    ]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 0), _LABEL_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
    ]
    section = ""
    for item in answers:
        if item.section.strip() and item.section != section:
            section = item.section
            row = len(data)
            data.append([_p(section, styles.label), ""])
            commands += [("SPAN", (0, row), (-1, row)), ("TOPPADDING", (0, row), (-1, row), 6)]
        data.append([_p(item.question, styles.body), _p(item.answer, styles.body)])
    table = Table(
        data,
        colWidths=[question_w, _FRAME_W - question_w],
        hAlign="LEFT",
        splitInRow=1,
        repeatRows=1,
    )
    table.setStyle(TableStyle(commands))
    return table


def _heading(text: str, styles: _Styles) -> list[Flowable]:
    # Keep a heading with at least a few lines of what follows it.
    return [CondPageBreak(30 * mm), _pm(text, styles.heading)]


def _letterhead(referral: Referral, styles: _Styles) -> Flowable:
    practice = referral.practice
    lines: list[Flowable] = []
    if practice.name.strip():
        lines.append(_p(practice.name, styles.practice))
    details = [part for part in (practice.address.strip(),) if part]
    contact = []
    if practice.phone.strip():
        contact.append("Tel: " + practice.phone.strip())
    if practice.email.strip():
        contact.append("Secure email: " + practice.email.strip())
    if practice.ods_code.strip():
        contact.append("ODS code: " + practice.ods_code.strip())
    if contact:
        details.append("   ·   ".join(contact))
    for part in details:
        lines.append(_p(part, styles.muted))
    logo: Flowable | None = None
    if practice.logo_path is not None:
        try:
            check_logo(practice.logo_path)
            image = Image(str(practice.logo_path))
            scale = min(45 * mm / image.imageWidth, 22 * mm / image.imageHeight, 1.0)
            image.drawWidth = image.imageWidth * scale
            image.drawHeight = image.imageHeight * scale
            image.hAlign = "RIGHT"
            logo = image
        except Exception:  # an unreadable logo must not stop a referral
            log.warning(
                "practice logo %s could not be read; letter made without it", practice.logo_path
            )
    logo_w = 50 * mm if logo is not None else 0.0
    table = Table(
        [[lines or "", logo or ""]],
        colWidths=[_FRAME_W - logo_w, logo_w],
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, _ACCENT),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        )
    )
    return table


#: The largest logo file read (a practice logo is a few tens of kilobytes).
MAX_LOGO_BYTES = 2 * 1024 * 1024


def check_logo(path: Path) -> None:
    """Refuse, before reading a byte, a logo that is not a regular file or is too large
    (``/dev/zero`` or a multi-gigabyte file would otherwise be read whole)."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{path} is not a regular file")
    if info.st_size > MAX_LOGO_BYTES:
        raise ValueError(f"{path} is {info.st_size:,} bytes; a logo may be at most 2 MB")


def _addressee(referral: Referral, styles: _Styles) -> Flowable:
    service = referral.service
    left: list[Flowable] = [_pm(f"<b>{markup(service.name)}</b>", styles.body)]
    if service.organisation.strip() and service.organisation.strip() != service.name.strip():
        left.append(_p(service.organisation, styles.body))
    if service.address.strip():
        left.append(_p(service.address.strip(), styles.body))
    contact = [f"Tel: {phone}" for phone in service.phones if phone.strip()]
    if service.email.strip():
        contact.append(f"Email: {service.email.strip()}")
    if service.website.strip():
        contact.append(service.website.strip())
    if contact:
        left.append(Spacer(1, 2))
        left.append(_p("\n".join(contact), styles.muted))
    right: list[Flowable] = [_pm(_long_date(referral.letter_date), styles.right)]
    if referral.reference.strip():
        right.append(_pm(f"Our ref: {markup(referral.reference.strip())}", styles.right))
    right.append(_pm("<b>CONFIDENTIAL</b>", styles.right))
    table = Table(
        [[left, right]],
        colWidths=[_FRAME_W * 0.62, _FRAME_W * 0.38],
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def _safe_contact_box(referral: Referral, styles: _Styles) -> Flowable:
    safe = referral.safe_contact
    rows: list[tuple[str, str]] = [
        ("How to contact safely", safe.safe_ways),
        ("Safe times", safe.safe_times.strip() or "Not given – please check with the practice"),
        (
            "Voicemail safe?",
            _yes_no_unknown(
                safe.voicemail_safe,
                yes="Yes",
                no="No – do not leave voicemail messages",
                unknown="Not known – do not leave voicemail messages",
            ),
        ),
        (
            "Letter to home safe?",
            _yes_no_unknown(
                safe.letter_home_safe,
                yes="Yes",
                no="No – do not write to the home address",
                unknown="Not known – do not write to the home address",
            ),
        ),
    ]
    if referral.interpreter_needed:
        language = referral.language.strip() or "language not recorded"
        rows.append(("Interpreter", f"Needed: {language} – {INTERPRETER_WORDS}"))
    if safe.notes.strip():
        rows.append(("Notes", safe.notes))
    heading = _pm(
        f"Safe contact – please read before contacting the {_who(referral)}", styles.box_heading
    )
    data: list[list[Flowable | str]] = [[heading, ""]]
    for label, value in rows:
        data.append(
            [
                _pm(markup(label), styles.label),
                _free_text(str(value), styles.body, _VALUE_W - _CELL_PADDING),
            ]
        )
    boxed = Table(
        data,
        colWidths=[_LABEL_W, _FRAME_W - _LABEL_W],
        hAlign="LEFT",
        splitInRow=1,
        repeatRows=1,
    )
    boxed.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 1), (-1, -2), 0.4, _RULE),
                ("BACKGROUND", (0, 0), (-1, -1), _SAFE_BG),
                ("BOX", (0, 0), (-1, -1), 1.4, _ACCENT),
                ("SPAN", (0, 0), (-1, 0)),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
            ]
        )
    )
    return boxed


def _who(referral: Referral) -> str:
    return "staff member" if referral.staff else "patient"


def _patient_section(referral: Referral, styles: _Styles) -> list[Flowable]:
    patient = referral.patient
    age = age_on(patient.date_of_birth, referral.letter_date)
    rows: list[tuple[str, Flowable | str]] = [
        ("Name", _pm(f"<b>{markup(patient.name)}</b>", styles.body)),
        ("Date of birth", f"{_long_date(patient.date_of_birth)} (aged {age})"),
    ]
    if patient.nhs_number:
        rows.append(("NHS number", format_nhs_number(patient.nhs_number)))
    address = "\n".join(
        part for part in (patient.address.strip(), patient.postcode.strip()) if part
    )
    if address:
        if referral.safe_contact.letter_home_safe is not True:
            address += "\n(Do not write to this address.)"
        rows.append(("Address", address))
    if patient.phone.strip():
        phone = patient.phone.strip()
        if referral.safe_contact.voicemail_safe is not True:
            phone += " (do not leave a voicemail)"
        rows.append(("Phone", phone))
    rows.append(("Preferred language", referral.language.strip() or "Not recorded"))
    rows.append(
        (
            "Interpreter needed",
            f"Yes – {INTERPRETER_WORDS}" if referral.interpreter_needed else "No",
        )
    )
    heading = "Staff member" if referral.staff else "Patient"
    return [*_heading(heading, styles), _label_table(rows, styles)]


def _recorded(value: bool | None) -> str:
    return _yes_no_unknown(value, yes="Yes", no="No", unknown="Not recorded")


def _risk_section(referral: Referral, styles: _Styles) -> list[Flowable]:
    risk = referral.risk
    urgency = referral.urgency
    rows: list[tuple[str, Flowable | str]] = [
        (
            "Urgency",
            _pm(f"<b>{markup(urgency)}</b> (from the screening)", styles.body)
            if urgency
            else "Not recorded (no screening)",
        ),
        ("Police told", _recorded(risk.police_told)),
    ]
    if risk.crime_reference.strip():
        rows.append(("Crime reference", risk.crime_reference.strip()))
    rows.append(("Practice safeguarding lead told", _recorded(risk.safeguarding_lead_told)))
    rows.append(("MARAC referral", risk.marac.words if risk.marac else "Not recorded"))
    age = age_on(referral.patient.date_of_birth, referral.letter_date)
    if age < 18:
        rows.append(
            (
                "Young person",
                f"Aged {age}, so under 18: the practice follows its children's safeguarding "
                "procedures.",
            )
        )
    return [*_heading("Risk and actions taken", styles), _label_table(rows, styles)]


def _other_person_section(referral: Referral, styles: _Styles) -> list[Flowable]:
    other = referral.other_person
    out = _heading("The other person (optional; as far as known)", styles)
    if other.is_empty:
        out.append(_pm("No details given.", styles.body))
        return out
    rows: list[tuple[str, Flowable | str]] = []
    for label, value in (
        ("Name", other.name),
        ("Relationship", other.relationship),
        ("Address", other.address),
        ("Vehicle", other.vehicle),
    ):
        if value.strip():
            rows.append((label, value.strip()))
    if other.patient_here is not None:
        rows.append(("Registered at this practice", "Yes" if other.patient_here else "No"))
    out.append(_label_table(rows, styles))
    return out


def _bullets(items: Sequence[str], styles: _Styles) -> Flowable:
    return ListFlowable(
        [ListItem(_p(item, styles.body), leftIndent=12) for item in items],
        bulletType="bullet",
        bulletFontName=BODY_FONT,
        bulletFontSize=8,
        leftIndent=12,
        start="•",
    )


def _screening_section(referral: Referral, styles: _Styles) -> list[Flowable]:
    screening = referral.screening
    out = _heading("Screening summary", styles)
    level = screening.level_title.strip() or "Not recorded"
    out.append(_pm(f"Outcome: <b>{markup(level)}</b>", styles.body))
    reasons = [reason for reason in screening.reasons if reason.strip()]
    if reasons:
        out.append(Spacer(1, 4))
        out.append(CondPageBreak(20 * mm))
        out.append(_pm("Why this outcome:", styles.body))
        out.append(_bullets(reasons, styles))
    flags = [flag for flag in screening.flags if flag.strip()]
    if flags:
        out.append(Spacer(1, 6))
        out.append(_pm("Flags:", styles.body))
        out.append(_bullets(flags, styles))
    if screening.answers:
        out.append(Spacer(1, 6))
        out.append(CondPageBreak(25 * mm))
        out.append(_pm("The questions asked and the answers given:", styles.body))
        out.append(Spacer(1, 2))
        out.append(_answers_table(screening.answers, styles))
    out.append(Spacer(1, 4))
    out.append(_p(JUDGEMENT_NOTE, styles.body))
    return out


def _consent_section(referral: Referral, styles: _Styles) -> list[Flowable]:
    consent = referral.consent
    text = (
        f"The {_who(referral)} consented to this referral and to sharing the information in "
        f"this letter with {markup(referral.service.name.strip())}. Consent was given by "
        f"<b>{markup(consent.given_by.strip())}</b> on <b>{_long_date(consent.given_on)}</b>."
    )
    out = [*_heading("Consent", styles), _pm(text, styles.body)]
    age = age_on(referral.patient.date_of_birth, referral.letter_date)
    if age < 16:
        if consent.young_person_competent:
            young = (
                f"The {_who(referral)} is {age}. The referrer judged them competent to "
                "understand this referral and to consent to it for themselves (Gillick "
                "competence)."
            )
        else:
            young = (
                f"The {_who(referral)} is {age} and was not judged competent to consent "
                f"alone; consent was given by {markup(consent.given_by.strip())}."
            )
        if referral.risk.safeguarding_lead_told:
            young += " The practice's safeguarding lead was involved before this referral."
        out += [Spacer(1, 4), _pm(young, styles.body)]
    return out


def _concerns_section(referral: Referral, styles: _Styles) -> list[Flowable]:
    text = plain(referral.concerns).strip()
    if not text:
        return []
    out = _heading("Concerns", styles)
    for block in text.split("\n\n"):
        if block.strip():
            out.extend(_free_text(piece, styles.body, _FRAME_W) for piece in pieces(block))
            out.append(Spacer(1, 5))
    return out


#: The longest run of text set as one paragraph. ReportLab re-wraps the rest of a paragraph
#: at every page break, so one long paragraph costs time quadratic in its length; pieces of
#: this size keep rendering linear.
PIECE_CHARS = 1_500


def pieces(block: str) -> list[str]:
    """A block of typed text as short paragraphs: one per line, long lines cut at a space."""
    out: list[str] = []
    for line in block.strip("\n").split("\n"):
        while len(line) > PIECE_CHARS:
            cut = line.rfind(". ", PIECE_CHARS // 2, PIECE_CHARS)
            cut = cut + 1 if cut > 0 else line.rfind(" ", PIECE_CHARS // 2, PIECE_CHARS)
            if cut <= 0:
                cut = PIECE_CHARS
            out.append(line[:cut])
            line = line[cut:].lstrip(" ")
        out.append(line if line.strip() else " ")
    return out


def _free_text(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A paragraph of typed text that may wrap; a right-to-left one is broken in reading
    order and right-aligned, so its lines read top to bottom."""
    if not is_right_to_left(text):
        return _p(text, style)
    lines = rtl_lines(text, style.fontName, style.fontSize, width - 2)
    right = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    return Paragraph("<br/>".join(markup(line, reorder=False) for line in lines), right)


def _helpline_section(referral: Referral, helpline: str, styles: _Styles) -> list[Flowable]:
    table = Table(
        [
            [
                _pm(
                    f"<b>Support for the {_who(referral)} in the meantime:</b> {markup(helpline)}",
                    styles.body,
                )
            ]
        ],
        colWidths=[_FRAME_W],
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, _ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), _LABEL_BG),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [Spacer(1, 10), table]


def _signature(referral: Referral, styles: _Styles) -> list[Flowable]:
    referrer = referral.referrer
    block: list[Flowable] = [
        Spacer(1, 12),
        _pm("Yours sincerely,", styles.body),
        Spacer(1, 16 * mm),
        Table(
            [[""]],
            colWidths=[70 * mm],
            rowHeights=[1],
            hAlign="LEFT",
            style=[("LINEABOVE", (0, 0), (-1, -1), 0.6, _MUTED)],
        ),
        Spacer(1, 3),
    ]
    if referrer.name.strip():
        block.append(_pm(f"<b>{markup(referrer.name.strip())}</b>", styles.body))
    if referrer.role.strip():
        block.append(_p(referrer.role.strip(), styles.body))
    if referrer.registration_number.strip():
        block.append(
            _pm(f"Registration number: {markup(referrer.registration_number.strip())}", styles.body)
        )
    practice = referral.practice
    practice_line = ", ".join(
        part
        for part in (practice.name.strip(), practice.phone.strip(), practice.email.strip())
        if part
    )
    if practice_line:
        block.append(_p(practice_line, styles.muted))
    # Keep the sign-off together unless it is itself longer than a page.
    return [KeepTogether(block)]


def _story(referral: Referral, helpline: str, styles: _Styles) -> list[Flowable]:
    service_name = referral.service.name.strip()
    story: list[Flowable] = [
        _letterhead(referral, styles),
        _addressee(referral, styles),
        Spacer(1, 8),
        _pm(f"Referral to {markup(service_name)}", styles.title),
        _pm(
            f"Dear colleagues at {markup(service_name)},",
            styles.body,
        ),
        Spacer(1, 5),
        _pm(
            (
                "I am referring a member of our staff, with their consent, for specialist "
                "support with stalking."
                if referral.staff
                else "I am referring the patient below, with their consent, for specialist "
                "support with stalking."
            )
            + " Please contact them only in the ways set out in the box below.",
            styles.body,
        ),
        Spacer(1, 8),
        _safe_contact_box(referral, styles),
        *_patient_section(referral, styles),
        *_risk_section(referral, styles),
        *_other_person_section(referral, styles),
        *_screening_section(referral, styles),
        *_consent_section(referral, styles),
        *_concerns_section(referral, styles),
        *_helpline_section(referral, helpline, styles),
        *_signature(referral, styles),
    ]
    return story


def _canvas_class(
    *, app_version: str, content: str, filing: str, header: Callable[[Canvas], None]
) -> type[Canvas]:
    """A canvas that holds each page until the end so the footer can say "Page X of Y"."""

    footer_left = "Confidential"
    footer_right = _shorten(f"Spotter {app_version}  ·  screening content {content}", 160)

    class FooterCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                if number > 1:
                    header(self)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, number: int, total: int) -> None:
            y = _MARGIN_BOTTOM - 9 * mm
            self.saveState()
            self.setStrokeColor(_RULE)
            self.setLineWidth(0.5)
            self.line(_MARGIN_X, y + 9, _PAGE_W - _MARGIN_X, y + 9)
            self.setFillColor(_MUTED)
            self.setFont(BODY_BOLD, 7.5)
            self.drawString(_MARGIN_X, y, footer_left.upper())
            self.drawRightString(_PAGE_W - _MARGIN_X, y, f"Page {number} of {total}")
            self.setFont(BODY_BOLD, 7)
            self.drawString(_MARGIN_X, y - 9, filing)
            self.setFont(BODY_FONT, 6.5)
            right = footer_right
            while stringWidth(right, BODY_FONT, 6.5) > _FRAME_W and len(right) > 4:
                right = right[:-2] + "…"
            self.drawString(_MARGIN_X, y - 17, right)
            self.restoreState()

    return FooterCanvas


def render_referral_pdf(
    referral: Referral,
    *,
    app_version: str,
    helpline: str = DEFAULT_HELPLINE,
) -> bytes:
    """Return the referral letter as PDF bytes.

    Validates ``referral`` first (:class:`~spotter.letters.model.LetterInputError` if a
    required field is missing). Nothing is written to disk.
    """
    validate_referral(referral)
    register_fonts()
    styles = _Styles()
    service_name = _shorten(referral.service.name, 200)
    screening = referral.screening
    content = (
        " ".join(
            part
            for part in (screening.content_id.strip(), screening.content_version.strip())
            if part
        )
        or "not recorded"
    )

    header_text = (
        f"Referral to {markup(_shorten(referral.service.name, 60))} – {_who(referral)}: "
        f"<b>{markup(_shorten(referral.patient.name, 60))}</b>, born "
        f"{_long_date(referral.patient.date_of_birth)}"
    )

    def header(canvas: Canvas) -> None:
        paragraph = Paragraph(header_text, styles.header)
        _, height = paragraph.wrap(_FRAME_W, 20 * mm)
        paragraph.drawOn(canvas, _MARGIN_X, _PAGE_H - _MARGIN_TOP + 4 * mm - height + 10)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title=f"Referral to {service_name}",
        author=_shorten(referral.practice.name, 200) or "GP practice",
        subject=f"Confidential referral to {service_name} (stalking support)",
        creator=f"Spotter {app_version}",
        keywords=["referral", "confidential"],
        lang=LETTER_LANG,
        invariant=False,
    )
    doc.build(
        _story(referral, helpline, styles),
        canvasmaker=_canvas_class(
            app_version=app_version,
            content=content,
            filing=FILE_AS_STAFF if referral.staff else FILE_AS_SENSITIVE,
            header=header,
        ),
    )
    return buffer.getvalue()
