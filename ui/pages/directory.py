"""Directory: every service, searchable by name, area or organisation, filtered by area."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spotter.directory import Service
from spotter.directory.browse import ALL_AREAS, area_choices, filter_services, verified_text
from spotter.directory.details import phone_text, service_details
from ui.widgets import button, label, list_and_reader, title


def service_html(service: Service, today: date) -> str:
    details = service_details(service, today)
    rows = [f"<h2>{escape(service.name)}</h2>", f"<p>{escape(service.organisation.name)}</p>"]
    for d in details:
        if d.alert:  # the publisher's warning (e.g. temporarily closed): boxed, first
            rows.append(ALERT_HTML.format(label=escape(d.label), text=escape(d.text)))
    if service.description:
        rows.append(f"<p>{escape(service.description)}</p>")
    rows.append(f"<p><b>Covers:</b> {escape(', '.join(service.areas))}</p>")
    phones = ", ".join(phone_text(p) for p in service.phones) or "no number on record yet"
    rows.append(f"<p><b>Phone:</b> {escape(phones)}</p>")
    for d in details:
        if not d.alert:
            rows.append(f"<p><b>{escape(d.label)}:</b> {escape(d.text)}</p>")
    rows.append(f"<p><i>{escape(verified_text(service, today))}</i></p>")
    if service.verify_note:
        rows.append(f"<p><i>{escape(service.verify_note)}</i></p>")
    rows.append(f"<p><small>Source: {escape(service.source)}</small></p>")
    return "".join(rows)


#: The app's warning colours (``QLabel#flag`` in ui/style.py), as Qt rich text allows them.
ALERT_HTML = (
    '<table width="100%" cellpadding="8" cellspacing="0" border="1" '
    'style="border-color: #8a6414; border-style: solid; background-color: #fff8e6;">'
    "<tr><td><b>{label}:</b> {text}</td></tr></table>"
)


class DirectoryPage(QWidget):
    back_requested = Signal()
    import_requested = Signal()
    coverage_requested = Signal()
    activity_requested = Signal()

    def __init__(
        self,
        services: Sequence[Service],
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = list(services)
        self.today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        layout.addWidget(title("Directory of services"))
        row = QHBoxLayout()
        search_label = label("&Search:", wrap=False)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search services by name, area or organisation")
        self.search.setPlaceholderText("Name, area or organisation")
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        area_label = label("&Area:", wrap=False)
        self.area = QComboBox()
        self.area.setAccessibleName("Show services covering this area")
        self.area.addItems(area_choices(self.services))
        area_label.setBuddy(self.area)
        row.addWidget(search_label)
        row.addWidget(self.search, 2)
        row.addWidget(area_label)
        row.addWidget(self.area, 1)
        layout.addLayout(row)
        self.count = label("", kind="hint")
        layout.addWidget(self.count)

        splitter, self.list, self.details = list_and_reader("Services", "Service details")
        layout.addWidget(splitter, 1)
        nav = QHBoxLayout()
        self.back_button = button("← &Back", "Back")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        self.coverage_button = button("C&overage…", "Coverage of local services")
        self.coverage_button.setToolTip("Which local authorities have a local specialist service")
        nav.addWidget(self.coverage_button)
        self.activity_button = button("Ac&tivity…", "Activity counts")
        self.activity_button.setToolTip("This practice's anonymous activity counts, as charts")
        nav.addWidget(self.activity_button)
        self.import_button = button("&Import services file…", "Import services file")
        self.import_button.setToolTip("For practice managers: import an updated services file")
        nav.addWidget(self.import_button)
        layout.addLayout(nav)

        self.search.textChanged.connect(self.refresh)
        self.area.currentTextChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(self._show_current)
        self.back_button.clicked.connect(self.back_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.coverage_button.clicked.connect(self.coverage_requested)
        self.activity_button.clicked.connect(self.activity_requested)
        self.refresh()

    def set_services(self, services: Sequence[Service]) -> None:
        """Show a new directory (after an import or a rollback), keeping the search."""
        self.services = list(services)
        area = self.area.currentText()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItems(area_choices(self.services))
        index = self.area.findText(area)
        self.area.setCurrentIndex(max(index, 0))
        self.area.blockSignals(False)
        self.refresh()

    def visible_names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def refresh(self) -> None:
        found = filter_services(self.services, self.search.text(), self.area.currentText())
        self.list.clear()
        for service in found:
            item = QListWidgetItem(service.name)
            item.setData(Qt.ItemDataRole.UserRole, service.id)
            self.list.addItem(item)
        total = len(self.services)
        self.count.setText(f"{len(found)} of {total} services")
        if found:
            self.list.setCurrentRow(0)
        else:
            self.details.setPlainText("No service matches. Try fewer words or another area.")

    def _show_current(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        wanted = item.data(Qt.ItemDataRole.UserRole)
        service = next((s for s in self.services if s.id == wanted), None)
        if service is None:  # an item of the old list, while a new directory is shown
            return
        self.details.setHtml(service_html(service, self.today()))

    def reset(self) -> None:
        self.search.setText("")  # setText also drops the undo history
        self.area.setCurrentText(ALL_AREAS)

    def focus_first(self) -> None:
        self.search.setFocus()
