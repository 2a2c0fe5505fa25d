"""The referral letter dialog: the form, the exact PDF previewed in-app, printing and saving.

The PDF is made off the GUI thread (``run_in_background``) and kept only in memory; the
preview reads it through a QBuffer. The only file ever written is the one the user picks in
"Save as PDF…". Clearing the app (Ctrl+Shift+X, the idle timeout) calls :meth:`discard`,
which wipes the form and the PDF and closes the dialog without asking; Esc or Close on a form
with something typed in it asks first (:func:`confirm_discard`).

Printing goes through :func:`choose_printer` (the system print dialog) and then
:func:`ui.letter_pdf.print_pdf`; tests replace ``choose_printer`` to print to a PDF file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spotter import __version__
from spotter.directory import Service
from spotter.directory.review import CHECK, review_note
from spotter.letters import LetterInputError, render_referral_pdf
from spotter.letters.from_app import (
    default_file_name,
    postcode_for_letter,
    screening_summary,
    service_addressee,
)
from spotter.letters.from_settings import clinician_from_settings, practice_from_settings
from spotter.screening import Answer, Outcome, Route, ScreeningContent
from spotter.store.settings import Settings
from spotter.system.files import write_file_atomically
from ui.letter_form import LetterForm
from ui.letter_pdf import MemoryPdf, print_pdf
from ui.widgets import button, label, title
from ui.worker import run_in_background

SAVE_HINT = (
    "The saved letter holds patient details: save it only where your practice keeps "
    "patient records."
)


#: The screening question whose answer pre-fills "Is the other person registered here?".
OTHER_PERSON_REGISTERED = "other_person_registered"


class DiscardQuestion(QMessageBox):
    """ "Discard this letter?", asked before a filled letter is closed. "Keep writing" is the
    default and what Esc does. Opened window-modal, never with a nested event loop, so Clear
    or the idle timeout can close the letter (and the question) at any moment."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Discard this letter?")
        self.setText("Discard this letter? What you typed is not kept anywhere.")
        self.discard_button = self.addButton(
            "&Discard the letter", QMessageBox.ButtonRole.DestructiveRole
        )
        self.keep_button = self.addButton("&Keep writing", QMessageBox.ButtonRole.RejectRole)
        self.discard_button.setAccessibleName("Discard the letter")
        self.keep_button.setAccessibleName("Keep writing")
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)

    @property
    def discarded(self) -> bool:
        return self.clickedButton() is self.discard_button


