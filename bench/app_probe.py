"""Run in a child process by bench/run.py: start a window, report time-to-shown and memory.

    python bench/app_probe.py bare|spotter DATA_DIR
Prints JSON: {"seconds": time from process start to the window shown and idle,
"rss_mb": resident memory once idle (and, for Spotter, the postcode data loaded)}.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    mode, data_dir = sys.argv[1], sys.argv[2]
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    if mode == "bare":
        window = QMainWindow()
        window.resize(1024, 768)
        window.show()
        ready = lambda: True  # noqa: E731
    else:
        from spotter import paths
        from spotter.recovery import open_store_safely
        from ui.app import create_main_window
        from ui.style import apply_style

        paths.set_data_dir(Path(data_dir))
        apply_style(app)
        store, _ = open_store_safely()
        window = create_main_window(store)
        window.resize(1024, 768)
        window.show()
        ready = lambda: window.services_page.matcher is not None  # noqa: E731
    QCoreApplication.processEvents()
    shown = time.perf_counter() - STARTED
    while not ready():
        QCoreApplication.processEvents()
        time.sleep(0.005)
    QTimer.singleShot(300, app.quit)  # idle for a moment, then measure
    app.exec()
    print(json.dumps({"seconds": shown, "rss_mb": rss_mb()}))


if __name__ == "__main__":
    main()
