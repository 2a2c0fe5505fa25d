"""A service's details in words, and hours that only hold between their dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from spotter.directory import Phone, Schedule, load_bundled_directory
from spotter.directory.details import Detail, phone_text, service_details
from spotter.directory.hours import current_schedules, hours_text, is_open

WINTER = Schedule("MO,TU,WE,TH,FR", "09:00", "17:00", "", date(2025, 10, 1), date(2026, 3, 31))
SPRING = Schedule("SA", "10:00", "12:00", "", date(2026, 4, 1), None)
ALWAYS = Schedule("SU", "10:00", "11:00")


def test_an_expired_schedule_or_one_not_yet_valid_is_not_the_current_hours() -> None:
    schedules = (WINTER, SPRING, ALWAYS)
    assert current_schedules(schedules, date(2026, 3, 31)) == [WINTER, ALWAYS]  # last day
    assert current_schedules(schedules, date(2026, 4, 1)) == [SPRING, ALWAYS]  # first day
    assert hours_text(schedules, date(2026, 6, 1)) == "Sat 10:00–12:00; Sun 10:00–11:00"
    assert hours_text(schedules, date(2025, 9, 30)) == "Sun 10:00–11:00"
    # Monday 6 April 2026 at 10:00: the winter hours ended on 31 March
    assert not is_open(schedules, datetime(2026, 4, 6, 10, 0))
    assert is_open(schedules, datetime(2026, 3, 30, 10, 0))
    assert is_open(schedules, datetime(2026, 4, 4, 11, 0))  # a Saturday in the spring hours
    assert not is_open(schedules, datetime(2026, 3, 28, 11, 0))  # a Saturday before them


def test_details_put_the_alert_first_and_show_what_the_file_gave() -> None:
    service = replace(
        load_bundled_directory().services[1],
        hours="",
        alert="Temporarily closed to new referrals",
        languages=("English", "Polish"),
        fees_description="Free",
        interpretation_services="Interpreters on request",
        schedules=(WINTER, SPRING),
    )
    details = service_details(service, date(2026, 2, 1))
    assert details[0] == Detail("Alert", "Temporarily closed to new referrals", alert=True)
    assert [d for d in details if d.alert] == details[:1]
    shown = {d.label: d.text for d in details}
    assert shown["Opening times"] == "Mon–Fri 09:00–17:00"
    assert shown["From 1 April 2026"] == "Sat 10:00–12:00"
    assert shown["Languages"] == "English, Polish"
    assert shown["Fees"] == "Free"
    assert shown["Interpreting"] == "Interpreters on request"
    after = {d.label: d.text for d in service_details(service, date(2026, 4, 2))}
    assert after["Opening times"] == "Sat 10:00–12:00"  # the winter hours are over
    assert "From 1 April 2026" not in after


def test_a_phone_shows_its_languages_next_to_the_number() -> None:
    phone = Phone("020 7946 0018", "voice", "Mornings", ("Urdu", "Welsh"))
    assert phone_text(phone) == "020 7946 0018 (Mornings) · languages: Urdu, Welsh"
    assert phone_text(Phone("020 7946 0018")) == "020 7946 0018"
