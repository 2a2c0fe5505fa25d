"""The layers of docs/architecture.md hold: nothing imports upwards (import-linter), the core
imports no Qt (tests/test_core_has_no_qt.py), and the layout the docs describe is the tree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contract_is_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_the_architecture_page_names_every_core_package() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(p.name for p in (ROOT / "spotter").iterdir() if (p / "__init__.py").is_file())
    modules = sorted(p.stem for p in (ROOT / "spotter").glob("*.py") if p.stem not in {"__init__"})
    for name in [*packages, *modules]:
        assert re.search(rf"`spotter/{name}(/|\.py)?`", page), f"{name} is not in the page"


def test_core_modules_live_in_their_layer_packages() -> None:
    loose = sorted(p.name for p in (ROOT / "spotter").glob("*.py") if p.name != "__init__.py")
    assert loose == ["feedback.py", "glossary.py", "guidance.py"], (
        "a new module belongs in a layer package"
    )