def choose_printer(parent: QWidget) -> QPrinter | None:
    """Ask for a printer with the system print dialog; ``None`` if the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the referral letter")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


class LetterDialog(QDialog):
    """A referral letter to ``service``, from the screening ``outcome`` and the ``settings``."""

    #: The user pressed Ctrl+Shift+X in the dialog: the main window should clear everything.
    clear_requested = Signal()
    #: A PDF finished rendering (the action it was for: "preview", "print" or "save").
    rendered = Signal(str)
    #: The letter was printed or saved (for the activity counts: the service, nothing else).
    produced = Signal()

    def __init__(
        self,
        service: Service,
        outcome: Outcome | None,
        settings: Settings,
        *,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        app_version: str = __version__,
        content: ScreeningContent | None = None,
        answers: Mapping[str, Answer | None] | None = None,
        postcode: str = "",
    ) -> None:
        super().__init__(parent)
        self._discarding = False
        #: The "Discard this letter?" question while it is open.
        self.question: DiscardQuestion | None = None
        self._focus_before: QWidget | None = None
        self.service = service
        self.today = today
        self.app_version = app_version
        self.pdf: bytes | None = None
        self.last_saved: Path | None = None
        self.pages_printed = 0
        self._generation = 0
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Referral letter to {service.name}")
        self.setAccessibleName(f"Referral letter to {service.name}")
        self.setMinimumSize(640, 480)
        self.resize(980, 720)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(8)
        self.heading = title(f"Referral letter to {service.name}")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(
            label(
                "Fill in what the person agreed to share. Nothing is kept when you close this "
                "window or clear.",
                kind="hint",
            )
        )

        note = review_note(service, today(), settings.review_months)
        self.review = label(note or "")
        self.review.setObjectName("flag")
        self.review.setContentsMargins(10, 6, 10, 6)
        self.review.setAccessibleName(CHECK)
        layout.addWidget(self.review)
        self.review.setVisible(note is not None)  # after it has a parent: never a window

        registered = (answers or {}).get(OTHER_PERSON_REGISTERED)
        self.form = LetterForm(
            service_addressee(service),
            practice_from_settings(settings),
            clinician_from_settings(settings),
            screening_summary(outcome, content, answers),
            route=outcome.route if outcome is not None else Route.PATIENT,
            postcode=postcode_for_letter(postcode),
            other_patient_here=None if registered is None else registered is Answer.YES,
            today=today,
        )
        self.memory_pdf = MemoryPdf(self)
        self.view = QPdfView()
        self.view.setAccessibleName("Letter preview")
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.memory_pdf.document)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)

        self.status = label("", selectable=True)
        self.status.setAccessibleName("Letter status")
        layout.addWidget(self.status)

        row = QHBoxLayout()
        self.back_button = button("← Back to the &form", "Back to the form")
        self.preview_button = button("&Preview letter", "Preview the letter", kind="primary")
        self.print_button = button("P&rint…", "Print the letter")
        self.save_button = button("&Save as PDF…", "Save the letter as a PDF file")
        self.save_button.setToolTip(SAVE_HINT)
        self.close_button = button("Close", "Close without keeping anything")
        self.close_button.setToolTip(
            "Close the letter; nothing typed here is kept (Esc). Asks first if you typed anything."
        )
        for widget in (self.back_button, self.preview_button, self.print_button):
            row.addWidget(widget)
        row.addWidget(self.save_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.back_button.setVisible(False)

        self.back_button.clicked.connect(self.show_form)
        self.preview_button.clicked.connect(lambda: self.request("preview"))
        self.print_button.clicked.connect(lambda: self.request("print"))
        self.save_button.clicked.connect(lambda: self.request("save"))
        self.close_button.clicked.connect(self.reject)

        self.clear_shortcut = QShortcut(QKeySequence("Ctrl+Shift+X"), self)
        self.clear_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.clear_shortcut.activated.connect(self.clear_requested)
        self.form.fields["patient.name"].setFocus()

    # --- pages ----------------------------------------------------------------------------

    def show_form(self) -> None:
        self.stack.setCurrentWidget(self.form)
        self.back_button.setVisible(False)
        self.preview_button.setVisible(True)
        first = self.form.fields["patient.name"]
        self.form.ensureWidgetVisible(first)  # the focus is never on a field scrolled away
        first.setFocus()

    def show_preview(self) -> None:
        self.stack.setCurrentWidget(self.view)
        self.back_button.setVisible(True)
        self.preview_button.setVisible(False)
        self.view.setFocus()

    # --- making the PDF -------------------------------------------------------------------

    def request(self, action: str) -> None:
        """Check the form, then make the PDF off the GUI thread and ``action`` it."""
        referral, problems = self.form.collect()
        if referral is None:
            self.show_form()
            self.form.show_errors(problems)
            count = len(problems)
            self._say(
                "Please check the highlighted field before the letter can be made."
                if count == 1
                else f"Please check the {count} highlighted fields before the letter can be made.",
                error=True,
            )
            return
        self.form.clear_errors()
        self.form.update_warnings()
        self._generation += 1
        generation = self._generation
        self._busy(True)
        self._say("Preparing the letter…")
        version = self.app_version
        run_in_background(
            lambda: render_referral_pdf(referral, app_version=version),
            lambda pdf: self._rendered(generation, action, pdf),
            lambda exc: self._failed(generation, exc),
            parent=self,
        )

    def _rendered(self, generation: int, action: str, pdf: bytes) -> None:
        if generation != self._generation:
            return  # discarded or superseded meanwhile
        self._busy(False)
        self.pdf = pdf
        if action == "preview":
            pages = self.memory_pdf.load(pdf)
            self.show_preview()
            self._say(
                f"This is the letter exactly as it will print ({pages} "
                f"page{'s' if pages != 1 else ''})."
            )
        elif action == "print":
            self._print(pdf)
        else:
            self._save(pdf)
        self.rendered.emit(action)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._busy(False)
        if isinstance(exc, LetterInputError):
            self.show_form()
            self.form.show_errors([exc])
            self._say("Please check the highlighted field.", error=True)
        else:
            self._say(f"The letter could not be made: {exc}", error=True)

    def _busy(self, busy: bool) -> None:
        for widget in (self.preview_button, self.print_button, self.save_button):
            widget.setEnabled(not busy)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setObjectName("error" if error else "")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # --- print and save -------------------------------------------------------------------

    def _print(self, pdf: bytes) -> None:
        generation = self._generation
        printer = choose_printer(self)
        if generation != self._generation:
            return  # cleared (Clear or idle timeout) while the print dialog was open
        if printer is None:
            self._say("Printing cancelled.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pages_printed = print_pdf(pdf, printer)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.pages_printed:
            self._say(f"Sent {self.pages_printed} page(s) to {printer.printerName() or 'print'}.")
            self.produced.emit()
        else:
            self._say("The printer could not be used; nothing was printed.", error=True)

    def suggested_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(folder) / default_file_name(self.service.name, self.today())

    def _save(self, pdf: bytes) -> None:
        generation = self._generation
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the referral letter", str(self.suggested_path()), "PDF files (*.pdf)"
        )
        if generation != self._generation:
            return  # cleared (Clear or idle timeout) while the save dialog was open
        if not chosen:
            self._say("Not saved.")
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_file_atomically(path, pdf)
        except OSError as exc:
            self._say(f"Could not save to {path}: {exc.strerror or exc}", error=True)
            return
        self.last_saved = path
        self._say(f"Saved to {path}.")
        self.produced.emit()

    # --- discarding -----------------------------------------------------------------------

    def discard(self) -> None:
        """Wipe the form and the PDF from memory and close, without asking (Clear, the idle
        timeout). Safe to call more than once."""
        self._discarding = True
        self._generation += 1  # a render still running, or a print/save dialog, is dropped
        for child in self.findChildren(QDialog):  # an open print or save dialog goes too
            child.reject()
        if self.question is not None:  # and a "Discard this letter?" question
            self.question.reject()
        self.form.wipe()
        self.memory_pdf.close()
        self.pdf = None
        self.status.setText("")
        self.show_form()
        self.reject()

    def reject(self) -> None:
        """Esc, Close or the window's close button: ask first when something was typed."""
        if self._discarding or not self.form.is_filled:
            super().reject()
            return
        if self.question is None:
            self._focus_before = QApplication.focusWidget()
            self.question = DiscardQuestion(self)
            self.question.finished.connect(self._answered)
            clear = QShortcut(QKeySequence("Ctrl+Shift+X"), self.question)  # Clear works here too
            clear.activated.connect(self.clear_requested)
            self.question.open()

    def _answered(self) -> None:
        question, self.question = self.question, None
        if question is None:
            return
        question.deleteLater()
        if self._discarding:
            return  # cleared meanwhile: the letter is already wiped and closing
        if question.discarded:
            self._discarding = True
            super().reject()
            return
        self.activateWindow()
        before = self._focus_before  # "Keep writing": back where the person was
        if before is not None and self.isAncestorOf(before):
            before.setFocus()
        else:
            self.form.fields["patient.name"].setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)  # QDialog asks reject(); still visible means "keep writing"
        if event.isAccepted() and not self.isVisible():
            self._wipe_quietly()

    def done(self, result: int) -> None:
        self._wipe_quietly()
        super().done(result)

    def _wipe_quietly(self) -> None:
        self._generation += 1
        self.form.wipe()
        self.memory_pdf.close()
        self.pdf = None


def open_letter_dialog(
    parent: QWidget,
    service: Service,
    outcome: Outcome | None,
    settings: Settings,
    *,
    today: Callable[[], date] = date.today,
    content: ScreeningContent | None = None,
    answers: Mapping[str, Answer | None] | None = None,
    postcode: str = "",
) -> LetterDialog:
    """Open a window-modal letter dialog over ``parent`` (one at a time) and return it."""
    for old in parent.findChildren(LetterDialog):
        old.discard()
    dialog = LetterDialog(
        service,
        outcome,
        settings,
        parent=parent,
        today=today,
        content=content,
        answers=answers,
        postcode=postcode,
    )
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()  # keyboard focus goes straight to the patient's name
    return dialog
