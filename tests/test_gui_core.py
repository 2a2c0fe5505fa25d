"""The Qt-free parts behind the screens: opening hours, the session, browsing and guidance."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from spotter.directory import HELPLINE_ID, Schedule, load_bundled_directory
from spotter.directory.browse import ALL_AREAS, area_choices, filter_services, verified_text
from spotter.directory.hours import is_open, open_hint
from spotter.guidance import load_guidance, page_markdown
from spotter.screening import Answer, Level, Route, load_bundled
from spotter.screening.session import ScreeningSession

HELPLINE = (
    Schedule("MO,TU,TH,FR", "09:30", "16:00"),
    Schedule("WE", "13:00", "16:00"),
)


def test_helpline_hours() -> None:
    assert is_open(HELPLINE, datetime(2026, 3, 2, 9, 30))  # Monday opening
    assert not is_open(HELPLINE, datetime(2026, 3, 2, 9, 29))
    assert not is_open(HELPLINE, datetime(2026, 3, 2, 16, 0))  # closes at 16:00
    assert not is_open(HELPLINE, datetime(2026, 3, 4, 10, 0))  # Wednesday morning
    assert is_open(HELPLINE, datetime(2026, 3, 4, 13, 0))
    assert not is_open(HELPLINE, datetime(2026, 3, 7, 11, 0))  # Saturday
    assert open_hint(HELPLINE, datetime(2026, 3, 7, 11, 0)) == "closed now"


def test_all_day_schedule_and_bad_rows() -> None:
    always = (Schedule("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00"),)
    assert is_open(always, datetime(2026, 3, 7, 23, 59))
    assert not is_open((Schedule("MO", "nine", "five"),), datetime(2026, 3, 2, 10, 0))


def test_bundled_helpline_schedule_is_used() -> None:
    helpline = load_bundled_directory().get(HELPLINE_ID)
    assert helpline is not None
    assert is_open(helpline.schedules, datetime(2026, 3, 3, 10, 0))


def test_session_walks_and_clears() -> None:
    session = ScreeningSession(load_bundled(), Route.STAFF)
    assert session.position_text == f"Question 1 of {session.total}"
    assert "member of staff" in session.heading
    assert not session.back()
    session.answer(Answer.YES)
    assert session.in_danger
    assert session.outcome().level is Level.IMMEDIATE_DANGER
    assert session.next() and session.index == 1
    assert session.must_answer  # the second danger question cannot be skipped
    with pytest.raises(RuntimeError):
        session.next()
    session.answer(Answer.NO)
    while session.next():
        pass
    assert session.is_last and not session.must_answer
    assert "Immediate danger" in session.summary()
    session.clear()
    assert session.answers == {} and session.index == 0


def test_browse_filters() -> None:
    services = load_bundled_directory().services
    choices = area_choices(services)
    assert choices[0] == ALL_AREAS and "Kent" in choices
    assert [s.name for s in filter_services(services, "kent")] == ["Protection Against Stalking"]
    assert len(filter_services(services, "")) == len(services)
    wales = {s.id for s in filter_services(services, area="Wales")}
    assert wales == {"live-fear-free", HELPLINE_ID}


def test_verified_text() -> None:
    service = load_bundled_directory().services[0]
    assert verified_text(service, date(2026, 1, 1)) == "Not yet verified"
    from dataclasses import replace

    checked = replace(service, assured_date=date(2025, 1, 2))
    assert verified_text(checked, date(2025, 6, 1)) == "Verified 2 January 2025"
    assert "please check" in verified_text(checked, date(2026, 6, 1))


def test_guidance_pages_carry_sources() -> None:
    pages = load_guidance()
    assert len(pages) == 4
    for page in pages:
        text = page_markdown(page, "Practice manager")
        assert "**Sources**" in text
    staff = page_markdown(pages[3], None)
    assert "not set yet" in staff


def test_hours_in_words_come_from_the_schedules() -> None:
    from spotter.directory.hours import hours_text

    assert hours_text(HELPLINE) == "Mon, Tue, Thu, Fri 09:30–16:00; Wed 13:00–16:00"
    week = (Schedule("MO,TU,WE,TH,FR", "08:00", "18:30"), Schedule("SA,SU", "10:00", "14:00"))
    assert hours_text(week) == "Mon–Fri 08:00–18:30; Sat, Sun 10:00–14:00"
    assert hours_text((Schedule("XX", "09:00", "17:00"),)) == ""
    assert hours_text(()) == ""
