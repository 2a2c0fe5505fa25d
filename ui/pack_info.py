"""The service pack in use, shown on Services and Directory: an expiry banner, and on
Directory a line naming the pack (publisher, version, issued, valid until).

Added to the pages from outside (one call from the main window), so the pages themselves
need not know about packs.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QVBoxLayout, QWidget

from spotter.packs.install import PackStatus
from ui.widgets import label

BANNER_NAME = "packBanner"
LINE_NAME = "packLine"


class PackBanner(QFrame):
    """Amber, worded banner: hidden unless the pack in use has expired."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("flag")
        self.setAccessibleName("Directory expired")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.text = label("")
        layout.addWidget(self.text)
        self.setVisible(False)

    def show_status(self, status: PackStatus | None, today: date) -> None:
        words = status.banner(today) if status is not None else None
        self.text.setText(words or "")
        self.setVisible(words is not None)


def _insert(page: QWidget, widget: QWidget, index: int) -> None:
    layout = page.layout()
    assert isinstance(layout, QBoxLayout)
    layout.insertWidget(index, widget)


class PackWidgets:
    """The banners and the pack line, on whichever of the pages have been built."""

    def __init__(self) -> None:
        self.banners: list[PackBanner] = []
        self.lines: list[QLabel] = []

    def attach_services(self, services_page: QWidget) -> None:
        """The expiry banner under the Services title."""
        banner = PackBanner()
        _insert(services_page, banner, 1)
        self.banners.append(banner)

    def attach_directory(self, directory_page: QWidget) -> None:
        """The expiry banner and the pack line under the Directory title."""
        banner = PackBanner()
        line = label("", kind="hint", selectable=True)
        line.setAccessibleName("Service pack in use")
        line.setVisible(False)
        _insert(directory_page, banner, 1)
        _insert(directory_page, line, 2)
        self.banners.append(banner)
        self.lines.append(line)

    def show(self, status: PackStatus | None, today: date) -> None:
        for banner in self.banners:
            banner.show_status(status, today)
        for line in self.lines:
            line.setText(status.describe() if status is not None else "")
            line.setVisible(status is not None)
