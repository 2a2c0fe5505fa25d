"""Directory: every service, searchable by name, area or organisation, filtered by area; which
services cover a postcode (the matcher's answer, with how sure it is); the directory exported
as JSON or CSV, and the CSV template to fill in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spotter.directory import Directory, Service
from spotter.directory.browse import ALL_AREAS, area_choices, filter_services, verified_text
from spotter.directory.details import phone_text, service_details
from spotter.importing.export import ExportKind, export_directory, export_message, kind_for
from spotter.places import match_words
from spotter.places.matching import Matcher, MatchResult, ServiceMatch
from spotter.places.postcodes import PostcodeError, parse_postcode
from ui.widgets import announce, button, label, list_and_reader, mark_invalid, title
from ui.worker import run_in_background

#: Asks where to save: (caption, suggested path, filters) -> (path, chosen filter); "" = cancel.
SaveChooser = Callable[[str, str, str], tuple[str, str]]

_JSON_FILTER = "JSON (*.json)"
#: A list item's type is this plus its row in the services shown.
_ITEM = int(QListWidgetItem.ItemType.UserType.value)
_CSV_FILTER = "CSV for Excel (*.csv)"


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
        services: Sequence[Service] | Directory,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.directory = services if isinstance(services, Directory) else Directory(tuple(services))
        self.services = list(self.directory.services)
        self.today = today
        self.matcher: Matcher | None = None
        self._shown: list[Service] = []  # the services listed, in order
        #: The postcode search shown (None: every service is listed).
        self.cover_result: MatchResult | None = None
        self._cover_pending: str | None = None
        self._generation = 0
        #: Where to save an export; tests replace it.
        self.choose_save_path: SaveChooser = self._ask_save_path
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

        cover_row = QHBoxLayout()
        cover_label = label("Which services cover &postcode:", wrap=False)
        self.postcode = QLineEdit()
        self.postcode.setAccessibleName("Which services cover this postcode")
        self.postcode.setPlaceholderText("e.g. ME14 1AA or ME14")
        self.postcode.setMaxLength(12)
        self.postcode.setClearButtonEnabled(True)
        cover_label.setBuddy(self.postcode)
        self.cover_button = button("&Find", "Find the services that cover this postcode")
        cover_row.addWidget(cover_label)
        cover_row.addWidget(self.postcode, 1)
        cover_row.addWidget(self.cover_button)
        layout.addLayout(cover_row)
        self.cover_error = label("", kind="error")
        self.cover_error.setVisible(False)
        layout.addWidget(self.cover_error)
        self.cover_notice = label("")
        self.cover_notice.setObjectName("flag")
        self.cover_notice.setContentsMargins(10, 6, 10, 6)
        self.cover_notice.setVisible(False)
        layout.addWidget(self.cover_notice)

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
        self.export_button = button("E&xport…", "Export the directory as JSON or CSV")
        self.export_button.setToolTip(
            "Save the directory as JSON or CSV (services only: never a patient's details)"
        )
        nav.addWidget(self.export_button)
        self.template_button = button("Get the te&mplate…", "Save the CSV template")
        self.template_button.setToolTip(
            "Save the CSV template to fill in: the columns, an example row and every service"
        )
        nav.addWidget(self.template_button)
        self.import_button = button("&Import services file…", "Import services file")
        self.import_button.setToolTip("For practice managers: import an updated services file")
        nav.addWidget(self.import_button)
        layout.addLayout(nav)
        self.file_status = label("", kind="hint", selectable=True)
        self.file_status.setAccessibleName("Export result")
        self.file_status.setVisible(False)
        layout.addWidget(self.file_status)

        self.search.textChanged.connect(self.refresh)
        self.area.currentTextChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(self._show_current)
        self.back_button.clicked.connect(self.back_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.coverage_button.clicked.connect(self.coverage_requested)
        self.activity_button.clicked.connect(self.activity_requested)
        self.postcode.returnPressed.connect(self.find_cover)
        self.postcode.textChanged.connect(self._postcode_edited)
        self.cover_button.clicked.connect(self.find_cover)
        self.export_button.clicked.connect(self.export)
        self.template_button.clicked.connect(self.save_template)
        self.refresh()

    def set_directory(self, directory: Directory) -> None:
        """Show a new directory (after an import or a rollback), keeping the searches; a
        postcode search runs again when the matcher for the new directory arrives."""
        self.directory = directory
        self.set_services(directory.services)

    def set_services(self, services: Sequence[Service]) -> None:
        """Show a new directory (after an import or a rollback), keeping the search."""
        if list(services) != list(self.directory.services):
            self.directory = Directory(tuple(services))
        self.services = list(services)
        self._generation += 1  # a search still running on the old matcher is dropped
        self.matcher = None
        if self.cover_result is not None:
            self._cover_pending = self.postcode.text()
            self.cover_result = None
            self._say_cover("The directory was updated: searching again…")
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
        result = self.cover_result
        matches = {m.service.id: m for m in result.matches} if result is not None else {}
        pool = [m.service for m in result.matches] if result is not None else self.services
        found = filter_services(pool, self.search.text(), self.area.currentText())
        self.list.clear()
        self._shown = []
        self.list.setSpacing(6 if result is not None else 2)  # two lines an item: apart
        for service in found:
            match = matches.get(service.id)
            text = service.name
            if match is not None:
                text += "\n" + match_words.certainty(match)
            # made in the list with its index as its type: no setter per row (see
            # ui.import_preview._Row: each would take a reference from None)
            QListWidgetItem(text, self.list, _ITEM + len(self._shown))
            self._shown.append(service)
        if result is not None:
            self.count.setText(
                f"{match_words.summary(result)}: {len(found)} shown "
                "(clear the postcode to list every service)"
            )
        else:
            self.count.setText(f"{len(found)} of {len(self.services)} services")
        if found:
            self.list.setCurrentRow(0)
        else:
            self.details.setPlainText("No service matches. Try fewer words or another area.")

    def _show_current(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        index = item.type() - _ITEM
        if not 0 <= index < len(self._shown):
            return
        service = self._shown[index]
        html = service_html(service, self.today())
        match = self._match_for(service.id)
        if match is not None and self.cover_result is not None:
            why = match_words.reason(match, self.cover_result)
            html = f"<p><b>{escape(why)}</b></p>" + html
        self.details.setHtml(html)

    def _match_for(self, service_id: str) -> ServiceMatch | None:
        if self.cover_result is None:
            return None
        return next((m for m in self.cover_result.matches if m.service.id == service_id), None)

    # --- which services cover a postcode ---------------------------------------------------

    def set_matcher(self, matcher: Matcher | None) -> None:
        """The matcher for the directory shown (built in the background), or None."""
        self.matcher = matcher
        if matcher is not None and self._cover_pending is not None:
            text, self._cover_pending = self._cover_pending, None
            self._start_cover(text)

    def find_cover(self) -> None:
        """List the services that cover the postcode typed, with how sure each is."""
        text = self.postcode.text()
        self._cover_error("")
        if not text.strip():
            self.clear_cover()
            return
        try:
            parse_postcode(text)
        except PostcodeError as exc:
            self._cover_error(str(exc))
            return
        if self.matcher is None:
            self._cover_pending = text
            self._say_cover("Loading postcode data…")
            return
        self._start_cover(text)

    def _start_cover(self, text: str) -> None:
        self._generation += 1
        generation = self._generation
        matcher = self.matcher
        assert matcher is not None
        self.cover_button.setEnabled(False)
        run_in_background(
            lambda: matcher.match(text),
            lambda result: self._cover_done(generation, result),
            lambda exc: self._cover_failed(generation, exc),
            parent=self,
        )

    def _cover_done(self, generation: int, result: MatchResult) -> None:
        if generation != self._generation:
            return  # cleared or superseded meanwhile
        self.cover_button.setEnabled(True)
        self.cover_result = result
        self._say_cover(match_words.notice(result) or "")
        self.refresh()

    def _cover_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self.cover_button.setEnabled(True)
        self._cover_error(
            str(exc) if isinstance(exc, PostcodeError) else f"The search failed: {exc}"
        )

    def _postcode_edited(self, text: str) -> None:
        if self.cover_error.isVisible():  # typing again: the error has done its job
            self._cover_error("")
        if not text.strip() and (self.cover_result is not None or self._cover_pending):
            self.clear_cover()

    def clear_cover(self) -> None:
        """Back to every service."""
        self._generation += 1
        self._cover_pending = None
        self.cover_button.setEnabled(True)
        self._say_cover("")
        if self.cover_result is not None:
            self.cover_result = None
            self.refresh()

    def _say_cover(self, text: str) -> None:
        self.cover_notice.setText(text)
        self.cover_notice.setAccessibleName(text)
        self.cover_notice.setVisible(bool(text))
        if text:
            announce(self.cover_notice)

    def _cover_error(self, text: str) -> None:
        """One error line, tied to the postcode field and announced."""
        self.cover_error.setText(text)
        self.cover_error.setVisible(bool(text))
        mark_invalid(self.postcode, text)
        if text:
            self._say_cover("")
            announce(self.cover_error)

    # --- export -----------------------------------------------------------------------------

    def _ask_save_path(self, caption: str, start: str, filters: str) -> tuple[str, str]:
        return QFileDialog.getSaveFileName(self, caption, start, filters)

    def export(self) -> None:
        """Save the directory as JSON or CSV where the user chooses."""
        start = str(Path.home() / "spotter-services.json")
        chosen, kind_filter = self.choose_save_path(
            "Export the directory", start, f"{_JSON_FILTER};;{_CSV_FILTER}"
        )
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".csv" if kind_filter == _CSV_FILTER else ".json")
        self._write(path, kind_for(path))

    def save_template(self) -> None:
        """Save the CSV template (columns, an example row, every service) where chosen."""
        start = str(Path.home() / "spotter-services-template.csv")
        chosen, _filter = self.choose_save_path("Save the CSV template", start, _CSV_FILTER)
        if not chosen:
            return
        path = Path(chosen)
        self._write(path if path.suffix else path.with_suffix(".csv"), ExportKind.TEMPLATE)

    def _write(self, path: Path, kind: ExportKind) -> None:
        try:
            count = export_directory(self.directory, path, kind)
        except OSError as exc:
            words = f"Could not write {path}: {exc.strerror or exc}. Nothing was written."
            self.file_status.setObjectName("error")
        else:
            message = export_message(count, path, kind)
            words = message[:1].upper() + message[1:] + "."
            self.file_status.setObjectName("hint")
        self.file_status.setText(words)
        self.file_status.style().unpolish(self.file_status)
        self.file_status.style().polish(self.file_status)
        self.file_status.setVisible(True)
        announce(self.file_status)

    def reset(self) -> None:
        self.search.setText("")  # setText also drops the undo history
        self.area.setCurrentText(ALL_AREAS)
        self.postcode.setText("")  # a postcode is never kept past Clear
        self._cover_error("")
        self.clear_cover()
        self.file_status.setText("")
        self.file_status.setVisible(False)

    def focus_first(self) -> None:
        self.search.setFocus()
