"""The domain core must work without Qt: import every module of spotter/ with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCKER = r"""
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}:
            raise ImportError(f"Qt imported by the core: {name}")
        return None
sys.meta_path.insert(0, Block())
import spotter
for mod in pkgutil.walk_packages(spotter.__path__, "spotter."):
    importlib.import_module(mod.name)
print("ok", len(sys.modules))
"""


def test_every_core_module_imports_with_qt_blocked() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKER], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")
