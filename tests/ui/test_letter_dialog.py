"""The referral letter dialog: typed by keyboard, previewed, printed, saved, and wiped on Clear.

Native dialogs cannot be driven offscreen, so two seams stand in for them:
``QFileDialog.getSaveFileName`` is monkeypatched to return a chosen path (the usual pytest-qt
way), and ``ui.letter_dialog.choose_printer`` (which would run ``QPrintDialog``) is
monkeypatched to return a ``QPrinter`` writing PDF to a file. Everything after the choice is
the real code path.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_steps import HIGH_CONCERN_EX_PARTNER_CHILDREN, QUESTIONS, focused, press, start_route

from spotter.directory import HELPLINE_NUMBER, Service
from spotter.screening import Answer, Outcome, evaluate, load_bundled
from spotter.store.database import Store
from spotter.store.settings import Settings
from ui.letter_dialog import LetterDialog
from ui.letter_pdf import print_pdf
from ui.main_window import MainWindow

TODAY = date(2026, 3, 3)
SETTINGS = Settings(
    values={
        "practice_name": "Riverside Medical Practice",
        "practice_address": "1 Health Street\nMaidstone ME14 1AA",
        "practice_ods_code": "Y00000",
        "practice_phone": "01632 960000",
        "clinician_name": "Dr Alex Sample",
        "clinician_role": "General Practitioner",
        "clinician_registration": "GMC 0000000",
    }
)
SAFE_WAYS = "Mobile only, call do not text"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _service(store: Store, service_id: str = "paladin-advocacy") -> Service:
    service = store.load_directory().get(service_id)
    assert service is not None
    return service


def _outcome(keys: str = HIGH_CONCERN_EX_PARTNER_CHILDREN) -> Outcome:
    content = load_bundled()
    words = {"Y": Answer.YES, "N": Answer.NO}
    return evaluate(content, {p.id: words[k] for p, k in zip(content.prompts, keys, strict=True)})


@pytest.fixture
def make_dialog(
    qtbot: QtBot, styled: None, store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., LetterDialog]]:
    # A fixed letter reference, so the screenshots only change when the screen does.
    monkeypatch.setattr("ui.letter_form.new_reference", lambda on: f"SPT-{on:%Y%m%d}-7KQ4")

    made: list[LetterDialog] = []

    def make(
        service: Service | None = None, outcome: Outcome | None = None, **kwargs: Any
    ) -> LetterDialog:
        dialog = LetterDialog(
            service or _service(store),
            outcome or _outcome(),
            SETTINGS,
            today=lambda: TODAY,
            **kwargs,
        )
        made.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # the test inspects it
        # Not qtbot.addWidget: its close at teardown would ask "Discard this letter?".
        dialog.resize(1024, 768)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        dialog.form.fields["patient.name"].setFocus()
        return dialog

    yield make
    from ui.worker import wait_for_background

    wait_for_background()
    for dialog in made:  # closed as Clear would: a filled form would otherwise ask first
        if shiboken6.isValid(dialog):
            dialog.discard()
            dialog.deleteLater()


@pytest.fixture
def dialog(make_dialog: Callable[[], LetterDialog]) -> LetterDialog:
    return make_dialog()


def _type(qtbot: QtBot, dialog: LetterDialog, text: str) -> None:
    """Type into whatever has the focus, then Tab on to the next field."""
    widget = QApplication.focusWidget() or dialog
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def _key(qtbot: QtBot, dialog: LetterDialog, key: Qt.Key, then_tab: bool = True) -> None:
    widget = QApplication.focusWidget() or dialog
    qtbot.keyClick(widget, key)
    if then_tab:
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)


def fill_by_keyboard(qtbot: QtBot, dialog: LetterDialog, *, consent: bool = True) -> None:
    """Fill every field in tab order, as a receptionist would, starting at the name."""
    assert QApplication.focusWidget() is dialog.form.fields["patient.name"]
    _type(qtbot, dialog, "Jane Example")
    _type(qtbot, dialog, "02/07/1988")
    _type(qtbot, dialog, "943 476 5919")
    _type(qtbot, dialog, "12 Sample Road")  # address
    _type(qtbot, dialog, "ME14 1AA")
    _type(qtbot, dialog, "07700 900123")
    _type(qtbot, dialog, SAFE_WAYS)
    _type(qtbot, dialog, "Weekdays 10:00-14:00")
    _key(qtbot, dialog, Qt.Key.Key_Down)  # voicemail: Not known -> Yes
    for _ in range(2):  # letter home: Not known -> Yes -> No
        _key(qtbot, dialog, Qt.Key.Key_Down, then_tab=False)
    qtbot.keyClick(focused_in(dialog), Qt.Key.Key_Tab)
    _type(qtbot, dialog, "Say it is the surgery about an appointment")
    _type(qtbot, dialog, "Polish")
    _key(qtbot, dialog, Qt.Key.Key_Space)  # interpreter needed
    # Risk and actions
    _key(qtbot, dialog, Qt.Key.Key_Down)  # police told: Not recorded -> Yes
    _type(qtbot, dialog, "KE-20260301-0457")  # crime reference
    _key(qtbot, dialog, Qt.Key.Key_Down)  # safeguarding lead told: Yes
    for _ in range(2):  # MARAC: Not recorded -> Not considered -> Considered
        _key(qtbot, dialog, Qt.Key.Key_Down, then_tab=False)
    qtbot.keyClick(focused_in(dialog), Qt.Key.Key_Tab)
    # The other person (optional)
    _type(qtbot, dialog, "John Example")
    _type(qtbot, dialog, "Former partner")
    _type(qtbot, dialog, "Unknown, somewhere in Maidstone")
    _type(qtbot, dialog, "Silver hatchback")
    for _ in range(2):  # registered here: Not known -> Yes -> No
        _key(qtbot, dialog, Qt.Key.Key_Down, then_tab=False)
    qtbot.keyClick(focused_in(dialog), Qt.Key.Key_Tab)
    if consent:
        _key(qtbot, dialog, Qt.Key.Key_Space)  # referral consent
        _key(qtbot, dialog, Qt.Key.Key_Space)  # sharing consent
    else:
        _type(qtbot, dialog, "")
        _type(qtbot, dialog, "")
    _type(qtbot, dialog, "Patient, verbally in consultation")
    _type(qtbot, dialog, "")  # date given: today, already filled in
    _type(qtbot, dialog, "")  # under 16 only: competent to consent alone
    _type(qtbot, dialog, "Her former partner waits outside her work every day.")


def focused_in(dialog: LetterDialog) -> QWidget:
    return QApplication.focusWidget() or dialog


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _alt(qtbot: QtBot, dialog: LetterDialog, key: Qt.Key, button: QAbstractButton) -> None:
    """Press a button by its Alt mnemonic (Qt animates the press, so wait for the click)."""
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(focused_in(dialog), key, Qt.KeyboardModifier.AltModifier)


# --- the form ---------------------------------------------------------------------------------


def test_keyboard_fill_fills_each_field(qtbot: QtBot, dialog: LetterDialog) -> None:
    fill_by_keyboard(qtbot, dialog)
    form = dialog.form
    assert form.text("patient.name") == "Jane Example"
    assert form.text("patient.nhs_number") == "943 476 5919"
    assert form.text("safe_contact.safe_ways") == SAFE_WAYS
    assert form.choice("safe_contact.voicemail_safe") is True
    assert form.choice("safe_contact.letter_home_safe") is False
    assert form.checked("interpreter_needed")
    assert form.checked("consent.referral_consent") and form.checked("consent.sharing_consent")
    assert form.text("consent.given_on") == "03/03/2026"
    assert form.text("concerns").startswith("Her former partner")
    referral, problems = form.collect()
    assert problems == [] and referral is not None
    assert referral.patient.date_of_birth == date(1988, 7, 2)
    assert referral.patient.nhs_number == "9434765919"


def test_service_and_screening_are_shown_and_the_practice_and_signer_are_fields(
    dialog: LetterDialog,
) -> None:
    texts = " ".join(w.text() for w in dialog.findChildren(QLabel) if w.isVisible())
    assert "Paladin National Stalking Advocacy Service" in texts
    assert "Postal address: none on record" in texts
    assert "Outcome: High concern" in texts
    assert "Children: talk to the safeguarding lead" in texts
    form = dialog.form
    assert form.text("practice.name") == "Riverside Medical Practice"
    assert form.text("referrer.name") == "Dr Alex Sample"
    assert form.text("practice.email") == ""  # not set in these settings
    assert not form.is_filled  # defaults are not "something typed"


def test_invalid_nhs_number_is_named_inline_while_typing(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    field = dialog.form.fields["patient.nhs_number"]
    error = dialog.form.errors["patient.nhs_number"]
    field.setFocus()
    qtbot.keyClicks(field, "943 476")
    assert not error.isVisible()  # still typing: no alarm yet
    qtbot.keyClicks(field, " 5918")
    assert error.isVisible()
    assert error.text().startswith("NHS number")
    assert "not a valid NHS number" in error.text()
    assert field.accessibleDescription() == error.text()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, "9")
    assert not error.isVisible()


def test_missing_consent_refuses_preview_and_save(
    qtbot: QtBot, dialog: LetterDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a))
    fill_by_keyboard(qtbot, dialog, consent=False)
    _alt(qtbot, dialog, Qt.Key.Key_P, dialog.preview_button)  # Preview
    error = dialog.form.errors["consent.referral_consent"]
    assert error.isVisible() and "must consent to the referral" in error.text()
    sharing = dialog.form.errors["consent.sharing_consent"]
    assert sharing.isVisible() and "consent to sharing" in sharing.text()
    assert QApplication.focusWidget() is dialog.form.fields["consent.referral_consent"]
    assert dialog.stack.currentWidget() is dialog.form
    assert "2 highlighted fields" in dialog.status.text()
    _alt(qtbot, dialog, Qt.Key.Key_S, dialog.save_button)  # Save as PDF
    qtbot.wait(50)
    assert asked == [] and dialog.pdf is None


def test_required_fields_are_all_reported_at_once(qtbot: QtBot, dialog: LetterDialog) -> None:
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    shown = {key for key, error in dialog.form.errors.items() if error.isVisible()}
    assert shown == {
        "patient.name",
        "patient.date_of_birth",
        "safe_contact.safe_ways",
        "consent.referral_consent",
        "consent.sharing_consent",
        "consent.given_by",
    }
    assert not dialog.form.service_error.isVisible()
    assert dialog.form.errors["patient.date_of_birth"].text() == (
        "Date of birth: is required (DD/MM/YYYY)"
    )


def test_date_of_birth_in_the_future_is_refused_next_to_it(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    fill_by_keyboard(qtbot, dialog)
    dob = dialog.form.fields["patient.date_of_birth"]
    assert isinstance(dob, QLineEdit)
    dob.selectAll()
    qtbot.keyClicks(dob, "04/03/2026")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    error = dialog.form.errors["patient.date_of_birth"]
    assert error.isVisible() and "after the letter date" in error.text()


# --- preview, print, save ---------------------------------------------------------------------


def test_preview_shows_the_exact_pdf_rendered_off_thread(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    fill_by_keyboard(qtbot, dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        _alt(qtbot, dialog, Qt.Key.Key_P, dialog.preview_button)
    document = dialog.memory_pdf.document
    assert document.status() == QPdfDocument.Status.Ready
    assert document.pageCount() >= 1
    assert dialog.stack.currentWidget() is dialog.view
    assert dialog.back_button.isVisible() and not dialog.preview_button.isVisible()
    assert dialog.pdf is not None
    text = _pdf_text(dialog.pdf)
    for expected in (
        "Jane Example",
        "Paladin National Stalking Advocacy Service",
        HELPLINE_NUMBER,
        "The patient consented to this referral",
        SAFE_WAYS,
        "Riverside Medical Practice",
        "High concern",
        dialog.form.reference,
    ):
        assert expected in text, expected
    _alt(qtbot, dialog, Qt.Key.Key_F, dialog.back_button)  # back to the form, nothing lost
    assert dialog.stack.currentWidget() is dialog.form
    assert dialog.form.text("patient.name") == "Jane Example"


def test_print_button_prints_every_page(
    qtbot: QtBot, dialog: LetterDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"

    def pdf_printer(parent: QWidget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr("ui.letter_dialog.choose_printer", pdf_printer)
    fill_by_keyboard(qtbot, dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        _alt(qtbot, dialog, Qt.Key.Key_R, dialog.print_button)  # Print…
    assert dialog.pdf is not None
    pages = len(PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert dialog.pages_printed == pages
    printed = PdfReader(out)
    assert len(printed.pages) == pages
    assert "Sent" in dialog.status.text()


def test_print_pdf_draws_each_page_at_printer_resolution(
    qtbot: QtBot, dialog: LetterDialog, tmp_path: Path
) -> None:
    fill_by_keyboard(qtbot, dialog)
    referral, _ = dialog.form.collect()
    assert referral is not None
    from dataclasses import replace

    from spotter.letters import render_referral_pdf

    long = replace(referral, concerns="\n\n".join(["A long account of what happened."] * 120))
    pdf = render_referral_pdf(long, app_version="test")
    expected = len(PdfReader(io.BytesIO(pdf)).pages)
    assert expected >= 3
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "long.pdf"))
    assert print_pdf(pdf, printer, max_dpi=150) == expected
    printed = PdfReader(tmp_path / "long.pdf")
    assert len(printed.pages) == expected
    box = printed.pages[0].mediabox
    assert round(float(box.width)) in range(594, 597)  # A4, 595 pt wide
    assert print_pdf(b"not a pdf", printer) == 0


def _files(*roots: Path) -> set[Path]:
    return {p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}


def test_save_writes_exactly_one_file_where_chosen(
    qtbot: QtBot,
    dialog: LetterDialog,
    tmp_path: Path,
    _isolated_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = tmp_path / "letters" / "for-the-record"
    chosen.parent.mkdir()
    suggested: list[str] = []

    def save_dialog(parent: QWidget, caption: str, directory: str, filter: str) -> tuple[str, str]:
        suggested.append(directory)
        return str(chosen), filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    fill_by_keyboard(qtbot, dialog)
    before = _files(tmp_path, _isolated_dirs)
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        _alt(qtbot, dialog, Qt.Key.Key_S, dialog.save_button)
    target = chosen.with_name("for-the-record.pdf")
    assert _files(tmp_path, _isolated_dirs) - before == {target}
    assert before - _files(tmp_path, _isolated_dirs) == set()
    assert target.read_bytes() == dialog.pdf
    assert Path(suggested[0]).name == (
        "referral-paladin-national-stalking-advocacy-service-2026-03-03.pdf"
    )
    assert "Jane" not in suggested[0]
    assert dialog.last_saved == target
    assert "Saved to" in dialog.status.text()


@pytest.mark.parametrize("action", ["save", "print"])
def test_a_clear_while_the_save_or_print_dialog_is_open_writes_and_prints_nothing(
    qtbot: QtBot,
    dialog: LetterDialog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    action: str,
) -> None:
    target = tmp_path / "letter.pdf"

    def save_dialog(parent: QWidget, *args: object) -> tuple[str, str]:
        dialog.discard()  # the idle timeout fires while the person is choosing a file
        return str(target), "PDF files (*.pdf)"

    def pdf_printer(parent: QWidget) -> QPrinter:
        dialog.discard()  # ... or while they are choosing a printer
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr("ui.letter_dialog.choose_printer", pdf_printer)
    fill_by_keyboard(qtbot, dialog)
    key, button = (
        (Qt.Key.Key_S, dialog.save_button)
        if action == "save"
        else (Qt.Key.Key_R, dialog.print_button)
    )
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        _alt(qtbot, dialog, key, button)
    assert not target.exists()
    assert dialog.pdf is None and dialog.form.text("patient.name") == ""
    assert dialog.pages_printed == 0


# --- layout, names, screenshots ---------------------------------------------------------------

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox)


def test_every_control_has_an_accessible_name(dialog: LetterDialog) -> None:
    missing = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for w in dialog.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and not w.accessibleName()
        and not type(w).__name__.startswith("QScroll")
        and not isinstance(w.parent(), QLineEdit | QComboBox)
    ]
    assert missing == []
    assert dialog.view.accessibleName() == "Letter preview"


@pytest.fixture
def big_text(qapp: QApplication, styled: None) -> Iterator[None]:
    original = QFont(qapp.font())
    font = QFont(original)
    font.setPointSizeF(original.pointSizeF() * 2)
    qapp.setFont(font)
    yield
    qapp.setFont(original)


def _inside(dialog: LetterDialog, widget: QWidget) -> bool:
    top_left = widget.mapTo(dialog, QPoint(0, 0))
    fits = widget.width() >= widget.minimumSizeHint().width()
    return widget.isVisible() and fits and dialog.rect().contains(QRect(top_left, widget.size()))


def test_buttons_and_fields_fit_at_200_percent_text(
    qtbot: QtBot, big_text: None, make_dialog: Callable[[], LetterDialog]
) -> None:
    dialog = make_dialog()
    qtbot.wait(10)
    for widget in (dialog.preview_button, dialog.print_button, dialog.save_button):
        assert _inside(dialog, widget), widget.text()
    assert _inside(dialog, dialog.close_button)
    assert not dialog.form.horizontalScrollBar().isVisible()  # nothing cut off at the side
    concerns = dialog.form.fields["concerns"]
    dialog.form.ensureWidgetVisible(concerns)
    qtbot.wait(10)
    assert concerns.isVisible() and concerns.width() > 200


def test_screenshots_of_the_form_and_the_preview(
    qtbot: QtBot, dialog: LetterDialog, shots: Path
) -> None:
    fill_by_keyboard(qtbot, dialog)
    dialog.form.verticalScrollBar().setValue(0)
    dialog.form.fields["patient.name"].setFocus()
    QApplication.processEvents()
    assert dialog.grab().save(str(shots / "letter-form.png"))
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert dialog.grab().save(str(shots / "letter-preview.png"))


# --- from the main window ---------------------------------------------------------------------


def _letter_dialogs(window: MainWindow) -> list[LetterDialog]:
    return [d for d in window.findChildren(LetterDialog) if shiboken6.isValid(d)]


def test_from_services_to_letter_and_clear_wipes_it(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # Find services
    qtbot.keyClicks(window.services_page.postcode, "ME14 1AA")
    qtbot.keyClick(window.services_page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    cards = {card.service.id: card for card in window.services_page.cards}
    silent = cards["protection-against-stalking"]  # no phone or email on record
    assert not silent.letter_button.isEnabled()
    assert "Directory → Import services file…" in silent.no_letter.text()
    assert silent.no_letter.isVisible()
    helpline = cards["national-stalking-helpline"]
    assert not helpline.letter_button.isEnabled()
    assert "is a helpline" in helpline.letter_button.toolTip()
    card = cards["paladin-advocacy"]
    assert card.letter_button.isEnabled() and card.letter_button.toolTip() == ""
    assert not card.no_letter.isVisible()
    card.letter_button.setFocus()
    qtbot.keyClick(card.letter_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(_letter_dialogs(window)), timeout=5000)
    dialog = _letter_dialogs(window)[0]
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.form.fields["patient.name"]
    assert dialog.isVisible() and dialog.isModal()
    assert dialog.windowTitle() == "Referral letter to Paladin National Stalking Advocacy Service"
    addressee = " ".join(w.text() for w in dialog.form.addressee.findChildren(QLabel))
    assert "Paladin National Stalking Advocacy Service" in addressee
    assert dialog.form.text("patient.postcode") == "ME14 1AA"  # searched on Services
    assert len(dialog.form.screening.answers) == QUESTIONS  # every question, not the reasons
    assert dialog.form.screening.level_title == "High concern"
    assert dialog.form.text("consent.given_on") == "03/03/2026"  # the window's clock
    name = dialog.form.fields["patient.name"]
    qtbot.keyClicks(name, "Jane Example")
    qtbot.keyClick(name, Qt.Key.Key_X, CTRL_SHIFT)
    assert not dialog.isVisible()
    assert dialog.form.text("patient.name") == ""
    assert dialog.pdf is None
    assert window.stack.currentWidget() is window.start_page
    assert window.outcome is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)  # and it is gone
    window.clear()  # a later clear has no dialog to reach, and no error


def test_idle_timeout_discards_an_open_letter(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    window = make_window(idle_timeout_ms=300)
    from ui.app import open_letter_for

    dialog = open_letter_for(window, _service(store), None, window.settings)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.form.fields["patient.name"], "Jane Example")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=3000)
    assert not shiboken6.isValid(dialog) or dialog.form.text("patient.name") == ""


def test_a_second_letter_replaces_the_first(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    from ui.app import open_letter_for

    first = open_letter_for(window, _service(store, "veritas-justice"), None, window.settings)
    qtbot.keyClicks(first.form.fields["patient.name"], "Jane Example")
    second = open_letter_for(window, _service(store, "paladin-advocacy"), None, window.settings)
    assert not first.isVisible() and first.form.text("patient.name") == ""
    assert second.isVisible() and "Paladin" in second.windowTitle()


def test_mnemonics_are_unique(dialog: LetterDialog) -> None:
    from PySide6.QtGui import QKeySequence

    texts = [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    keys = [QKeySequence.mnemonic(text).toString() for text in texts if "&" in text]
    assert len(keys) >= 20
    assert len(keys) == len(set(keys)), sorted(keys)


# --- letters a service can act on -------------------------------------------------------------


def _preview(qtbot: QtBot, dialog: LetterDialog) -> str:
    """Preview by Alt+P and return the letter's text, whitespace squeezed."""
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        _alt(qtbot, dialog, Qt.Key.Key_P, dialog.preview_button)
    assert dialog.pdf is not None
    return _pdf_text(dialog.pdf)


