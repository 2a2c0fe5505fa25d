"""Putting patient text on the clipboard without it being kept or synced by Windows.

Windows keeps clipboard history (Win+V) and can sync it to other devices. Text copied with
these formats set is left out of both, and out of clipboard monitors, as Windows documents
for sensitive content ("Cloud Clipboard and Clipboard History Formats"). Other systems ignore
the extra formats.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication

_NO = QByteArray(b"\x00\x00\x00\x00")  # a DWORD 0
_PRIVATE_FORMATS = {
    "ExcludeClipboardContentFromMonitorProcessing": QByteArray(b""),
    "CanIncludeInClipboardHistory": _NO,
    "CanUploadToCloudClipboard": _NO,
}


def private_mime_data(text: str) -> QMimeData:
    """Plain text plus the Windows formats that keep it out of history and cloud sync."""
    data = QMimeData()
    data.setText(text)
    for name, value in _PRIVATE_FORMATS.items():
        data.setData(f'application/x-qt-windows-mime;value="{name}"', value)
    return data


_copied: set[str] = set()  # what Spotter put on the clipboard since the last Clear


def copy_private_text(text: str) -> None:
    """Copy ``text`` (kept out of Windows history and sync); Clear takes it off again."""
    _copied.add(text)
    QGuiApplication.clipboard().setMimeData(private_mime_data(text))


def forget_copies() -> bool:
    """Empty the clipboard if it still holds anything Spotter copied; True if it did."""
    clipboard = QGuiApplication.clipboard()
    held = clipboard.text() in _copied
    if held:
        clipboard.clear()
    _copied.clear()
    return held
