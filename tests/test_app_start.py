"""`uv run main.py` with no command: the app starts on its bundled defaults without errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_app_starts_on_bundled_defaults_and_logs_no_error(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SPOTTER_")},
        "QT_QPA_PLATFORM": "offscreen",
        "SPOTTER_DATA_DIR": str(tmp_path / "data"),
        "SPOTTER_SITE_CONFIG_DIR": str(tmp_path / "site"),
    }
    app = subprocess.Popen(
        [sys.executable, "main.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = tmp_path / "data" / "logs" / "spotter.log"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and app.poll() is None:
            if log.exists() and "starting" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        time.sleep(2)  # let the window show and the postcode data load
        assert app.poll() is None, "the app exited by itself"
    finally:
        app.terminate()
        _out, err = app.communicate(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "Spotter 0." in text and "starting" in text
    assert " ERROR " not in text and " CRITICAL " not in text
    assert "Traceback" not in err
    assert (tmp_path / "data" / "spotter.sqlite3").exists()
