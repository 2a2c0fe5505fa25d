"""One small, calm style sheet; level colours are muted and always come with words."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

BASE_POINT_SIZE = 11

LEVEL_COLOURS = {
    # background, border  (text stays dark: contrast does not depend on colour)
    "no_indication": ("#e8f1ea", "#5b8a68"),
    "not_completed": ("#eceff3", "#5d6b78"),
    "stalking_indicated": ("#fbf1de", "#b7862c"),
    "high_concern": ("#fbe6dc", "#b5603c"),
    "immediate_danger": ("#f8dcdc", "#a33a3a"),
}

QSS = """
QWidget { color: #1f2933; }
QMainWindow, QStackedWidget > QWidget { background: #f7f7f5; }
QLabel#sectionName { color: #4a5560; font-weight: 600; }
QLabel#hint { color: #4a5560; }
QLabel#error { color: #8a1f1f; }
QWidget#formHost { background: #f7f7f5; }
QFrame#helplineBar { background: #e9eef3; border-bottom: 1px solid #c5d0da; }
QFrame#dangerBanner { background: #f8dcdc; border: 2px solid #a33a3a; border-radius: 6px; }
QFrame#dangerBanner QLabel { color: #5c1414; font-weight: 600; }
QFrame#neutralCover { background: #f7f7f5; border: none; }
QFrame#dangerAction { background: #f8dcdc; border: 3px solid #a33a3a; border-radius: 8px; }
QFrame#dangerAction QLabel { color: #4a0f0f; }
QFrame#card { background: #ffffff; border: 1px solid #d5d9de; border-radius: 6px; }
QFrame#flag { background: #fff8e6; border: 2px solid #b7862c; border-radius: 6px; }
QFrame#levelBox { border-radius: 6px; }
QPushButton {
    background: #ffffff; border: 1px solid #9aa5b1; border-radius: 5px; padding: 6px 14px;
}
QPushButton:hover { background: #eef2f6; }
QPushButton:focus { border: 2px solid #2f5f8a; }
QPushButton:disabled { color: #8a949e; border-color: #c8ced4; }
QPushButton#primary { background: #2f5f8a; color: #ffffff; border-color: #2f5f8a; }
QPushButton#primary:focus { border: 2px solid #16324d; }
QPushButton#primary:disabled { background: #9fb3c6; border-color: #9fb3c6; color: #f2f5f8; }
QPushButton#route { padding: 18px 24px; text-align: left; }
QPushButton#answer { padding: 10px 22px; }
QLineEdit, QPlainTextEdit, QComboBox, QTextBrowser, QListWidget {
    background: #ffffff; border: 1px solid #9aa5b1; border-radius: 4px; padding: 4px;
}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QListWidget:focus,
QTextBrowser:focus { border: 2px solid #2f5f8a; }
QLineEdit[readOnly="true"] { background: #eceff2; }
QProgressBar { border: 1px solid #9aa5b1; border-radius: 4px; background: #ffffff; height: 10px; }
QProgressBar::chunk { background: #5d7f9e; border-radius: 3px; }
"""


def apply_style(app: QApplication, point_size: int = BASE_POINT_SIZE) -> None:
    font = QFont(app.font())
    font.setPointSize(point_size)
    app.setFont(font)
    app.setStyleSheet(QSS)


def scale_font(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    """Make ``widget``'s text ``factor`` times the application font (follows a larger base)."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)