def _retype(qtbot: QtBot, dialog: LetterDialog, key: str, text: str) -> None:
    """Go to a field, select what it holds and type over it (empty text: delete it)."""
    field = dialog.form.fields[key]
    dialog.show_form()
    dialog.form.ensureWidgetVisible(field)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def _pick(qtbot: QtBot, dialog: LetterDialog, key: str, words: str) -> None:
    """Choose ``words`` in a drop-down with the arrow keys."""
    combo = dialog.form.fields[key]
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentText() != words:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{words!r} is not a choice of {key}"


def test_the_practice_and_who_signs_are_edited_on_the_form_and_required(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    fill_by_keyboard(qtbot, dialog)
    # Tab from the concerns reaches the practice and the signer, filled from Settings.
    assert QApplication.focusWidget() is dialog.form.fields["practice.name"]
    _retype(qtbot, dialog, "referrer.name", "Nurse Bea Other")
    _retype(qtbot, dialog, "referrer.role", "Practice Nurse")
    _retype(qtbot, dialog, "practice.email", "riverside.practice@nhs.net")
    text = _preview(qtbot, dialog)
    assert "Nurse Bea Other" in text and "Practice Nurse" in text
    assert "Dr Alex Sample" not in text
    assert "Secure email: riverside.practice@nhs.net" in text
    _retype(qtbot, dialog, "referrer.name", "")
    _retype(qtbot, dialog, "practice.email", "not-an-email")
    _alt(qtbot, dialog, Qt.Key.Key_P, dialog.preview_button)
    assert dialog.stack.currentWidget() is dialog.form
    for key, words in (("practice.email", "not an email address"), ("referrer.name", "required")):
        error = dialog.form.errors[key]
        assert error.isVisible() and words in error.text(), key
    assert QApplication.focusWidget() is dialog.form.fields["practice.email"]


def test_the_practice_secure_email_is_a_setting_that_can_be_locked() -> None:
    from spotter.store.settings import KEYS, SettingsError, validate

    assert "practice_email" in KEYS  # so the machine-wide file can set and lock it
    assert validate("practice_email", " a.practice@nhs.net ") == "a.practice@nhs.net"
    with pytest.raises(SettingsError, match="Practice secure email"):
        validate("practice_email", "nhs.net")
    locked = SETTINGS.with_overrides({"practice_email": "a.practice@nhs.net"}, "site config")
    assert locked.is_locked("practice_email")
    from spotter.letters.from_settings import practice_from_settings

    assert practice_from_settings(locked).email == "a.practice@nhs.net"


@pytest.mark.parametrize(
    ("service_id", "change", "words"),
    [
        ("protection-against-stalking", {}, "no phone, email or address"),
        ("national-stalking-helpline", {}, "is a helpline"),
        (
            "paladin-advocacy",
            {"minimum_age": 40},
            "takes people aged 40 or over; the patient is 37",
        ),
        ("paladin-advocacy", {"maximum_age": 25}, "up to the age of 25; the patient is 37"),
    ],
)
def test_a_service_that_cannot_act_on_the_letter_is_refused_on_the_to_card(
    qtbot: QtBot,
    store: Store,
    make_dialog: Callable[..., LetterDialog],
    monkeypatch: pytest.MonkeyPatch,
    service_id: str,
    change: dict[str, int],
    words: str,
) -> None:
    from dataclasses import replace

    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a))
    dialog = make_dialog(replace(_service(store, service_id), **change))
    fill_by_keyboard(qtbot, dialog)
    _alt(qtbot, dialog, Qt.Key.Key_S, dialog.save_button)
    qtbot.wait(50)
    assert dialog.form.service_error.isVisible()
    assert words in dialog.form.service_error.text()
    assert "highlighted" in dialog.status.text()
    assert asked == [] and dialog.pdf is None


