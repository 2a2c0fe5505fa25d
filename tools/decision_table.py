"""Write docs/clinical-safety/decision-table.md from the bundled screening content.

uv run python tools/decision_table.py          # rewrite the page
uv run python tools/decision_table.py --check  # exit 1 if the page is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spotter.screening import load_bundled
from spotter.screening.decision_doc import render

PAGE = Path(__file__).resolve().parent.parent / "docs" / "clinical-safety" / "decision-table.md"


def main(argv: list[str]) -> int:
    text = render(load_bundled())
    if "--check" in argv:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE} is out of date: run uv run python tools/decision_table.py")
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
