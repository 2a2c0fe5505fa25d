"""A service's alert, languages, fees, interpreting and dated hours, on screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from spotter.directory import Phone, Schedule, Service
from spotter.places.matching import Certainty, ServiceMatch
from spotter.store.database import Store
from ui.main_window import MainWindow
from ui.pages.services import ServiceCard

ALERT = "Temporarily closed to new referrals until 1 April"


def _detailed(service: Service) -> Service:
    return replace(
        service,
        hours="",
        alert=ALERT,
        languages=("English", "Polish"),
        fees_description="Free",
        interpretation_services="Interpreters for any language, on request",
        phones=(Phone("01622 123456", "voice", "Mornings", ("Polish", "Urdu")),),
        schedules=(
            Schedule("MO,TU,WE,TH,FR", "09:00", "17:00", "", None, date(2026, 2, 28)),
            Schedule("MO,WE", "10:00", "14:00", "", date(2026, 3, 1), date(2026, 3, 31)),
            Schedule("MO,TU,WE,TH,FR", "09:00", "17:00", "", date(2026, 4, 1), None),
        ),
    )


def test_the_directory_details_show_the_alert_first_and_every_kept_field(
    qtbot: QtBot, store: Store, make_window: Callable[..., MainWindow], shots: Path
) -> None:
    directory = store.load_directory()
    services = tuple(
        _detailed(s) if s.id == "protection-against-stalking" else s for s in directory.services
    )
    store.replace_directory(replace(directory, services=services), source="test")
    window = make_window()  # the window's clock: Tuesday 3 March 2026, 10:00
    page = window.directory_page
    window.show_page(page)
    qtbot.keyClicks(page.search, "Protection Against")
    text = page.details.toPlainText()
    assert text.index(f"Alert: {ALERT}") < text.index("Covers:")
    assert "Phone: 01622 123456 (Mornings) · languages: Polish, Urdu" in text
    assert "Opening times: Mon, Wed 10:00–14:00" in text  # March's hours; February's are over
    assert "From 1 April 2026: Mon–Fri 09:00–17:00" in text
    assert "Languages: English, Polish" in text
    assert "Fees: Free" in text
    assert "Interpreting: Interpreters for any language, on request" in text
    page.details.grab().save(str(shots / "directory-service-alert.png"))


def test_the_result_card_shows_the_alert_and_the_phone_languages(
    qtbot: QtBot, store: Store, styled: None, shots: Path
) -> None:
    service = store.load_directory().get("protection-against-stalking")
    assert service is not None
    card = ServiceCard(
        ServiceMatch(_detailed(service), Certainty.COVERS, "Kent", "covers Kent"),
        date(2026, 3, 3),
        lambda _s: None,
    )
    qtbot.addWidget(card)
    card.resize(640, card.sizeHint().height())
    card.grab().save(str(shots / "services-card-alert.png"))
    assert not card.alert.isHidden()
    assert card.alert.text() == f"Alert: {ALERT}"
    assert card.alert.objectName() == "flag"
    words = [w.text() for w in card.findChildren(type(card.alert))]
    assert "Phone: 01622 123456 (Mornings) · languages: Polish, Urdu" in words
    assert "Opening times: Mon, Wed 10:00–14:00" in words
    assert "Languages: English, Polish" in words
    plain = ServiceCard(
        ServiceMatch(service, Certainty.COVERS, "Kent", "covers Kent"),
        date(2026, 3, 3),
        lambda _s: None,
    )
    qtbot.addWidget(plain)
    assert plain.alert.isHidden()
