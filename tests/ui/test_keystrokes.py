"""The typical referral by keys alone, counting the command keys a receptionist presses.

Typed characters (a name, a postcode) are not counted; every other key is: an answer key, Tab,
Enter, Space, and an Alt+letter chord as one. Every safety step is on the path: the privacy
question, the age band, both danger questions, every other question, both consents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from ui_steps import HIGH_CONCERN_EX_PARTNER_CHILDREN, QUESTIONS

from spotter.store.database import Store
from spotter.store.settings import load_settings, save_settings
from ui.letter_dialog import LetterDialog
from ui.main_window import MainWindow

#: Command keys besides the answers: P, Y, the age band; Enter for services; Enter to
#: search; Alt+L; six Tabs through the patient's details; Alt+C, Alt+E, Alt+Y for the two
#: consents and who gave them; Alt+S and Enter in the save dialog. Reported in the README.
OVERHEAD = 17
ALT = Qt.KeyboardModifier.AltModifier


class Keys:
    """Presses keys where the focus is, counting the command keys."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    @staticmethod
    def focus() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        self.count += 1
        self.qtbot.keyClick(self.focus(), key, modifier)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus(), text)


def test_a_typical_referral_by_keys_alone(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A practice set up as the README says: its details and who signs are in Settings.
    save_settings(
        store,
        {
            "practice_name": "Riverside Medical Practice",
            "practice_phone": "020 7946 0000",
            "clinician_name": "Dr Alex Sample",
        },
        load_settings(store),
    )
    window = make_window()
    saved_as = tmp_path / "letter.pdf"

    def save_dialog(*_args: object, **_kwargs: object) -> tuple[str, str]:
        keys.count += 1  # Enter in the save dialog (a native dialog: stands in for it)
        return str(saved_as), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    keys = Keys(qtbot)
    keys.press(Qt.Key.Key_P)  # a patient
    keys.press(Qt.Key.Key_Y)  # on their own, somewhere private
    keys.press(Qt.Key.Key_3)  # an adult
    assert window.stack.currentWidget() is window.screening_page
    codes = {"Y": Qt.Key.Key_Y, "N": Qt.Key.Key_N, "S": Qt.Key.Key_S}
    for answer in HIGH_CONCERN_EX_PARTNER_CHILDREN:
        keys.press(codes[answer])
    assert window.stack.currentWidget() is window.outcome_page
    assert window.outcome is not None and window.outcome.level.value == "high_concern"
    keys.press(Qt.Key.Key_Return)  # find services
    page = window.services_page
    assert keys.focus() is page.postcode
    keys.type("ME14 1AA")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.cards), timeout=5000)
    keys.press(Qt.Key.Key_L, ALT)  # the first service's referral letter
    qtbot.waitUntil(lambda: bool(window.findChildren(LetterDialog)), timeout=5000)
    dialog = window.findChildren(LetterDialog)[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.fields["patient.name"])
    for text in (
        "Jane Example",
        "02/07/1988",
        "943 476 5919",
        "12 Sample Road, Maidstone",
        "ME14 1AA",
        "07700 900123",
    ):
        keys.type(text)
        keys.press(Qt.Key.Key_Tab)
    assert keys.focus() is dialog.form.fields["safe_contact.safe_ways"]
    keys.type("Mobile only, call do not text")
    keys.press(Qt.Key.Key_C, ALT)  # ticks "Consents to this referral"
    keys.press(Qt.Key.Key_E, ALT)  # ticks "Consents to sharing this with the service"
    consents = [dialog.form.fields[f"consent.{k}_consent"] for k in ("referral", "sharing")]
    qtbot.waitUntil(lambda: all(box.isChecked() for box in consents))  # type: ignore[union-attr]
    keys.press(Qt.Key.Key_Y, ALT)  # consent given by
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.fields["consent.given_by"])
    keys.type("Patient, verbally in consultation")
    keys.press(Qt.Key.Key_S, ALT)  # save as PDF
    qtbot.waitUntil(lambda: dialog.last_saved is not None, timeout=10_000)
    assert saved_as.read_bytes().startswith(b"%PDF")
    print(f"command keys: {keys.count} ({QUESTIONS} answers + {keys.count - QUESTIONS})")
    assert keys.count == QUESTIONS + OVERHEAD
