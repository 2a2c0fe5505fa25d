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


def attach(
    services_page: QWidget, directory_page: QWidget
) -> tuple[PackBanner, PackBanner, QLabel]:
    """Put the banners under each page's title, and the pack line on Directory."""
    services_banner, directory_banner = PackBanner(), PackBanner()
    line = label("", kind="hint", selectable=True)
    line.setAccessibleName("Service pack in use")
    line.setVisible(False)
    _insert(services_page, services_banner, 1)
    _insert(directory_page, directory_banner, 1)
    _insert(directory_page, line, 2)
    return services_banner, directory_banner, line


def show(
    widgets: tuple[PackBanner, PackBanner, QLabel], status: PackStatus | None, today: date
) -> None:
    services_banner, directory_banner, line = widgets
    services_banner.show_status(status, today)
    directory_banner.show_status(status, today)
    line.setText(status.describe() if status is not None else "")
    line.setVisible(status is not None)
