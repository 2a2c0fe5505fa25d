"""PDF bytes in memory -> a QPdfDocument (for the preview) or printed pages (for a printer).

Nothing here touches the disk: the document reads the bytes through a QBuffer.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

#: Pages are rasterised for the printer at its own resolution, but never finer than this: a
#: 1200 dpi A4 page would be a 550 MB image, and 600 dpi is already beyond what office laser
#: printers resolve for text.
MAX_PRINT_DPI = 600


class MemoryPdf(QObject):
    """A QPdfDocument loaded from bytes in memory, with the buffer it reads kept alive."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

    def load(self, pdf: bytes) -> int:
        """Load ``pdf``; return the page count (0 if the bytes are not a readable PDF)."""
        self.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            return 0
        return self.document.pageCount()

    def close(self) -> None:
        """Drop the document and wipe the buffer's copy of the bytes."""
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None


def print_pdf(pdf: bytes, printer: QPrinter, *, max_dpi: int = MAX_PRINT_DPI) -> int:
    """Print every page of ``pdf`` on ``printer``; return the number of pages printed.

    Each page is rendered to an image at the printer's resolution (at most ``max_dpi``) and
    drawn over the whole sheet, scaled to fit and centred, with a new sheet between pages.
    Returns 0, printing nothing, if the bytes cannot be read or the printer cannot be opened.
    """
    holder = MemoryPdf()
    try:
        pages = holder.load(pdf)
        if pages == 0:
            return 0
        document = holder.document
        printer.setFullPage(True)
        dpi = min(printer.resolution(), max_dpi)
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            for page in range(pages):
                if page > 0:
                    printer.newPage()
                points = document.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = document.render(page, size)
                painter.drawImage(_fit(painter, size), image)
        finally:
            painter.end()
        return pages
    finally:
        holder.close()
        holder.deleteLater()


def _fit(painter: QPainter, size: QSize) -> QRectF:
    """The largest rectangle of ``size``'s shape that fits the sheet, centred on it."""
    sheet = QRectF(painter.viewport())
    scale = min(sheet.width() / size.width(), sheet.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF(
        sheet.x() + (sheet.width() - width) / 2,
        sheet.y() + (sheet.height() - height) / 2,
        width,
        height,
    )
