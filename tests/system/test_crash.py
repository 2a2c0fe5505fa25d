"""Crash handling: faulthandler's file is offered once, reports hold no patient data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from spotter.system.crash import crash_file, crash_report, take_previous_crash

ROOT = Path(__file__).resolve().parents[2]


def test_a_native_crash_leaves_a_file_that_is_offered_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPOTTER_LOG_DIR", str(tmp_path / "logs"))
    code = (
        "import ctypes; from spotter.system.crash import enable_faulthandler; "
        "enable_faulthandler(); ctypes.string_at(0)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"SPOTTER_LOG_DIR": str(tmp_path / "logs"), "PATH": ""},
        capture_output=True,
        check=False,
    )
    assert proc.returncode != 0
    log_file = tmp_path / "logs" / "crash.log"
    assert "Fatal Python error" in log_file.read_text(encoding="utf-8")

    assert crash_file() == log_file
    previous = take_previous_crash()
    assert previous is not None and "Fatal Python error" in previous
    assert take_previous_crash() is None  # offered once


def test_the_report_masks_patient_shapes_in_exception_messages() -> None:
    try:
        raise ValueError("NHS number 943 476 5919 for ME14 1AA born 01/02/1980")
    except ValueError as exc:
        report = crash_report(type(exc), exc, exc.__traceback__)
    assert "ValueError" in report
    assert "Spotter" in report.splitlines()[0]
    for secret in ("943 476 5919", "1AA", "01/02/1980"):
        assert secret not in report
