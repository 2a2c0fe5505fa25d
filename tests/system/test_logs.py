"""Logs rotate in the log folder, per-subsystem loggers, and never hold patient identifiers."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from spotter.system.logs import LOG_FILE, configure_logging, redact


def test_records_go_to_a_rotating_file_in_the_log_folder(tmp_path: Path) -> None:
    path = configure_logging(log_dir=tmp_path)
    assert path == tmp_path / LOG_FILE
    logging.getLogger("spotter.places.matching").info("matched %d services", 3)
    text = path.read_text(encoding="utf-8")
    assert "spotter.places.matching: matched 3 services" in text
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO ", text)  # time intact


def test_patient_identifiers_never_reach_the_log(tmp_path: Path) -> None:
    path = configure_logging(log_dir=tmp_path)
    log = logging.getLogger("spotter.ui")
    log.warning(
        "letter for %s, NHS %s, born %s, at %s", "x", "943 476 5919", "01/02/1980", "ME14 1AA"
    )
    log.warning("phone 07700900123 and nhs 9434765919")
    try:
        raise ValueError("bad NHS number 943-476-5919 for SW1A 2AA")
    except ValueError:
        log.exception("failed")
    text = path.read_text(encoding="utf-8")
    for secret in (
        "943 476 5919",
        "9434765919",
        "943-476-5919",
        "01/02/1980",
        "1AA",
        "07700900123",
    ):
        assert secret not in text
    assert "ME14 [inward]" in text


def test_redact_keeps_ordinary_text() -> None:
    assert redact("imported 120 services from kent.csv") == "imported 120 services from kent.csv"
    assert redact("district ME14 only") == "district ME14 only"


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert configure_logging(log_dir=blocker / "logs") is None


def test_versions_survive_but_dates_do_not() -> None:
    assert redact("Spotter 0.1.0 with content 2026.11.2") == "Spotter 0.1.0 with content 2026.11.2"
    for date_text in ("01/02/1980", "1/2/80", "1980-02-01", "01.02.1980", "1-2-1980"):
        assert redact(f"born {date_text}") == "born [date]", date_text
