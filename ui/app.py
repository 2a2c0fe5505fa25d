"""Start the Qt application on the bundled defaults."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from spotter import __version__, paths


def run_app(data_dir: Path | None = None) -> int:
    if data_dir is not None:
        paths.set_data_dir(data_dir)
    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle(f"Spotter {__version__}")
    window.setCentralWidget(QLabel("Spotter"))
    window.show()
    return app.exec()
