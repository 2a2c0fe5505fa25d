"""The baseline for bench/run.py's start figures: a bare PySide6 window with one label.

    SPOTTER_START_REPORT=FILE python bench/app_probe.py

Started and timed exactly as the app is (see ``ui/start_report.py``): the same paint watch
writes ``painted``, ``ready`` (the same moment, for a bare window) and ``rss_mb`` to FILE.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from ui.start_report import watch_start

    window = QMainWindow()
    window.setCentralWidget(QLabel("Spotter"))
    window.resize(1024, 768)
    watch = watch_start(lambda: True)  # noqa: F841
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
