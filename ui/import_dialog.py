"""The practice manager's "Import services file" dialog.

Pick a file (for a council's whole feed: keep only the relevant services, and give the area
the file covers), see its problems grouped or the services it changes in a table
(:mod:`ui.import_preview`), confirm, and roll back if needed. Reading, checking and saving
run off the GUI thread (``ui.worker``), so the window stays responsive for large files; a
progress bar shows how far checking has got.
All the work is done by :mod:`spotter.importing`; this module only shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from spotter.importing import (
    ImportMode,
    ImportPlan,
    ImportRecord,
    ImportValidationError,
    apply_import,
    plan_import,
    rollback,
)
from spotter.importing.preview import preview
from spotter.importing.selection import DEFAULT_TERMS
from spotter.store.database import StoreError, open_store
from spotter.system import paths
from ui.import_preview import PreviewView
from ui.worker import run_with_progress


def _problem_text(exc: Exception) -> str:
    """What to tell the practice manager when background work fails."""
    if isinstance(exc, ImportValidationError):
        return "\n".join(p.message for p in exc.report.errors)
    if isinstance(exc, StoreError):
        return str(exc)
    return f"Unexpected problem: {type(exc).__name__}: {exc}"


_ERROR = "#b3261e"
_OK = "#1b5e20"


class ImportDialog(QDialog):
    """Import an updated services file (CSV or JSON) into the directory."""

    def __init__(self, database: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import services file")
        self.resize(980, 700)
        self._database = database or paths.database_path()
        self._plan: ImportPlan | None = None
        self._busy = False
        self.last_record: ImportRecord | None = None
        #: Asked before a rollback; tests replace it.
        self.confirm_rollback: Callable[[], bool] = self._ask_rollback

        intro = QLabel(
            "Choose the updated services file (CSV from the template, JSON, or an HSDS package "
            "of CSV tables as a .zip or a folder). Nothing "
            "changes until you press <b>Import</b>; the previous directory is kept so the "
            "import can be rolled back."
        )
        intro.setWordWrap(True)

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setPlaceholderText("services.csv or services.json")
        self.path_edit.setAccessibleName("Services file to import")
        self.path_edit.returnPressed.connect(self.check_file)
        browse = QPushButton("Bro&wse…")
        browse.setAccessibleName("Choose the services file")
        browse.clicked.connect(self._browse)
        folder = QPushButton("Fol&der…")
        folder.setObjectName("folderButton")
        folder.setAccessibleName("Choose a folder of HSDS tables")
        folder.clicked.connect(self._browse_folder)
        self.check_button = QPushButton("&Check file")
        self.check_button.setAccessibleName("Check the file")
        self.check_button.clicked.connect(self.check_file)
        file_row = QHBoxLayout()
        file_caption = QLabel("&File:")
        file_caption.setBuddy(self.path_edit)
        file_row.addWidget(file_caption)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_row.addWidget(folder)
        file_row.addWidget(self.check_button)

        self.merge_radio = QRadioButton("&Merge – update by id, add new ones, keep the rest")
        self.merge_radio.setAccessibleName("Merge: update and add services, keep the rest")
        self.replace_radio = QRadioButton(
            "R&eplace – the file becomes the directory (the helpline is always kept)"
        )
        self.replace_radio.setAccessibleName("Replace: the file becomes the directory")
        self.merge_radio.setChecked(True)
        self._modes = QButtonGroup(self)
        self._modes.addButton(self.merge_radio)
        self._modes.addButton(self.replace_radio)
        self._modes.buttonClicked.connect(lambda _button: self._mode_changed())
        modes = QHBoxLayout()
        modes.addWidget(self.merge_radio)
        modes.addWidget(self.replace_radio)
        modes.addStretch(1)

        # A council's whole feed: keep the relevant services, cover those without an area.
        self.select_box = QCheckBox("Se&lect only the relevant services")
        self.select_box.setAccessibleName("Import only the services about these terms")
        self.select_box.setToolTip(
            "For a council's whole feed: keep the services tagged with, named or described "
            "by one of the terms"
        )
        self.select_terms = QLineEdit(", ".join(DEFAULT_TERMS))
        self.select_terms.setAccessibleName("Terms to select services by, separated by commas")
        self.select_terms.setEnabled(False)
        self.select_terms.setCursorPosition(0)
        terms_caption = QLabel("&Terms:")
        terms_caption.setBuddy(self.select_terms)
        self.select_box.toggled.connect(self.select_terms.setEnabled)
        self.area_edit = QLineEdit()
        self.area_edit.setAccessibleName("Area covered by services the file gives no area for")
        self.area_edit.setPlaceholderText("e.g. Medway")
        self.area_edit.setToolTip("The area covered by the services the file gives no area for")
        area_caption = QLabel("Default &area:")
        area_caption.setBuddy(self.area_edit)
        feed_row = QHBoxLayout()
        feed_row.addWidget(self.select_box)
        feed_row.addWidget(terms_caption)
        feed_row.addWidget(self.select_terms, 4)
        feed_row.addSpacing(12)
        feed_row.addWidget(area_caption)
        feed_row.addWidget(self.area_edit, 1)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("Checking… %v of %m")
        self.progress.setAccessibleName("Checking progress")
        self.progress.hide()

        self.summary = QLabel("No file checked yet.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it names the file: show it as is
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Check summary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        self.details = PreviewView()

        self.rollback_button = QPushButton("Roll &back last import")
        self.rollback_button.setAccessibleName("Roll back the last import")
        self.rollback_button.clicked.connect(self.roll_back)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.reject)
        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleName("Import the checked file")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rollback_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addLayout(modes)
        layout.addLayout(feed_row)
        layout.addWidget(line)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)

    # --- state ----------------------------------------------------------------------------

    @property
    def mode(self) -> ImportMode:
        return ImportMode.REPLACE if self.replace_radio.isChecked() else ImportMode.MERGE

    @property
    def plan(self) -> ImportPlan | None:
        return self._plan

    @property
    def busy(self) -> bool:
        return self._busy

    def reject(self) -> None:
        """Close (Esc, Close, the title bar), but not while the file is being read or saved:
        the main window reloads the directory when this dialog closes."""
        if self._busy:
            self._say("Please wait: the directory is being updated.", _ERROR)
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            self._say("Please wait: the directory is being updated.", _ERROR)
            return
        super().closeEvent(event)

    def _set_busy(self, busy: bool, label: str = "") -> None:
        self._busy = busy
        for widget in (self.check_button, self.rollback_button, self.path_edit, self.area_edit):
            widget.setEnabled(not busy)
        self.select_box.setEnabled(not busy)
        self.select_terms.setEnabled(not busy and self.select_box.isChecked())
        self.merge_radio.setEnabled(not busy)
        self.replace_radio.setEnabled(not busy)
        if busy:
            self.import_button.setEnabled(False)
            self.progress.setRange(0, 0)
            self.progress.setFormat(label)
            self.progress.show()
        else:
            self.progress.setAccessibleName("Checking progress")
        self.progress.hide()

    def _say(self, text: str, colour: str = "") -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {colour};" if colour else "")

    def _run(
        self,
        label: str,
        work: Callable[[Callable[[int, int], None]], Any],
        done: Callable[[Any], None],
    ) -> None:
        def finished(result: Any) -> None:
            done(result)
            self._finished()

        def failed(exc: Exception) -> None:
            self._failed(_problem_text(exc))
            self._finished()

        self._set_busy(True, label)
        run_with_progress(work, self._progress, finished, failed, parent=self)

    def _finished(self) -> None:
        self._set_busy(False)
        self._update_import_button()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat("Checking… %v of %m services")

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._say(message, _ERROR)

    def _update_import_button(self) -> None:
        plan = self._plan
        ready = plan is not None and plan.ok and plan.diff.has_changes and not self._busy
        self.import_button.setEnabled(ready)

    # --- actions --------------------------------------------------------------------------

    def _browse(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a services file",
            start,
            "Services files (*.csv *.json *.txt *.zip);;All (*)",
        )
        if chosen:
            self.path_edit.setText(chosen)
            self.check_file()

    def _browse_folder(self) -> None:
        """An HSDS tabular package unzipped: the folder holding services.csv."""
        start = self.path_edit.text() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Choose the folder of HSDS tables", start)
        if chosen:
            self.path_edit.setText(chosen)
            self.check_file()

    def _mode_changed(self) -> None:
        if self._plan is not None and not self._busy:
            self.check_file()

    def check_file(self) -> None:
        """Check the file and show its problems or its changes (on the worker thread)."""
        text = self.path_edit.text().strip()
        if not text or self._busy:
            if not text:
                self._say("Choose a file first.", _ERROR)
            return
        path, mode, database = Path(text), self.mode, self._database
        select, area = self.selection_terms(), self.area_edit.text().strip() or None
        self._plan = None
        self.details.clear()
        self._say(f"Checking {path.name}…")

        def work(progress: Callable[[int, int], None]) -> ImportPlan:
            with open_store(database) as store:
                return plan_import(
                    store, path, mode, on_progress=progress, select=select, area=area
                )

        self._run("Reading the file…", work, self._show_plan)

    def selection_terms(self) -> list[str] | None:
        """The terms to select services by (an empty list: the usual ones); None: keep all."""
        if not self.select_box.isChecked():
            return None
        return [t.strip() for t in self.select_terms.text().split(",") if t.strip()]

    def _show_plan(self, plan: ImportPlan) -> None:
        self._plan = plan
        report = plan.report
        if not plan.ok:
            n = len(report.errors)
            if all(p.field == "database" for p in report.errors):  # busy, full: not the file
                self._say(report.summary(), _ERROR)
            else:
                self._say(
                    f"{n} problem{'s' if n != 1 else ''} found – nothing will be imported. "
                    "Correct the file and check it again.",
                    _ERROR,
                )
            self.details.show_preview(preview(plan), services=False)
            return
        counts = plan.diff.counts()
        selection = plan.file.selection
        left_out = (
            f", {selection.total - selection.selected} not selected"
            if selection is not None
            else ""
        )
        if plan.diff.has_changes:
            removing = (
                f" {counts['removed']} services will be removed." if counts["removed"] else ""
            )
            self._say(
                f"Ready to import ({plan.mode.value}): {counts['added']} added, "
                f"{counts['changed']} changed, {counts['removed']} removed, "
                f"{counts['unchanged']} unchanged{left_out}.{removing} Check the changes, "
                "then press "
                "Import.",
                "#8a4b00" if counts["removed"] else _OK,
            )
        else:
            self._say("The directory already matches this file: nothing to import.", _OK)
        self.details.show_preview(preview(plan), services=True)

    def confirm(self) -> None:
        """Apply the checked plan (on the worker thread)."""
        plan = self._plan
        if plan is None or not plan.ok or self._busy:
            return
        database = self._database

        def work(progress: Callable[[int, int], None]) -> ImportRecord:
            with open_store(database) as store:
                return apply_import(store, plan, on_progress=progress)

        self._run("Saving…", work, self._imported)

    def _imported(self, record: ImportRecord) -> None:
        self.last_record = record
        self._plan = None
        self.details.clear()  # the preview said what would happen; it has happened
        self._say(
            f"Imported {record.file_name}: {record.added} added, {record.changed} changed, "
            f"{record.removed} removed. The previous directory is kept: "
            "“Roll back last import” puts it back.",
            _OK,
        )

    def _ask_rollback(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Roll back",
            "Put back the directory as it was before the last import?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def roll_back(self) -> None:
        if self._busy or not self.confirm_rollback():
            return
        database = self._database

        def work(_progress: Callable[[int, int], None]) -> ImportRecord:
            with open_store(database) as store:
                return rollback(store)

        self._run("Rolling back…", work, self._rolled_back)

    def _rolled_back(self, record: ImportRecord) -> None:
        self.last_record = record
        self._plan = None
        self.details.clear()
        self._say(
            f"Rolled back: the directory is as it was before importing {record.file_name}.",
            _OK,
        )


__all__ = ["ImportDialog"]
