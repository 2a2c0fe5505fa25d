"""Spotter's speed and memory figures, each against a baseline measured in the same run.

    uv run python bench/run.py [--quick]

Prints a Markdown table: figure, Spotter, baseline, ratio, target, met?
"""

from __future__ import annotations

import argparse
import csv
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
sys.path.insert(0, str(ROOT / "tests"))  # import_samples: the importer tests' file generator

from synthetic import big_directory, sample_postcodes  # noqa: E402

from spotter.directory import Directory, load_bundled_directory  # noqa: E402
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
            "referral letter PDF, the 4-page example (median, fonts loaded)",
            _ms(median),
            f"{_ms(median_base)} (one-paragraph ReportLab PDF)",
            f"{median / median_base:.1f}×",
            "≤ 100 ms",
            "yes" if median <= 0.1 else "no",
        )
    ]


def bench_letter_scaling(quick: bool) -> list[Row]:
    """Rendering time grows linearly with the concerns text: 10x the text, at most 12x the
    time the concerns add (over a letter whose concerns are one short line).

    Measured at 16,000 and 160,000 characters, the size that took 54 s before concerns were
    set as short paragraphs; the input limit is lifted for the measurement only.
    """
    from dataclasses import replace

    from spotter import __version__
    from spotter.letters import Referral, model, render_referral_pdf

    example = json.loads((ROOT / "docs" / "examples" / "referral.json").read_text("utf-8"))
    referral = Referral.from_dict(example)
    line = "She has received more than forty messages a day from new numbers.\n"

    def render(chars: int) -> float:
        text = (line * (chars // len(line) + 1))[:chars]
        letter = replace(referral, concerns=text)
        t = time.perf_counter()
        render_referral_pdf(letter, app_version=__version__)
        return time.perf_counter() - t

    limit = model.MAX_CONCERNS
    model.MAX_CONCERNS = 10**7
    try:
        render(len(line))  # fonts load once per process
        runs = 3 if quick else 5
        base = statistics.median(render(len(line)) for _ in range(runs))
        small, large = 16_000, 160_000
        t_small = statistics.median(render(small) for _ in range(runs)) - base
        t_large = statistics.median(render(large) for _ in range(runs)) - base
    finally:
        model.MAX_CONCERNS = limit
    ratio = t_large / max(t_small, 1e-6)
    return [
        Row(
            f"letter concerns {large:,} vs {small:,} characters with line breaks "
            "(time the concerns add, median)",
            _ms(t_large),
            f"{_ms(t_small)} ({small:,} characters)",
            f"{ratio:.1f}×",
            "≤ 12× for 10× the text",
            "yes" if ratio <= 12 else "no",
        )
    ]


def _import_once(store_path: Path, csv_path: Path) -> dict[str, float]:
    """Validate, plan and apply ``csv_path`` into the store at ``store_path`` (timed apart)."""
    from spotter.importing import apply_import, plan_import, validate_file
    from spotter.importing.validate import valid_uk_number
    from spotter.storage import open_store

    valid_uk_number.cache_clear()  # each import starts as a new process would
    with open_store(store_path) as store:
        start = time.perf_counter()
        validated = validate_file(csv_path)
        validate = time.perf_counter() - start
        valid_uk_number.cache_clear()
        start = time.perf_counter()
        plan = plan_import(store, csv_path, "merge")  # validates again, then diffs
        planned = time.perf_counter()
        apply_import(store, plan)
        applied = time.perf_counter()
    assert validated.ok and plan.ok, plan.report.render()
    return {
        "validate": validate,
        "plan": planned - start,
        "apply": applied - planned,
        "total": applied - start,
    }


def _import_floor(store_path: Path, csv_path: Path, directory: Directory) -> float:
    """Reading the file with csv.DictReader and writing the same directory, with no checks."""
    from spotter.storage import open_store

    with open_store(store_path) as store:
        start = time.perf_counter()
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        store.replace_directory(directory, source=csv_path.name)
        elapsed = time.perf_counter() - start
    assert len(rows) == len(directory.services) - len(load_bundled_directory().services)
    return elapsed


def bench_import(quick: bool) -> list[Row]:
    from import_samples import large_rows, write_csv

    from spotter.importing import plan_import
    from spotter.importing.plan import protected_ids
    from spotter.storage import open_store

    default_gazetteer()  # loaded at start by the app, not by an import
    protected_ids()
    runs = 3 if quick else 5
    fresh: list[dict[str, float]] = []
    again: list[dict[str, float]] = []
    updated: list[dict[str, float]] = []
    floor: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = write_csv(folder / "services.csv", large_rows(10_000))
        changed_path = write_csv(folder / "services-v2.csv", large_rows(10_000, tag=" (v2)"))
        with open_store(folder / "plan.sqlite3") as store:
            result = plan_import(store, csv_path).result
        assert result is not None
        for run in range(runs):
            store_path = folder / f"run{run}.sqlite3"
            fresh.append(_import_once(store_path, csv_path))
            again.append(_import_once(store_path, csv_path))  # the same file: nothing changes
            updated.append(_import_once(store_path, changed_path))  # every service changes
            floor.append(_import_floor(folder / f"floor{run}.sqlite3", csv_path, result))

    def med(samples: list[dict[str, float]], key: str) -> float:
        return statistics.median(s[key] for s in samples)

    base = statistics.median(floor)
    rows = []
    for label, samples in (
        ("into a fresh store", fresh),
        ("again (same file, nothing changes)", again),
        ("with every service changed", updated),
    ):
        total = med(samples, "total")
        rows.append(
            Row(
                f"import 10,000-service CSV {label}: plan (validates) + apply (median)",
                f"{total:.2f} s (validate alone {med(samples, 'validate'):.2f}; "
                f"plan, validation included, {med(samples, 'plan'):.2f}; "
                f"apply {med(samples, 'apply'):.2f})",
                f"{base:.2f} s (csv.DictReader + Store.replace_directory, no checks)",
                f"{total / base:.1f}×",
                "≤ 1 s",
                "yes" if total <= 1.0 else "no",
            )
        )
    return rows


SECTIONS: dict[str, Callable[[bool], list[Row]]] = {
    "matching": bench_matching,
    "letter": bench_letter,
    "letter-scaling": bench_letter_scaling,
    "import": bench_import,
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
