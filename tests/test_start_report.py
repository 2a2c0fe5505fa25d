"""The benchmark's start report: the real app, started as a user starts it, times itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from main import _app_only

ROOT = Path(__file__).resolve().parent.parent


def test_the_app_reports_its_first_paint_and_services_ready_then_quits(tmp_path: Path) -> None:
    report = tmp_path / "start.json"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SPOTTER_")},
        "QT_QPA_PLATFORM": "offscreen",
        "SPOTTER_SITE_CONFIG_DIR": str(tmp_path / "site"),
        "SPOTTER_START_REPORT": str(report),
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    times = json.loads(report.read_text("utf-8"))
    assert started < times["painted"] <= times["ready"] < time.monotonic()
    assert times["rss_mb"] > 0
    log = (tmp_path / "data" / "logs" / "spotter.log").read_text("utf-8")
    assert " ERROR " not in log, log


def test_only_an_empty_command_line_or_a_data_folder_skips_the_parser() -> None:
    assert _app_only([]) == (True, None)
    assert _app_only(["--data-dir", "d"]) == (True, Path("d"))
    assert _app_only(["--data-dir=d"]) == (True, Path("d"))
    for argv in (["--data-dir"], ["--data-dir="], ["--data-dir", "-h"], ["match", "ME14"]):
        assert _app_only(argv) == (False, None)
    assert _app_only(["--version"]) == (False, None)
