"""``spotter feedback export FILE``: the practice's problem reports, for the curator."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from spotter.cli.main import EXIT_OK, _store, _write_atomically


def add_feedback_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    feedback = sub.add_parser(
        "feedback", parents=[common], help="problems reported with directory entries"
    )
    fsub = feedback.add_subparsers(
        dest="feedback_command", metavar="ACTION", parser_class=type(common)
    )
    fsub.required = True
    export = fsub.add_parser(
        "export",
        parents=[common],
        help="write every report (service id, field, what is wrong, date) for the curator",
    )
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--csv", action="store_true", help="CSV (default: JSON, or by .csv name)")


def run_feedback(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.feedback import export_text, reports
    from spotter.store.deployment import effective_settings

    with _store() as store:
        items = reports(store)
        settings, _problem = effective_settings(store)
    as_csv = args.csv or args.file.suffix.lower() == ".csv"
    text = export_text(items, settings.get("practice_ods_code"), as_csv=as_csv)
    _write_atomically(args.file, text.encode("utf-8"))
    out.write(f"wrote {len(items)} report(s) to {args.file}\n")
    return EXIT_OK
