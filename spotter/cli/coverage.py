"""``spotter coverage gaps [--json|--csv]``: the coverage table for commissioners."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from spotter.cli.main import EXIT_OK, _store


def add_coverage_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    coverage = sub.add_parser(
        "coverage", parents=[common], help="which local authorities have a local service"
    )
    csub = coverage.add_subparsers(
        dest="coverage_command", metavar="ACTION", parser_class=type(common)
    )
    csub.required = True
    gaps = csub.add_parser(
        "gaps",
        parents=[common],
        help="every UK local authority with the local services covering it, and those with none",
    )
    form = gaps.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV (one row per authority)")


def run_coverage(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.places.coverage import (
        coverage_by_authority,
        coverage_csv,
        coverage_json,
        gap_counts,
    )
    from spotter.places.gazetteer import default_gazetteer

    with _store() as store:
        directory = store.load_directory()
    rows = coverage_by_authority(directory, default_gazetteer())
    if args.json:
        json.dump(coverage_json(rows), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if args.csv:
        out.write(coverage_csv(rows))
        return EXIT_OK
    without = [r for r in rows if r.status == "none"]
    out.write(
        f"{len(rows)} local authorities; {len(without)} with no local specialist service "
        "(national and nation-wide services still cover them)\n\n"
    )
    for g in gap_counts(rows):
        place = f"{g.nation}, {g.region}" if g.region else g.nation
        out.write(f"  {place}: {g.without_local_service} of {g.authorities} without\n")
    out.write("\nWithout a local service:\n")
    for r in without:
        place = r.area.region_name or r.area.country_name
        out.write(f"  {r.area.lad_code}\t{r.area.display_name}\t{place}\n")
    likely = [r for r in rows if r.status == "likely"]
    if likely:
        out.write("\nCovered only by a service whose area is a looser name (check it):\n")
        for r in likely:
            names = "; ".join(s.name for s in r.likely)
            out.write(f"  {r.area.lad_code}\t{r.area.display_name}\t{names}\n")
    return EXIT_OK
