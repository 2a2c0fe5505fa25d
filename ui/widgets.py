"""Small widget helpers shared by the pages."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from spotter.glossary import explanation
from ui.style import scale_font


def button(text: str, name: str, parent: QWidget | None = None, *, kind: str = "") -> QPushButton:
    """A push button with an accessible name (and an optional style kind)."""
    widget = QPushButton(text, parent)
    widget.setAccessibleName(name)
    widget.setAutoDefault(False)
    if kind:
        widget.setObjectName(kind)
    return widget


def close_row(dialog: QDialog) -> QHBoxLayout:
    """The bottom row of a read-only dialog: a Close button (Alt+C) on the right."""
    row = QHBoxLayout()
    row.addStretch(1)
    close = button("&Close", "Close")
    close.clicked.connect(dialog.accept)
    row.addWidget(close)
    return row


def label(text: str = "", *, kind: str = "", wrap: bool = True, selectable: bool = False) -> QLabel:
    """A label that shows its text literally.

    Plain text always: a QLabel left to guess ("auto") renders anything that looks like HTML,
    so a services-file name such as ``<span style="font-size:26pt">`` would show as a giant
    fake helpline. The few labels with markup of their own set rich text explicitly and
    escape what they show.
    """
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    widget.setWordWrap(wrap)
    if kind:
        widget.setObjectName(kind)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def title(text: str) -> QLabel:
    widget = label(text, kind="pageTitle")
    scale_font(widget, 1.5, bold=True)
    widget.setAccessibleName(text)
    return widget


def list_and_reader(
    list_name: str, reader_name: str, widths: tuple[int, int] = (320, 600)
) -> tuple[QSplitter, QListWidget, QTextBrowser]:
    """A titles list beside a read-only text pane that never follows links (offline)."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    titles = QListWidget()
    titles.setAccessibleName(list_name)
    titles.setWordWrap(True)
    titles.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    titles.setSpacing(2)
    reader = QTextBrowser()
    reader.setOpenExternalLinks(False)
    reader.setOpenLinks(False)
    reader.setAccessibleName(reader_name)
    splitter.addWidget(titles)
    splitter.addWidget(reader)
    splitter.setSizes(list(widths))
    splitter.setChildrenCollapsible(False)
    return splitter, titles, reader


#: The last messages :func:`announce` raised (text only, held in memory for the tests).
ANNOUNCED: deque[str] = deque(maxlen=20)


def announce(widget: QLabel) -> None:
    """Tell assistive technology that ``widget`` (an error or status line) just changed: an
    alert, so a screen reader says it without the focus moving there."""
    ANNOUNCED.append(widget.text())
    widget.setAccessibleName(widget.text())
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))


def mark_invalid(field: QWidget, error: str, help_text: str = "") -> None:
    """Highlight ``field`` (a red ring) and tie ``error`` to it as its accessible description
    (before its help), or clear both when ``error`` is empty."""
    field.setProperty("invalid", bool(error))
    field.setAccessibleDescription(" ".join(t for t in (error, help_text) if t))
    style = field.style()
    style.unpolish(field)
    style.polish(field)


def explain_terms(widget: QWidget, text: str) -> None:
    """Explain the glossary terms ``text`` uses (MARAC, ISA, safeguarding lead...) in the
    widget's tooltip and What's This (Shift+F1), and to a screen reader."""
    words = explanation(text)
    widget.setToolTip(words)
    widget.setWhatsThis(words)
    widget.setAccessibleDescription(words)
