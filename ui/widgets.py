"""Small widget helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ui.style import scale_font


def button(text: str, name: str, parent: QWidget | None = None, *, kind: str = "") -> QPushButton:
    """A push button with an accessible name (and an optional style kind)."""
    widget = QPushButton(text, parent)
    widget.setAccessibleName(name)
    widget.setAutoDefault(False)
    if kind:
        widget.setObjectName(kind)
    return widget


def label(text: str = "", *, kind: str = "", wrap: bool = True, selectable: bool = False) -> QLabel:
    widget = QLabel(text)
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
