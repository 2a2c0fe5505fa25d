"""The clinical safety hazard log names only tests that exist, and every hazard names some."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def test_every_named_test_exists() -> None:
    references = REFERENCE.findall(LOG.read_text(encoding="utf-8"))
    assert len(references) >= 20
    missing = [
        f"{file}::{name}"
        for file, name in references
        if not (ROOT / file).is_file() or name not in _test_names(ROOT / file)
    ]
    assert missing == []


def test_every_hazard_names_at_least_one_test() -> None:
    sections = re.split(r"^## ", LOG.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    assert len(sections) >= 10
    for section in sections:
        assert REFERENCE.search(section), f"no test named for: {section.splitlines()[0]}"