def test_risk_actions_other_person_and_interpreter_reach_the_letter(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    fill_by_keyboard(qtbot, dialog)
    form = dialog.form
    assert form.choice("risk.police_told") is True
    assert form.marac() is not None and form.marac().value == "considered"
    assert form.choice("other_person.patient_here") is False
    text = _preview(qtbot, dialog)
    for expected in (
        "Risk and actions taken",
        "Urgency High concern (from the screening)",
        "Police told Yes",
        "Crime reference KE-20260301-0457",
        "Practice safeguarding lead told Yes",
        "MARAC referral Considered, no referral made",
        "The other person (optional; as far as known)",
        "Name John Example",
        "Relationship Former partner",
        "Vehicle Silver hatchback",
        "Registered at this practice No",
        "Needed: Polish – a professional interpreter, not a family member or friend",
        "File as sensitive, third-party information",
    ):
        assert expected in text, expected


def test_unsafe_phone_or_address_warns_but_never_blocks(qtbot: QtBot, dialog: LetterDialog) -> None:
    fill_by_keyboard(qtbot, dialog)  # letters home "No", and the address is on the letter
    warnings = dialog.form.warnings
    assert warnings.isVisible()
    assert "home address is on the letter" in warnings.text()
    assert "ring it" not in warnings.text()  # voicemail is "Yes"
    _pick(qtbot, dialog, "safe_contact.voicemail_safe", "No")
    assert "the service may ring it" in warnings.text()
    _retype(qtbot, dialog, "safe_contact.safe_ways", "Text her on 07700 900123")
    assert "theirs alone" in warnings.text()
    referral, problems = dialog.form.collect()
    assert problems == [] and referral is not None  # a warning, not a refusal
    text = _preview(qtbot, dialog)
    assert "(Do not write to this address.)" in text
    assert "07700 900123 (do not leave a voicemail)" in text


def test_under_16_needs_gillick_and_the_safeguarding_lead(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    fill_by_keyboard(qtbot, dialog)
    _retype(qtbot, dialog, "patient.date_of_birth", "01/01/2012")
    _pick(qtbot, dialog, "risk.safeguarding_lead_told", "Not recorded")
    _alt(qtbot, dialog, Qt.Key.Key_P, dialog.preview_button)
    for key in ("consent.young_person_competent", "risk.safeguarding_lead_told"):
        error = dialog.form.errors[key]
        assert error.isVisible() and "the patient is 14" in error.text(), key
    _pick(qtbot, dialog, "risk.safeguarding_lead_told", "Yes")
    _pick(qtbot, dialog, "consent.young_person_competent", "Yes")
    text = _preview(qtbot, dialog)
    assert "The patient is 14" in text and "(Gillick competence)" in text
    assert "Aged 14, so under 18: the practice follows its children's safeguarding" in text


def test_every_question_and_answer_of_the_screening_goes_on_the_letter(
    qtbot: QtBot, make_dialog: Callable[..., LetterDialog]
) -> None:
    content = load_bundled()
    keys = {"Y": Answer.YES, "N": Answer.NO}
    answers = {
        p.id: keys[k]
        for p, k in zip(content.prompts, HIGH_CONCERN_EX_PARTNER_CHILDREN, strict=True)
    }
    dialog = make_dialog(content=content, answers=answers)
    fill_by_keyboard(qtbot, dialog)
    text = _preview(qtbot, dialog)
    for prompt in content.prompts:
        assert " ".join(prompt.text.split()) in text, prompt.id
    assert "Safety now Is the person in danger right now? No" in text
    assert "Professional judgement overrides this screen" in text
    small_print = f"screening content {content.id} {content.version}"
    assert small_print in text
    assert content.id not in text.replace(small_print, "")  # small print only


def test_a_staff_letter_refers_a_member_of_staff_and_never_a_patient_record(
    qtbot: QtBot, make_dialog: Callable[..., LetterDialog]
) -> None:
    from spotter.screening import Route

    content = load_bundled()
    staff = evaluate(content, {"course_of_conduct": "yes", "behaviour_contact": "yes"}, Route.STAFF)
    dialog = make_dialog(outcome=staff)
    captions = [w.text() for w in dialog.form.findChildren(QLabel)]
    assert "Staff member" in captions and "Patient" not in captions
    fill_by_keyboard(qtbot, dialog)
    text = _preview(qtbot, dialog)
    assert "I am referring a member of our staff, with their consent" in text
    assert "patient record" not in text.lower() and "NHS App" not in text
    assert "file only in the staff member's occupational health or HR file" in text


# --- closing asks first; Clear does not ----------------------------------------------------


def _asked(qtbot: QtBot, dialog: LetterDialog) -> QWidget:
    """Wait for "Discard this letter?" and return what has the keyboard focus in it."""
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    question = dialog.question
    assert question is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is question)
    assert question.text().startswith("Discard this letter?")
    assert question.defaultButton() is question.keep_button
    return QApplication.focusWidget() or question


def test_esc_on_an_untouched_letter_closes_without_asking(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    assert not dialog.form.is_filled
    qtbot.keyClick(focused_in(dialog), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.question is None


def test_esc_on_a_filled_letter_asks_and_keep_writing_keeps_it(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    fill_by_keyboard(qtbot, dialog)
    concerns = dialog.form.fields["concerns"]
    concerns.setFocus()
    qtbot.keyClick(concerns, Qt.Key.Key_Escape)
    question = _asked(qtbot, dialog)
    assert dialog.isVisible()
    qtbot.keyClick(question, Qt.Key.Key_Escape)  # Esc again: keep writing
    qtbot.waitUntil(lambda: dialog.question is None)
    assert dialog.isVisible()
    assert dialog.form.text("patient.name") == "Jane Example"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.focusWidget() is concerns  # back where the person was
    # Enter takes the default, "Keep writing", too.
    qtbot.keyClick(concerns, Qt.Key.Key_Escape)
    qtbot.keyClick(_asked(qtbot, dialog), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.question is None)
    assert dialog.isVisible() and dialog.form.text("concerns")


def test_close_on_a_filled_letter_asks_and_discard_wipes_it(
    qtbot: QtBot, dialog: LetterDialog
) -> None:
    qtbot.keyClicks(dialog.form.fields["patient.name"], "Jane Example")
    dialog.close_button.setFocus()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Space)
    question = _asked(qtbot, dialog)
    qtbot.keyClick(question, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Discard
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert dialog.form.text("patient.name") == ""
    assert dialog.pdf is None


def test_the_window_close_button_asks_too(qtbot: QtBot, dialog: LetterDialog) -> None:
    qtbot.keyClicks(dialog.form.fields["patient.name"], "Jane Example")
    assert not dialog.close()  # refused for now: the question is open
    question = _asked(qtbot, dialog)
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.question is None)
    assert dialog.isVisible() and dialog.form.text("patient.name") == "Jane Example"


def test_clear_while_asking_wipes_without_a_second_question(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    from ui.app import open_letter_for

    window = make_window()
    dialog = open_letter_for(window, _service(store), None, window.settings)  # deletes on close
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.form.fields["patient.name"], "Jane Example")
    qtbot.keyClick(dialog.form.fields["patient.name"], Qt.Key.Key_Escape)
    question = _asked(qtbot, dialog)
    qtbot.keyClick(question, Qt.Key.Key_X, CTRL_SHIFT)  # Clear, from the question itself
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)
    assert window.stack.currentWidget() is window.start_page
    assert not window.findChildren(LetterDialog)


def test_the_idle_timeout_while_asking_wipes_the_letter(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    from ui.app import open_letter_for

    window = make_window(idle_timeout_ms=600)
    dialog = open_letter_for(window, _service(store), None, window.settings)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.form.fields["patient.name"], "Jane Example")
    qtbot.keyClick(dialog.form.fields["patient.name"], Qt.Key.Key_Escape)
    _asked(qtbot, dialog)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)


# --- screenshots: the risk-and-actions section and the letter's first page ----------------------


def test_screenshots_of_risk_and_actions_and_the_first_page(
    qtbot: QtBot, dialog: LetterDialog, shots: Path
) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize

    fill_by_keyboard(qtbot, dialog)
    police = dialog.form.fields["risk.police_told"]
    heading = next(
        w for w in dialog.form.findChildren(QLabel) if w.text() == "Risk and actions taken"
    )
    dialog.form.verticalScrollBar().setValue(
        heading.mapTo(dialog.form.widget(), QPoint(0, 0)).y() - 8
    )
    police.setFocus()
    QApplication.processEvents()
    assert police.visibleRegion().boundingRect().height() > 0
    assert dialog.grab().save(str(shots / "letter-form-risk.png"))
    _preview(qtbot, dialog)
    assert dialog.pdf is not None
    data = QByteArray(dialog.pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    points = document.pagePointSize(0)
    image = document.render(
        0, QSize(round(points.width() * 110 / 72), round(points.height() * 110 / 72))
    )
    assert not image.isNull()
    assert image.save(str(shots / "letter-page-1.png"))
