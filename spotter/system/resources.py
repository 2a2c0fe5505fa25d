"""Where the bundled, versioned data lives (screening content, directory, gazetteer, fonts).

In a source checkout that is ``<repo>/resources``; in a frozen build PyInstaller unpacks it
next to the executable's support files (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder holding Spotter's bundled resources."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of one bundled resource, e.g. ``resource_path("gazetteer")``."""
    return resources_dir().joinpath(*parts)
