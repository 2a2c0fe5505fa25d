"""Draw Spotter's icon (resources/icons/spotter.png and .ico) with Qt: a calm blue tile with a
white magnifying glass over a speech mark, readable from 16 to 256 pixels.

    uv run python tools/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
ACCENT = QColor("#1f4e79")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ACCENT)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    pen = QPen(QColor("white"), 22 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(110 * s, 108 * s), 56 * s, 56 * s)  # the lens
    p.drawLine(QPointF(152 * s, 150 * s), QPointF(204 * s, 202 * s))  # the handle
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    p.drawEllipse(QPointF(110 * s, 108 * s), 14 * s, 14 * s)  # the point spotted
    p.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    assert big.save(str(OUT / "spotter.png"))
    assert draw(48).save(str(OUT / "spotter.ico"))  # Qt's ico writer: one 48-pixel image
    print(f"wrote {OUT / 'spotter.png'} and {OUT / 'spotter.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
