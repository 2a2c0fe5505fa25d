"""Render a referral letter JSON to PNG pages, to look at the layout.

    uv run python tools/render_letter_png.py [--input docs/examples/referral.json]
        [--out docs/images/sample-letter] [--dpi 80]

writes ``<out>-1.png``, ``<out>-2.png``, … . Uses poppler's ``pdftoppm`` when it is on PATH,
otherwise Qt's PDF module (PySide6 QtPdf). This tool may import Qt; ``spotter/`` may not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotter import __version__  # noqa: E402
from spotter.letters import Referral, render_referral_pdf  # noqa: E402


def _with_pdftoppm(pdf: bytes, out: Path, dpi: int) -> list[Path]:
    exe = shutil.which("pdftoppm")
    assert exe is not None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run([exe, "-r", str(dpi), "-png", str(source), str(out)], check=True)
    # pdftoppm pads page numbers when there are 10 or more pages; normalise to -N.png.
    pages = sorted(out.parent.glob(f"{out.name}-*.png"))
    result = []
    for page in pages:
        number = int(page.stem.rsplit("-", 1)[1])
        target = out.parent / f"{out.name}-{number}.png"
        if page != target:
            page.replace(target)
        result.append(target)
    return sorted(result, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _with_qtpdf(pdf: bytes, out: Path, dpi: int) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is ever shown
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPdf import QPdfDocument

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    result = []
    for index in range(document.pageCount()):
        points = document.pagePointSize(index)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        image = document.render(index, size)
        target = out.parent / f"{out.name}-{index + 1}.png"
        image.save(str(target))
        result.append(target)
    del app
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=ROOT / "docs/examples/referral.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs/images/sample-letter")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--qt", action="store_true", help="use QtPdf even if pdftoppm exists")
    args = parser.parse_args(argv)

    referral = Referral.from_dict(json.loads(args.input.read_text(encoding="utf-8")))
    started = time.perf_counter()
    pdf = render_referral_pdf(referral, app_version=__version__)
    elapsed = (time.perf_counter() - started) * 1000
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for old in args.out.parent.glob(f"{args.out.name}-*.png"):
        old.unlink()
    if shutil.which("pdftoppm") and not args.qt:
        pages = _with_pdftoppm(pdf, args.out, args.dpi)
    else:
        pages = _with_qtpdf(pdf, args.out, args.dpi)
    print(f"rendered {len(pdf)} bytes in {elapsed:.0f} ms")
    for page in pages:
        print(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
