"""Spotter's speed, memory and size figures, each against a baseline measured in the same run.

    uv run python bench/run.py [--quick] [--only app|letter|matching|import|council|bundle]
        [--readme]

Prints a Markdown table (figure, Spotter, baseline, ratio, target, met?) after a description of
the machine; ``--readme`` also writes both into README.md between the ``bench:start`` and
``bench:end`` markers. Start-up is timed as a user sees it: whole processes, from the moment one
is started to its first painted frame (``ui/start_report.py``), median of several runs
interleaved with the baseline's. The bundle's size is reported when ``dist/`` holds a build
(``packaging/build.py``). Targets are ratios to the same run's baselines, never absolute times,
and no test asserts a time.
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
from spotter.places.gazetteer import default_gazetteer  # noqa: E402
from spotter.places.matching import Matcher  # noqa: E402
from spotter.places.postcodes import parse_postcode  # noqa: E402


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
    postcodes = sample_postcodes(gazetteer, 2_000 if quick else 10_000)
    for pc in postcodes[:200]:  # warm the postcode parser and the gazetteer
        gazetteer.locate(parse_postcode(pc))
    gc.collect()
    baseline = time_each(lambda pc: gazetteer.locate(parse_postcode(pc)), postcodes)
    b95 = percentile(baseline, 95)
    base_batch = sum(baseline)

    cold = Matcher(directory, gazetteer)  # answers worked out on each area's first lookup
    first = time_each(cold.match, postcodes)
    prepared = Matcher(directory, gazetteer)
    start = time.perf_counter()
    prepared.prepare()  # what the app does in the background once the directory is loaded
    prepare = time.perf_counter() - start
    gc.collect()
    spotter = time_each(prepared.match, postcodes)
    p95, f95 = percentile(spotter, 95), percentile(first, 95)
    start = time.perf_counter()
    prepared.match_many(postcodes)
    batch = time.perf_counter() - start
    start = time.perf_counter()
    built = sum(len(r.matches) for r in prepared.match_many(postcodes))  # every reason built
    batch_built = time.perf_counter() - start
    council = f"{_ms(b95)} (postcode → council only)"
    return [
        Row(
            "postcode → services, 10,000 services (p95), answers prepared when the directory "
            f"loads ({prepare:.2f} s, once, in the background)",
            _ms(p95),
            council,
            f"{p95 / b95:.1f}×",
            "≤ 10×",
            "yes" if p95 / b95 <= 10 else "no",
        ),
        Row(
            "postcode → services, 10,000 services (p95), not prepared: each council's or "
            "district's first lookup ranks its services",
            _ms(f95),
            council,
            f"{f95 / b95:.1f}×",
            "—",
            "—",
        ),
        Row(
            f"batch of {len(postcodes):,} postcodes (`match_many`, prepared)",
            f"{batch:.3f} s",
            f"{base_batch:.3f} s (postcode → council only)",
            f"{batch / base_batch:.1f}×",
            "≤ 3×",
            "yes" if batch / base_batch <= 3 else "no",
        ),
        Row(
            f"the same batch with every reason text built ({built:,} service lines)",
            f"{batch_built:.2f} s",
            f"{base_batch:.3f} s (postcode → council only)",
            f"{batch_built / base_batch:.1f}×",
            "—",
            "—",
        ),
    ]


def _start_once(command: list[str], data_dir: str) -> dict[str, float]:
    """Start ``command`` as a user would and time it from the moment the process is started.

    The process writes its paint and ready times (``time.monotonic()``, the same clock here)
    to a report file and quits (see ``ui/start_report.py``).
    """
    report = Path(data_dir) / "start-report.json"
    report.unlink(missing_ok=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SPOTTER_START_REPORT": str(report),
        "SPOTTER_SITE_CONFIG_DIR": str(Path(data_dir) / "site"),
    }
    started = time.monotonic()
    subprocess.run(command, check=True, env=env, timeout=120, capture_output=True)
    result = json.loads(report.read_text("utf-8"))
    return {
        "painted": result["painted"] - started,
        "ready": result["ready"] - started,
        "rss_mb": result["rss_mb"],
    }


def bundle_dir() -> Path | None:
    """The one-folder build from ``packaging/build.py``, if there is one."""
    from spotter import __version__

    bundle = ROOT / "dist" / f"spotter-{__version__}"
    return bundle if (bundle / "spotter").exists() else None


def _spread(samples: list[float], scale: float = 1000.0, unit: str = "ms") -> str:
    return (
        f"{statistics.median(samples) * scale:.0f} {unit} "
        f"({min(samples) * scale:.0f}–{max(samples) * scale:.0f})"
    )


def bench_app(quick: bool) -> list[Row]:
    runs = 5 if quick else 11
    bundle = bundle_dir()
    commands = {
        "bare": [sys.executable, str(ROOT / "bench" / "app_probe.py")],
        "spotter": [sys.executable, str(ROOT / "main.py"), "--data-dir"],
    }
    if bundle is not None:
        commands["frozen"] = [str(bundle / "spotter"), "--data-dir"]
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in commands.items():  # first runs seed the database; not counted
            if command[-1] == "--data-dir":
                command.append(str(Path(tmp) / name))
            (Path(tmp) / name).mkdir()
            _start_once(command, str(Path(tmp) / name))
        for _ in range(runs):  # interleaved, so a busy moment on the machine hits every kind
            for name, command in commands.items():
                samples[name].append(_start_once(command, str(Path(tmp) / name)))

    def med(name: str, key: str) -> float:
        return statistics.median(s[key] for s in samples[name])

    def column(name: str, key: str) -> list[float]:
        return [s[key] for s in samples[name]]

    bare = med("bare", "painted")
    painted, ready = med("spotter", "painted"), med("spotter", "ready")
    rss, rss_bare = med("spotter", "rss_mb"), med("bare", "rss_mb")
    base = f"{_spread(column('bare', 'painted'))} (bare PySide6 window with one label)"
    rows = [
        Row(
            f"process start → main window painted (median of {runs}, min–max)",
            _spread(column("spotter", "painted")),
            base,
            f"{painted / bare:.2f}×",
            "≤ 1.5×",
            "yes" if painted / bare <= 1.5 else "no",
        ),
        Row(
            f"process start → services ready, a postcode can be matched (median of {runs})",
            _spread(column("spotter", "ready")),
            base,
            f"{ready / bare:.2f}×",
            "≤ 2×",
            "yes" if ready / bare <= 2 else "no",
        ),
        Row(
            "idle memory, postcode data loaded (RSS, median)",
            f"{rss:.0f} MB",
            f"{rss_bare:.0f} MB (bare PySide6 window with one label)",
            f"{rss / rss_bare:.2f}×",
            "≤ 1.6×",
            "yes" if rss / rss_bare <= 1.6 else "no",
        ),
    ]
    if "frozen" in samples:
        frozen = med("frozen", "painted")
        rows.append(
            Row(
                f"frozen bundle: process start → main window painted (median of {runs})",
                _spread(column("frozen", "painted")),
                f"{_spread(column('spotter', 'painted'))} (the same app from source)",
                f"{frozen / painted:.2f}×",
                "≤ 1.3×",
                "yes" if frozen / painted <= 1.3 else "no",
            )
        )
    return rows


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
    from spotter.store.database import open_store

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
    from spotter.store.database import open_store

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
    from spotter.store.database import open_store

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
        every = label.startswith("with every")
        met = total <= 1.0 and (total / base <= 2.5 or not every)
        rows.append(
            Row(
                f"import 10,000-service CSV {label}: plan (validates) + apply (median)",
                f"{total:.2f} s (validate alone {med(samples, 'validate'):.2f}; "
                f"plan, validation included, {med(samples, 'plan'):.2f}; "
                f"apply {med(samples, 'apply'):.2f})",
                f"{base:.2f} s (csv.DictReader + Store.replace_directory, no checks)",
                f"{total / base:.1f}×",
                "≤ 2.5× and ≤ 1 s" if every else "≤ 1 s",
                "yes" if met else "no",
            )
        )
    return rows


def _probe(*args: str) -> dict[str, float]:
    """Run ``bench/import_probe.py`` in a process of its own and return what it reports."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "import_probe.py"), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def bench_council(quick: bool) -> list[Row]:
    """A council's whole Open Referral UK 3 feed (``bench/council_feed.py``) imported.

    Each run is a process of its own (so peak memory is the run's own), interleaved with the
    baseline's: ``json.load`` of the same file and ``Store.replace_directory`` of the same
    services, with no checks.
    """
    import pickle

    from council_feed import write_council_feed

    from spotter.importing import plan_import
    from spotter.store.database import open_store

    runs = 3 if quick else 5
    spotter: list[dict[str, float]] = []
    selected: list[dict[str, float]] = []
    floor: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = write_council_feed(folder / "council-feed.json", 10_000)
        size_mb = feed.stat().st_size / 1_000_000
        with open_store(folder / "plan.sqlite3") as store:
            plan = plan_import(store, feed, "merge", area="Kent")
        assert plan.ok and plan.result is not None, plan.report.render()
        pickled = folder / "directory.pickle"
        pickled.write_bytes(pickle.dumps(plan.result))
        del plan
        for run in range(runs):
            spotter.append(_probe("spotter", str(feed), str(folder / f"s{run}.sqlite3")))
            floor.append(
                _probe("baseline", str(feed), str(folder / f"b{run}.sqlite3"), str(pickled))
            )
            selected.append(
                _probe("spotter", str(feed), str(folder / f"x{run}.sqlite3"), "--select")
            )

    def med(samples: list[dict[str, float]], key: str) -> float:
        return statistics.median(s[key] for s in samples)

    total, base = med(spotter, "total"), med(floor, "total")
    peak, base_peak = med(spotter, "peak_mb"), med(floor, "peak_mb")
    picked = med(selected, "total")
    shape = (
        f"{size_mb:.1f} MB HSDS 3 paged list, HTML descriptions, `pc_*` keys, most services "
        "without `service_areas` (`--area`)"
    )
    return [
        Row(
            f"import a council feed of 10,000 services ({shape}) into a fresh store: read, "
            f"validate, plan, apply (median of {runs}, a process each)",
            f"{total:.2f} s (plan, validation included, {med(spotter, 'plan'):.2f}; "
            f"apply {med(spotter, 'apply'):.2f}; CPU {med(spotter, 'cpu'):.2f})",
            f"{base:.2f} s, CPU {med(floor, 'cpu'):.2f} (json.load + Store.replace_directory, "
            "no checks)",
            f"{total / base:.1f}×",
            "≤ 2 s",
            "yes" if total <= 2.0 else "no",
        ),
        Row(
            "peak memory of that import (whole process: Python, gazetteer, directory; "
            f"{med(spotter, 'ready_mb'):.0f} MB before the file is read)",
            f"{peak:.0f} MB",
            f"{base_peak:.0f} MB (the same baseline)",
            f"{peak / base_peak:.2f}×",
            "≤ 250 MB",
            "yes" if peak <= 250 else "no",
        ),
        Row(
            "the same feed with `--select` (the default terms: "
            f"{med(selected, 'services'):.0f} of 10,000 services kept)",
            f"{picked:.2f} s",
            f"{base:.2f} s (the same baseline)",
            f"{picked / base:.1f}×",
            "≤ 2 s",
            "yes" if picked <= 2.0 else "no",
        ),
    ]


