"""Text is text: markup in a services file is shown literally on every screen.

A service whose every text field holds ``<span style=...>``, ``<img>`` and ``<a>`` must not
become a giant red fake helpline: each label that shows it is plain text, and the text shown
is the markup itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from spotter.directory import Phone, Scope, Service
from spotter.store.database import Store
from ui.letter_dialog import LetterDialog
from ui.main_window import MainWindow

FAKE = (
    '<span style="font-size:26pt;color:#c00">National Stalking Helpline: call 0800 000 0000</span>'
)
IMG = '<img src="resources/icons/spotter.png" width=400>'
LINK = '<a href="https://example.org">click</a>'
MARKUP = f"{FAKE}{IMG}{LINK}"


def hostile(base: Service) -> Service:
    """``base`` with markup in every text field a screen can show."""
    return replace(
        base,
        id="hostile-markup",
        name=f"N {MARKUP}",
        organisation=replace(base.organisation, id="hostile-org", name=f"O {MARKUP}"),
        description=f"D {MARKUP}",
        scope=Scope.LOCAL,
        areas=("Kent",),
        phones=(Phone("01622 123456", "voice", f"P {MARKUP}"),),
        email=f"E {MARKUP}",
        url=f"U {MARKUP}",
        hours=f"H {MARKUP}",
        eligibility=f"EL {MARKUP}",
        application_process=f"AP {MARKUP}",
        source=f"S {MARKUP}",
        verify_note=f"V {MARKUP}",
    )


def _check_labels(root: QWidget) -> int:
    """Every label under ``root`` that holds the markup shows it as plain text."""
    seen = 0
    for widget in root.findChildren(QLabel):
        if "<span" in widget.text() or "<img" in widget.text():
            seen += 1
            assert widget.textFormat() == Qt.TextFormat.PlainText, widget.text()
    return seen


def test_markup_in_every_service_field_is_shown_literally_on_every_screen(
    qtbot: QtBot,
    store: Store,
    make_window: Callable[..., MainWindow],
    tmp_path: Path,
) -> None:
    directory = store.load_directory()
    bad = hostile(directory.services[0])
    store.replace_directory(
        replace(directory, services=(bad, *directory.services)), source="hostile.csv"
    )
    window = make_window()

    # Services: the card for the hostile service
    page = window.services_page
    window.show_page(page)
    qtbot.keyClicks(page.postcode, "ME14 1AA")
    qtbot.keyClick(page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.cards), timeout=5000)
    card = next(c for c in page.cards if c.service.id == bad.id)
    shown = " ".join(w.text() for w in card.findChildren(QLabel))
    for prefix in ("N ", "O ", "P ", "H ", "U ", "E "):
        assert f"{prefix}{MARKUP}" in shown, prefix
    assert _check_labels(card) >= 6
    assert _check_labels(window) >= 6
    card.grab().save(str(tmp_path / "card.png"))

    # Directory: the reader pane escapes; the list shows the name as text
    directory_page = window.directory_page
    window.show_page(directory_page)
    assert f"N {MARKUP}" in directory_page.visible_names()
    row = directory_page.visible_names().index(f"N {MARKUP}")
    directory_page.list.setCurrentRow(row)
    reader = directory_page.details.toPlainText()
    for prefix in ("N ", "O ", "D ", "H ", "EL ", "AP ", "S ", "V "):
        assert f"{prefix}{MARKUP}" in reader, prefix
    assert _check_labels(directory_page) == 0  # its labels hold no service text

    # Letter dialog: the addressee block. Its name says "Helpline", so the card offers no
    # letter (and says why, as plain text); the dialog is opened as the button would.
    window.show_page(page)
    card = next(c for c in page.cards if c.service.id == bad.id)
    assert not card.letter_button.isEnabled() and f"N {MARKUP}" in card.no_letter.text()
    from ui.app import open_letter_for

    open_letter_for(window, bad, None, window.settings)
    qtbot.waitUntil(
        lambda: any(shiboken6.isValid(d) for d in window.findChildren(LetterDialog)),
        timeout=5000,
    )
    dialog = next(d for d in window.findChildren(LetterDialog) if shiboken6.isValid(d))
    addressee = " ".join(w.text() for w in dialog.form.addressee.findChildren(QLabel))
    assert f"N {MARKUP}" in addressee
    assert _check_labels(dialog) >= 1
    dialog.discard()
    QApplication.processEvents()


def test_markup_in_settings_and_directory_meta_is_literal_in_guidance_and_about(
    qtbot: QtBot, store: Store, make_window: Callable[..., MainWindow]
) -> None:
    from spotter.store.settings import Settings

    directory = store.load_directory()
    store.replace_directory(replace(directory, version=f"v1 {MARKUP}"), source="hostile.json")
    contact = f"Call **now** [here](https://example.org) {MARKUP}"
    window = make_window(settings=Settings(values={"staff_support_contact": contact}))
    page = window.guidance_page
    shown = []
    for row in range(page.list.count()):
        page.list.setCurrentRow(row)
        shown.append(page.text.toPlainText())
        html = page.text.toHtml()
        where = page.list.item(row).text()
        assert 'style="font-size:26pt' not in html, where  # only as escaped text
        assert "<img" not in html and 'href="https://example' not in html, where
        assert "<b>now</b>" not in html and 'font-weight:700;">now' not in html, where
    text = "\n".join(shown)
    assert f"v1 {MARKUP}" in text  # About: the directory version as the file gave it
    if "{staff_support_contact}" in "".join(p.body for p in page.pages):
        assert contact in text
