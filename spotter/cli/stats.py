"""``spotter stats export|merge|report``: activity counts for the ICB, small numbers hidden."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from spotter.cli.main import EXIT_OK, UserError, _store, _write_atomically


def add_stats_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    stats = sub.add_parser("stats", parents=[common], help="activity counts (opt-in)")
    ssub = stats.add_subparsers(dest="stats_command", metavar="ACTION", parser_class=type(common))
    ssub.required = True
    export = ssub.add_parser(
        "export", parents=[common], help="write this practice's counts (cells under 5 as <5)"
    )
    export.add_argument("file", type=Path, metavar="FILE")
    form = export.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="CSV (default: by the file's name)")
    form.add_argument("--json", action="store_true", help="JSON")
    merge = ssub.add_parser(
        "merge", parents=[common], help="combine practices' exports, hiding small numbers again"
    )
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE")
    merge.add_argument("--out", required=True, type=Path, metavar="FILE")
    report = ssub.add_parser(
        "report", parents=[common], help="a PDF report with charts, for commissioners"
    )
    report.add_argument("--out", required=True, type=Path, metavar="PDF")
    report.add_argument(
        "--input",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="exports to report on (default: this practice's own counts)",
    )


def practice_counts() -> tuple[Any, dict[str, str]]:
    from spotter.stats.counts import all_counts
    from spotter.stats.exchange import from_store_rows
    from spotter.store.deployment import effective_settings

    with _store() as store:
        settings, _problem = effective_settings(store)
        rows = all_counts(store)
        names = {s.id: s.name for s in store.load_directory().services}
    return from_store_rows(settings.get("practice_ods_code"), rows), names


def run_stats(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.stats.exchange import ExchangeError, merge, read_counts

    action = args.stats_command
    try:
        if action == "export":
            counts, _names = practice_counts()
            as_csv = True if args.csv else False if args.json else None
            _write_atomically(args.file, counts.write_text(args.file, as_csv).encode("utf-8"))
            out.write(f"wrote {len(counts.cells)} counts to {args.file} (cells under 5 as <5)\n")
            return EXIT_OK
        if action == "merge":
            merged = merge([read_counts(path) for path in args.files])
            _write_atomically(args.out, merged.write_text(args.out).encode("utf-8"))
            out.write(
                f"merged {len(merged.practices)} practices ({len(merged.cells)} counts) into "
                f"{args.out}\n"
            )
            return EXIT_OK
        from spotter.stats.report import render_report

        if args.input:
            counts = merge([read_counts(p) for p in args.input])
            with _store() as store:
                names = {s.id: s.name for s in store.load_directory().services}
        else:
            counts, names = practice_counts()
        _write_atomically(args.out, render_report(counts, names))
        out.write(f"wrote {args.out}\n")
        return EXIT_OK
    except ExchangeError as exc:
        raise UserError(str(exc)) from None
