"""Spotter's speed and memory figures, each against a baseline measured in the same run.

    uv run python bench/run.py [--quick]

Prints a Markdown table: figure, Spotter, baseline, ratio, target, met?
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import big_directory, sample_postcodes  # noqa: E402

from spotter.geography import default_gazetteer  # noqa: E402
from spotter.matching import Matcher  # noqa: E402
from spotter.postcodes import parse_postcode  # noqa: E402


@dataclass
class Row:
    figure: str
    value: str
    baseline: str
    ratio: str
    target: str
    met: str


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def time_each(fn: Callable[[str], object], items: list[str]) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def bench_matching(quick: bool) -> list[Row]:
    gazetteer = default_gazetteer()
    directory = big_directory(gazetteer, 10_000)
    matcher = Matcher(directory, gazetteer)
    postcodes = sample_postcodes(gazetteer, 2_000 if quick else 10_000)
    for pc in postcodes[:200]:  # warm caches
        matcher.match(pc)
    gc.collect()
    spotter = time_each(matcher.match, postcodes)
    baseline = time_each(lambda pc: gazetteer.locate(parse_postcode(pc)), postcodes)
    p95, b95 = percentile(spotter, 95), percentile(baseline, 95)
    batch_start = time.perf_counter()
    matcher.match_many(postcodes)
    batch = time.perf_counter() - batch_start
    base_start = time.perf_counter()
    for pc in postcodes:
        gazetteer.locate(parse_postcode(pc))
    base_batch = time.perf_counter() - base_start
    return [
        Row(
            "postcode → services, 10,000 services loaded (p95)",
            _ms(p95),
            f"{_ms(b95)} (postcode → council only)",
            f"{p95 / b95:.1f}×",
            "≤ 1 ms",
            "yes" if p95 <= 0.001 else "no",
        ),
        Row(
            f"batch of {len(postcodes):,} postcodes",
            f"{batch:.2f} s",
            f"{base_batch:.2f} s (postcode → council only)",
            f"{batch / base_batch:.1f}×",
            "—",
            "—",
        ),
    ]


def _probe(mode: str, data_dir: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "app_probe.py"), mode, data_dir],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def bench_app(quick: bool) -> list[Row]:
    runs = 3 if quick else 7
    with tempfile.TemporaryDirectory() as tmp:
        _probe("spotter", tmp)  # first run seeds the database; not counted
        spotter = [_probe("spotter", tmp) for _ in range(runs)]
        bare = [_probe("bare", tmp) for _ in range(runs)]
    start = statistics.median(r["seconds"] for r in spotter)
    start_bare = statistics.median(r["seconds"] for r in bare)
    rss = statistics.median(r["rss_mb"] for r in spotter)
    rss_bare = statistics.median(r["rss_mb"] for r in bare)
    return [
        Row(
            "start to an interactive main window (median)",
            f"{start * 1000:.0f} ms",
            f"{start_bare * 1000:.0f} ms (bare PySide6 window)",
            f"{start / start_bare:.2f}×",
            "≤ 1.3×",
            "yes" if start / start_bare <= 1.3 else "no",
        ),
        Row(
            "idle memory, postcode data loaded (RSS)",
            f"{rss:.0f} MB",
            f"{rss_bare:.0f} MB (bare PySide6 window)",
            f"{rss / rss_bare:.2f}×",
            "≤ 120 MB",
            "yes" if rss <= 120 else "no",
        ),
    ]


def bench_letter(quick: bool) -> list[Row]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from spotter import __version__
    from spotter.letters import Referral, render_referral_pdf

    example = json.loads((ROOT / "docs" / "examples" / "referral.json").read_text("utf-8"))
    referral = Referral.from_dict(example)
    render_referral_pdf(referral, app_version=__version__)  # fonts load once per process

    def baseline() -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4)
        doc.build([Paragraph("Referral", getSampleStyleSheet()["Normal"])])
        return buffer.getvalue()

    runs = 10 if quick else 30
    times, base = [], []
    for _ in range(runs):
        t = time.perf_counter()
        render_referral_pdf(referral, app_version=__version__)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        baseline()
        base.append(time.perf_counter() - t)
    median, median_base = statistics.median(times), statistics.median(base)
    return [
        Row(
            "referral letter PDF, 2 pages (median, fonts loaded)",
            _ms(median),
            f"{_ms(median_base)} (one-paragraph ReportLab PDF)",
            f"{median / median_base:.1f}×",
            "≤ 100 ms",
            "yes" if median <= 0.1 else "no",
        )
    ]


SECTIONS: dict[str, Callable[[bool], list[Row]]] = {
    "matching": bench_matching,
    "letter": bench_letter,
    "app": bench_app,
}


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller samples")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    args = parser.parse_args()
    rows: list[Row] = []
    for name, fn in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        rows.extend(fn(args.quick))
    print(f"Machine: {machine()}\n")
    print("| figure | Spotter | baseline (same run) | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.figure} | {r.value} | {r.baseline} | {r.ratio} | {r.target} | {r.met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
