"""Spotter's speed and memory figures, each against a baseline measured in the same run.

    uv run python bench/run.py [--quick]

Prints a Markdown table: figure, Spotter, baseline, ratio, target, met?
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
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


SECTIONS: dict[str, Callable[[bool], list[Row]]] = {"matching": bench_matching}


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