def bench_bundle(quick: bool) -> list[Row]:
    bundle = bundle_dir()
    if bundle is None:
        print("no bundle in dist/: run packaging/build.py for the size figures", file=sys.stderr)
        return []
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    ceiling_text = (ROOT / "packaging" / "size-ceiling.txt").read_text("utf-8")
    ceiling = next(
        int(line.split("#", 1)[0].strip().replace("_", ""))
        for line in ceiling_text.splitlines()
        if line.split("#", 1)[0].strip()
    )
    return [
        Row(
            f"frozen one-folder bundle, {platform.system()} (`packaging/build.py`)",
            f"{size / 1_000_000:.1f} MB",
            f"ceiling {ceiling / 1_000_000:.1f} MB (packaging/size-ceiling.txt)",
            "—",
            "≤ 120 MB",
            "yes" if size <= 120_000_000 else "no",
        )
    ]


SECTIONS: dict[str, Callable[[bool], list[Row]]] = {
    "matching": bench_matching,
    "letter": bench_letter,
    "letter-scaling": bench_letter_scaling,
    "import": bench_import,
    "council": bench_council,
    "app": bench_app,
    "bundle": bench_bundle,
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    from PySide6 import __version__ as pyside

    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the end (a shared machine)"
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PySide6 {pyside}, Qt offscreen{load}"
    )


def write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text("utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    head, _, rest = content.partition(start)
    _, _, tail = rest.partition(end)
    if not rest or end not in rest:
        raise SystemExit("README.md has no bench:start / bench:end markers")
    readme.write_text(f"{head}{start}\n{text}\n{end}{tail}", "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller samples")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    rows: list[Row] = []
    for name, fn in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        rows.extend(fn(args.quick))
    lines = [
        f"Measured on: {machine()}.",
        "",
        "| figure | Spotter | baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r.figure} | {r.value} | {r.baseline} | {r.ratio} | {r.target} | {r.met} |"
            for r in rows
        ),
    ]
    text = "\n".join(lines)
    print(text)
    if args.readme:
        write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
