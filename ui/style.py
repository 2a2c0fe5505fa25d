"""One small, calm style sheet; level colours are muted and always come with words."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from spotter.system.resources import resource_path
from ui import keyboard

BASE_POINT_SIZE = 11

LEVEL_COLOURS = {
    # background, border  (text stays dark: contrast does not depend on colour)
    "no_indication": ("#e8f1ea", "#5b8a68"),
    "not_completed": ("#eceff3", "#5d6b78"),
    "stalking_indicated": ("#fbf1de", "#8a6414"),
    "high_concern": ("#fbe6dc", "#b5603c"),
    "immediate_danger": ("#f8dcdc", "#a33a3a"),
}

# Focus is shown the same way on every control: a 3-px ring in FOCUS (or, on the dark
# primary buttons, the button turns light with a near-black ring), never by colour alone.
QSS = """
QWidget { color: #1f2933; }
QMainWindow, QDialog, QStackedWidget > QWidget { background: #f7f7f5; }
QLabel#sectionName { color: #4a5560; font-weight: 600; }
QLabel#hint { color: #4a5560; }
QLabel#error { color: #8a1f1f; }
QLabel#promptText { border: 3px solid transparent; border-radius: 4px; padding: 2px; }
QLabel#promptText:focus { border: 3px solid #1d4f91; }
QWidget#formHost { background: #f7f7f5; }
QFrame#helplineBar { background: #e9eef3; border-bottom: 1px solid #c5d0da; }
QFrame#dangerBanner { background: #f8dcdc; border: 2px solid #a33a3a; border-radius: 6px; }
QFrame#dangerBanner QLabel { color: #5c1414; font-weight: 600; }
QFrame#neutralCover { background: #f7f7f5; border: none; }
QFrame#dangerAction { background: #f8dcdc; border: 3px solid #a33a3a; border-radius: 8px; }
QFrame#dangerAction QLabel { color: #4a0f0f; }
QFrame#card { background: #ffffff; border: 1px solid #d5d9de; border-radius: 6px; }
QFrame#flag, QLabel#flag { background: #fff8e6; border: 2px solid #8a6414; border-radius: 6px; }
QFrame#levelBox { border-radius: 6px; }
QPushButton {
    background: #ffffff; border: 1px solid #7b8794; border-radius: 5px; padding: 8px 16px;
}
QPushButton:hover { background: #eef2f6; }
QPushButton:focus { border: 3px solid #1d4f91; padding: 6px 14px; }
QPushButton:disabled { color: #8a949e; border-color: #c8ced4; }
QPushButton:checked { background: #d5e5f3; border: 2px solid #2f5f8a; }
QPushButton:checked:focus { border: 3px solid #1d4f91; }
QPushButton#primary { background: #2f5f8a; color: #ffffff; border-color: #2f5f8a; }
QPushButton#primary:focus { background: #dbe8f5; color: #0b2540; border: 3px solid #0b2540; }
QPushButton#primary:disabled { background: #9fb3c6; border-color: #9fb3c6; color: #f2f5f8; }
QPushButton#route { padding: 20px 26px; text-align: left; }
QPushButton#route:focus { padding: 18px 24px; }
QPushButton#answer { padding: 12px 24px; }
QPushButton#answer:focus { padding: 10px 22px; }
QTreeView { background: #ffffff; border: 1px solid #7b8794; border-radius: 4px; }
QTreeView:focus { border: 3px solid #1d4f91; }
QTreeView::item { padding: 3px 2px; }
QLineEdit, QPlainTextEdit, QComboBox, QTextBrowser, QListWidget {
    background: #ffffff; border: 1px solid #7b8794; border-radius: 4px; padding: 4px;
}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QListWidget:focus,
QTextBrowser:focus { border: 3px solid #1d4f91; padding: 2px; }
QLineEdit[readOnly="true"] { background: #eceff2; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { border: 3px solid #8a1f1f; }
QCheckBox:focus, QRadioButton:focus { border: 3px solid #1d4f91; border-radius: 4px; }
QCheckBox, QRadioButton { border: 3px solid transparent; padding: 2px; }
QProgressBar { border: 1px solid #7b8794; border-radius: 4px; background: #ffffff; height: 10px; }
QProgressBar::chunk { background: #5d7f9e; border-radius: 3px; }
"""

# Every colour pair the style sheet puts side by side, with what WCAG 2.2 asks of it:
# "text" 4.5:1 (1.4.3), "large" text 3:1, "ui" 3:1 for the parts that identify a control or
# its state, including the focus ring against both its sides (1.4.11). "disabled" controls
# and "decoration" (a card's hairline, a bar's separator) carry no requirement; they are
# listed so that the contrast test knows every colour was looked at.
CONTRAST: tuple[tuple[str, str, str, str], ...] = (
    # (where, foreground, background, kind)
    ("text on the page", "#1f2933", "#f7f7f5", "text"),
    ("text on a card, field or button", "#1f2933", "#ffffff", "text"),
    ("text on a hovered button", "#1f2933", "#eef2f6", "text"),
    ("text on the helpline bar", "#1f2933", "#e9eef3", "text"),
    ("text in a read-only field", "#1f2933", "#eceff2", "text"),
    ("a removal in the import preview", "#8a1f1f", "#fbe6dc", "text"),
    ("text on a flag", "#1f2933", "#fff8e6", "text"),
    ("text on a checked answer", "#1f2933", "#d5e5f3", "text"),
    ("hint on the page", "#4a5560", "#f7f7f5", "text"),
    ("hint on a card", "#4a5560", "#ffffff", "text"),
    ("hint on the helpline bar", "#4a5560", "#e9eef3", "text"),
    ("error on the page", "#8a1f1f", "#f7f7f5", "text"),
    ("error on a card", "#8a1f1f", "#ffffff", "text"),
    ("danger banner text", "#5c1414", "#f8dcdc", "text"),
    ("danger action text", "#4a0f0f", "#f8dcdc", "text"),
    ("primary button text", "#ffffff", "#2f5f8a", "text"),
    ("focused primary button text", "#0b2540", "#dbe8f5", "text"),
    ("control border on white", "#7b8794", "#ffffff", "ui"),
    ("control border on the page", "#7b8794", "#f7f7f5", "ui"),
    ("primary button on the page", "#2f5f8a", "#f7f7f5", "ui"),
    ("checked answer border on the page", "#2f5f8a", "#f7f7f5", "ui"),
    ("checked answer border on its fill", "#2f5f8a", "#d5e5f3", "ui"),
    ("focus ring inside a button or field", "#1d4f91", "#ffffff", "ui"),
    ("focus ring on the page", "#1d4f91", "#f7f7f5", "ui"),
    ("focus ring on a checked answer", "#1d4f91", "#d5e5f3", "ui"),
    ("focus ring inside a hovered button", "#1d4f91", "#eef2f6", "ui"),
    ("focused primary ring inside", "#0b2540", "#dbe8f5", "ui"),
    ("focused primary ring on the page", "#0b2540", "#f7f7f5", "ui"),
    ("focused primary against unfocused", "#dbe8f5", "#2f5f8a", "ui"),
    ("invalid field border", "#8a1f1f", "#ffffff", "ui"),
    ("progress on white", "#5d7f9e", "#ffffff", "ui"),
    ("danger banner border", "#a33a3a", "#f8dcdc", "ui"),
    ("danger border on the page", "#a33a3a", "#f7f7f5", "ui"),
    ("flag border", "#8a6414", "#fff8e6", "ui"),
    ("disabled text", "#8a949e", "#ffffff", "disabled"),
    ("disabled border", "#c8ced4", "#ffffff", "disabled"),
    ("disabled primary", "#f2f5f8", "#9fb3c6", "disabled"),
    ("card hairline", "#d5d9de", "#ffffff", "decoration"),
    ("helpline bar separator", "#c5d0da", "#e9eef3", "decoration"),
)
MINIMUM = {"text": 4.5, "large": 3.0, "ui": 3.0, "disabled": 1.0, "decoration": 1.0}


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _combo_arrow() -> str:
    """The combo box's drop-down drawn flat, with Spotter's own arrow: the platform's
    drop-down frame draws a dark bevel inside the style sheet's border."""
    arrow = resource_path("icons", "down-arrow.png").as_posix()
    return (
        "QComboBox { padding-right: 24px; }\n"
        "QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right;"
        " width: 22px; border: none; background: transparent; }\n"
        f'QComboBox::down-arrow {{ image: url("{arrow}"); width: 12px; height: 8px; }}\n'
    )


def apply_style(app: QApplication, point_size: int = BASE_POINT_SIZE) -> None:
    font = QFont(app.font())
    font.setPointSize(point_size)
    app.setFont(font)
    app.setStyleSheet(QSS + _combo_arrow())
    keyboard.install(app)  # Enter presses the focused button, on every screen


def scale_font(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    """Make ``widget``'s text ``factor`` times the application font (follows a larger base)."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)
