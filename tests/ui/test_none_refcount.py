"""PySide6 6.12 loses a reference to ``None`` per void Qt call (ui/none_refcount.py): a long
session must not stop with "deallocating None"."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MANY_CALLS = textwrap.dedent(
    """
    import gc, sys
    import ui  # the guard runs on import
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(50_000):  # more than None's own references on Python 3.11
        label.setText("Women's Aid")
        label.setToolTip("")
    gc.collect()
    print(before - sys.getrefcount(None))
    """
)


def test_fifty_thousand_qt_calls_do_not_free_none() -> None:
    done = subprocess.run(
        [sys.executable, "-c", MANY_CALLS],
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "deallocating None" not in done.stderr
    # What the calls took from None (100,000 on PySide6 6.12.0, 0 once it is fixed): the
    # process got to the end either way.
    assert int(done.stdout.strip()) >= 0


def test_the_guard_leaves_none_with_room_to_spare() -> None:
    import ui.none_refcount as guard

    guard.protect_none()
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > guard.HEADROOM // 2
    guard.protect_none()  # a second call adds nothing more
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) < guard.HEADROOM * 2
