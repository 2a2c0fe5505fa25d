"""The self-test an installer runs on a deployed build, run here from source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("flag", ["self-test", "--self-test"])
def test_self_test_passes_and_leaves_nothing_behind(tmp_path: Path, flag: str) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp_path),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    proc = subprocess.run(
        [sys.executable, "main.py", flag],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout
    assert "ok   ME14 1AA matched" in proc.stdout
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # the temp folder went away
