"""Spotter's command line: the public interface installers and scripts rely on.

Exit status: 0 success; 1 a problem found (``doctor``) or an unexpected failure; 2 a user
mistake (bad postcode, missing file, invalid input) reported as one line on stderr.
Commands and JSON field names are stable; changes are documented in the README.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from spotter import __version__
from spotter.cli import screen as screen_cli
from spotter.directory import Directory, Service, service_to_json
from spotter.directory.fields import DETAIL_FIELDS, Kind
from spotter.places import match_words
from spotter.places.gazetteer import default_gazetteer
from spotter.places.matching import Matcher, MatchResult
from spotter.places.postcodes import PostcodeError, is_inward_code, is_outward_code
from spotter.store.database import Store, StoreError, store_error
from spotter.system import paths
from spotter.system.files import write_file_atomically
from spotter.system.logs import configure_logging

log = logging.getLogger("spotter.cli")

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse prints usage + message, exits 2
        self.exit(EXIT_USAGE, f"spotter: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    # --data-dir is accepted before or after a command. The commands' copy has no default
    # (SUPPRESS), so it cannot overwrite a value given before the command.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="use DIR for the database, config and logs (also SPOTTER_DATA_DIR)",
    )
    parser = _Parser(
        prog="spotter",
        description="Spotter: spot stalking and refer to specialist help. "
        "With no command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"Spotter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    match = sub.add_parser(
        "match", parents=[common], help="list the services for one or more postcodes"
    )
    match.add_argument("postcodes", nargs="+", metavar="POSTCODE", help="postcodes, or - for stdin")
    match.add_argument("--json", action="store_true", help="print a JSON array")

    services = sub.add_parser("services", parents=[common], help="the services directory")
    ssub = services.add_subparsers(dest="services_command", metavar="ACTION", parser_class=_Parser)
    ssub.required = True
    slist = ssub.add_parser("list", parents=[common], help="list every service")
    slist.add_argument("--json", action="store_true", help="print JSON")
    sshow = ssub.add_parser("show", parents=[common], help="one service's details")
    sshow.add_argument("service_id", metavar="ID", help="the service's id (see services list)")
    sshow.add_argument(
        "--json", action="store_true", help="print its JSON as services export writes it"
    )
    sexport = ssub.add_parser(
        "export", parents=[common], help="write the directory as JSON (or the CSV template)"
    )
    sexport.add_argument("file", type=Path, metavar="FILE")
    sexport.add_argument(
        "--template",
        action="store_true",
        help="write the CSV template instead: the header, an example row and every service",
    )
    simport = ssub.add_parser(
        "import",
        parents=[common],
        help="check and import a services file (CSV or JSON) or an HSDS package (.zip or folder)",
    )
    simport.add_argument("file", type=Path, metavar="FILE")
    simport.add_argument(
        "--dry-run", action="store_true", help="check and show the changes; change nothing"
    )
    simport.add_argument(
        "--mode",
        choices=["merge", "replace"],
        default="merge",
        help="merge (default): update by id and add new services, keep the others; "
        "replace: the file becomes the directory (the helpline is always kept)",
    )
    simport.add_argument(
        "--select",
        nargs="*",
        metavar="TERM",
        default=None,
        help="import only the services tagged with, named or described by one of these terms "
        "(with no TERM: stalking, harassment, domestic abuse, victim support); for a "
        "council's whole feed",
    )
    simport.add_argument(
        "--area",
        metavar="NAME",
        default=None,
        help="the area covered by services the file gives no area for (e.g. the council "
        "that publishes the feed); without it they are kept out",
    )
    simport.add_argument("--json", action="store_true", help="print the report as JSON")
    srollback = ssub.add_parser(
        "rollback", parents=[common], help="put back the directory from before the last import"
    )
    srollback.add_argument("--json", action="store_true", help="print JSON")
    shistory = ssub.add_parser("history", parents=[common], help="list imports and rollbacks")
    shistory.add_argument("--json", action="store_true", help="print JSON")
    ssub.add_parser(
        "sync",
        parents=[common],
        help="import the administrator's managed services file now, if it changed",
    )

    letter = sub.add_parser(
        "letter", parents=[common], help="render a referral letter PDF from a JSON file"
    )
    letter.add_argument("--input", required=True, type=Path, metavar="JSON")
    letter.add_argument("--out", required=True, type=Path, metavar="PDF")

    screen_cli.add_parser(sub, common)
    from spotter.cli.pack import add_pack_parser

    add_pack_parser(sub, common)
    from spotter.cli.coverage import add_coverage_parser

    add_coverage_parser(sub, common)
    from spotter.cli.feedback import add_feedback_parser

    add_feedback_parser(sub, common)
    from spotter.cli.stats import add_stats_parser

    add_stats_parser(sub, common)

    doctor = sub.add_parser(
        "doctor", parents=[common], help="check paths, database, backups and data versions"
    )
    doctor.add_argument(
        "--repair",
        action="store_true",
        help="if the database is damaged, move it aside and restore the newest good backup",
    )
    sub.add_parser(
        "self-test",
        help="open the app offscreen in a temporary folder and check it works (also --self-test)",
    )
    return parser


# --- commands -------------------------------------------------------------------------------


#: Where :func:`_store` tells the user about a recovery or read-only mode (set by :func:`run`).
_notices: TextIO | None = None


def _store() -> Store:
    """Open the database as the app does: damage recovered (and said), busy never damage."""
    from spotter.store.recovery import open_store_safely

    try:
        store, recovery = open_store_safely()
    except StoreError as exc:
        raise UserError(str(exc)) from None
    err = _notices or sys.stderr
    if recovery is not None:
        err.write(f"spotter: {recovery.message}\n")
    if store.read_only:
        err.write(f"spotter: {store.read_only_notice}\n")
    return store


def _read_postcodes(args: Sequence[str], stdin: TextIO) -> Iterator[str]:
    """The queries in order; ``ME14 1AA`` typed without quotes (two arguments) is one."""
    pending: str | None = None
    for arg in args:
        if arg == "-":
            if pending is not None:
                yield pending
                pending = None
            for line in stdin:
                if line.strip():
                    yield line.strip()
        elif pending is not None and is_inward_code(arg) and is_outward_code(pending):
            yield f"{pending} {arg}"
            pending = None
        else:
            if pending is not None:
                yield pending
            pending = arg
    if pending is not None:
        yield pending


def service_json(service: Service) -> dict[str, Any]:
    return {
        "id": service.id,
        "name": service.name,
        "organisation": service.organisation.name,
        "scope": service.scope.value,
        "status": service.status.value,
        "areas": list(service.areas),
        "phones": [
            {
                "number": p.number,
                "type": p.type,
                "description": p.description,
                "languages": list(p.languages),
            }
            for p in service.phones
        ],
        "email": service.email,
        "url": service.url,
        "hours": service.hours,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "source": service.source,
        # and every other field the app shows in a service's details
        **{
            spec.json_key: list(value) if spec.kind is Kind.NAMES else value
            for spec in DETAIL_FIELDS
            if spec.json_key not in ("email", "url")
            for value in (getattr(service, spec.name),)
        },
    }


def match_json(result: MatchResult) -> dict[str, Any]:
    return {
        "postcode": str(result.postcode),
        "method": result.location.method,
        "areas": [
            {
                "lad_code": p.area.lad_code,
                "lad_name": p.area.lad_name,
                "certainty": p.certainty,
                "share": p.share,
                "county": p.area.county_name,
                "ceremonial_county": p.area.ceremonial_county,
                "region": p.area.region_name,
                "country": p.area.country_name,
                "icb": p.area.icb_name,
            }
            for p in result.location.placements
        ],
        "services": [
            {**service_json(m.service), "reason": m.reason, "certainty": m.certainty.value}
            for m in result.matches
        ],
        "notes": list(result.notes),
        "advice": result.advice,
        "summary": match_words.summary(result),
    }


def _print_match(result: MatchResult, stream: TextIO) -> None:
    out = _SafeText(stream)
    areas = ", ".join(
        f"{p.area.lad_name}" + ("" if p.certainty != "possible" else f" ({p.share:.0%})")
        for p in result.location.placements
    )
    out.write(f"{result.postcode}: {areas or 'area not known'}\n")
    for note in result.notes:
        out.write(f"  note: {note}\n")
    if result.advice:
        out.write(f"  advice: {result.advice}\n")
    for m in result.matches:
        phones = "; ".join(
            p.number + (f" ({p.type})" if p.type != "voice" else "") for p in m.service.phones
        )
        out.write(f"  - {m.service.name} [{m.service.scope.value}]\n")
        out.write(f"      {m.reason}\n")
        out.write(f"      phone: {phones or 'no number on record'}\n")


class _SafeText:
    """A text stream that escapes control characters in everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write("\n".join(_safe(part) for part in text.split("\n")))


def cmd_match(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    with _store() as store:
        directory = store.load_directory()
    matcher = Matcher(directory, default_gazetteer())
    results: list[dict[str, Any]] = []
    status = EXIT_OK
    queries = list(_read_postcodes(args.postcodes, stdin))
    if not queries:
        raise UserError("no postcodes given")
    for query in queries:
        try:
            result = matcher.match(query)
        except PostcodeError as exc:
            if len(queries) == 1:
                raise UserError(str(exc)) from None
            err.write(f"spotter: {exc}\n")
            results.append({"postcode": query, "error": str(exc), "areas": [], "services": []})
            status = EXIT_USAGE
            continue
        if args.json:
            results.append(match_json(result))
        else:
            _print_match(result, out)
    if args.json:
        json.dump(results, out, indent=2, ensure_ascii=False)
        out.write("\n")
    return status


def cmd_services(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    action = args.services_command
    if action == "import":
        return _services_import(args, out, err)
    if action in ("rollback", "history"):
        return _services_history(action, args.json, out)
    if action == "sync":
        return _services_sync(out)
    with _store() as store:
        directory = store.load_directory()
    if action == "list":
        return _services_list(directory, args.json, out)
    if action == "show":
        return _services_show(directory, args.service_id, args.json, out)
    if action == "export":
        if args.template:
            return _services_template(directory, args.file, out)
        return _services_export(directory, args.file, out)
    raise UserError(f"unknown services action {action!r}")


def _services_sync(out: TextIO) -> int:
    from spotter.importing.managed import sync_managed_directory
    from spotter.store.deployment import DeploymentError, load_deployment

    try:
        deployment = load_deployment()
    except DeploymentError as exc:
        raise UserError(str(exc)) from None
    with _store() as store:
        outcome = sync_managed_directory(store, deployment)
    messages = {
        "none": "no managed services file is set in the machine-wide configuration",
        "unchanged": "the managed services file has not changed since it was applied",
    }
    if outcome.problem:
        raise UserError(outcome.message)
    out.write((messages.get(outcome.status) or outcome.message) + "\n")
    return EXIT_OK


def _write_atomically(target: Path, data: bytes) -> None:
    try:
        write_file_atomically(target, data)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror}") from None


def _services_template(directory: Directory, target: Path, out: TextIO) -> int:
    return _export(directory, target, "template", out)


def _export(directory: Directory, target: Path, kind: str, out: TextIO) -> int:
    from spotter.importing.export import ExportKind, export_bytes, export_message

    _write_atomically(target, export_bytes(directory, ExportKind(kind)))
    out.write(export_message(len(directory.services), target, ExportKind(kind)) + "\n")
    return EXIT_OK


def _services_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from spotter.importing import ImportValidationError, apply_import, plan_import

    with _store() as store:
        plan = plan_import(store, args.file, args.mode, select=args.select, area=args.area)
        record = None
        if plan.ok and not args.dry_run:
            try:
                record = apply_import(store, plan)
            except ImportValidationError as exc:
                plan.report.extend(exc.report.problems)
    if args.json:
        payload = plan.to_json()
        payload["ok"] = plan.report.ok
        payload["dry_run"] = bool(args.dry_run)
        payload["applied"] = record is not None
        payload["record"] = record.to_json() if record else None
        json.dump(payload, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK if plan.report.ok else EXIT_USAGE
    details = "".join(f"{plan.file.name}: {line}\n" for line in plan.file.describe())
    if not plan.report.ok:
        err.write(details + plan.report.render() + "\n")
        return EXIT_USAGE
    if plan.report.problems:
        err.write(plan.report.render() + "\n")
    out.write(details)
    out.write(f"{plan.file.name} ({args.mode}): {plan.diff.render()}\n")
    if record is None:
        out.write("dry run: nothing was changed\n")
    elif record.snapshot_id is None:
        out.write("the directory already matches this file: nothing was changed\n")
    else:
        out.write(
            f"imported (history #{record.id}); `services rollback` puts back the previous "
            "directory\n"
        )
    return EXIT_OK


def _services_history(action: str, as_json: bool, out: TextIO) -> int:
    from spotter.importing import ImportValidationError, history, rollback

    with _store() as store:
        if action == "rollback":
            try:
                record = rollback(store)
            except ImportValidationError as exc:
                raise UserError(exc.report.errors[0].message) from None
            if as_json:
                json.dump(record.to_json(), out, indent=2, ensure_ascii=False)
                out.write("\n")
            else:
                out.write(
                    f"rolled back: the directory is as it was before importing "
                    f"{record.file_name} ({record.removed} removed, {record.changed} changed "
                    f"back, {record.added} put back)\n"
                )
            return EXIT_OK
        records = history(store)
    if as_json:
        json.dump([r.to_json() for r in records], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not records:
        out.write("no imports yet\n")
    for r in records:
        undone = f"  (rolled back by #{r.undone_by})" if r.undone_by else ""
        out.write(
            f"#{r.id}\t{r.at}\t{r.action}\t{r.mode}\t{r.file_name}\t"
            f"+{r.added} ~{r.changed} -{r.removed} ={r.unchanged}\t{r.sha256[:12]}{undone}\n"
        )
    return EXIT_OK


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """``text`` with control characters shown as escapes, so a name holding a terminal
    escape sequence cannot recolour or rewrite the admin's screen (tab stays a separator)."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def _services_list(directory: Directory, as_json: bool, out: TextIO) -> int:
    if as_json:
        json.dump([service_json(s) for s in directory.services], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    for s in directory.services:
        phones = "; ".join(p.number for p in s.phones) or "-"
        checked = s.assured_date.isoformat() if s.assured_date else "not verified"
        line = f"{s.id}\t{s.name}\t{s.scope.value}\t{', '.join(s.areas)}\t{phones}\t{checked}"
        out.write(_safe(line) + "\n")
    return EXIT_OK


def _services_show(directory: Directory, service_id: str, as_json: bool, out: TextIO) -> int:
    from datetime import date

    from spotter.directory.browse import verified_text
    from spotter.directory.details import phone_text, service_details

    service = directory.get(service_id)
    if service is None:
        raise UserError(f"no service has the id {service_id!r} (`services list` shows them)")
    if as_json:
        json.dump(service_to_json(service), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    today = date.today()
    lines = [service.name, service.organisation.name]
    details = service_details(service, today)
    lines += [f"{d.label.upper()}: {d.text}" for d in details if d.alert]
    if service.description:
        lines.append(service.description)
    lines.append(f"Covers: {', '.join(service.areas)}")
    for p in service.phones:
        kind = "Phone" if p.type == "voice" else f"Phone ({p.type})"
        lines.append(f"{kind}: {phone_text(p)}")
    if not service.phones:
        lines.append("Phone: no number on record yet")
    lines += [f"{d.label}: {d.text}" for d in details if not d.alert]
    lines.append(verified_text(service, today))
    if service.verify_note:
        lines.append(service.verify_note)
    lines.append(f"Source: {service.source}")
    out.write("".join(_safe(line) + "\n" for line in lines))
    return EXIT_OK


def _services_export(directory: Directory, target: Path, out: TextIO) -> int:
    return _export(directory, target, "json", out)


#: The largest letter JSON read (documented in docs/letter-json.md).
MAX_LETTER_INPUT_BYTES = 1024 * 1024


def cmd_letter(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from spotter.letters import (
        LetterInputError,
        Referral,
        referral_warnings,
        render_referral_pdf,
    )
    from spotter.letters.from_settings import with_settings
    from spotter.store.deployment import effective_settings

    source: Path = args.input
    try:
        size = source.stat().st_size
        if size > MAX_LETTER_INPUT_BYTES:
            raise UserError(
                f"{source} is {size:,} bytes; a letter's JSON may be at most "
                f"{MAX_LETTER_INPUT_BYTES:,} bytes"
            )
        with source.open("rb") as stream:  # a device or pipe has no size: read at most the limit
            raw = stream.read(MAX_LETTER_INPUT_BYTES + 1)
        if len(raw) > MAX_LETTER_INPUT_BYTES:
            raise UserError(f"{source} is larger than {MAX_LETTER_INPUT_BYTES:,} bytes")
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise UserError(f"{source}: nested too deeply to be a letter's JSON") from None
    except OSError as exc:
        raise UserError(f"cannot read {source}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{source}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{source}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise UserError(f"{source}: expected a JSON object")
    with _store() as store:
        settings, _problem = effective_settings(store)  # a broken file is doctor's to report
    try:
        referral = Referral.from_dict(data, defaults=lambda r: with_settings(r, settings))
    except LetterInputError as exc:
        raise UserError(f"{source}: {exc}") from None
    for warning in referral_warnings(referral):
        err.write(f"{source}: check {warning}\n")
    pdf = render_referral_pdf(referral, app_version=__version__)
    target: Path = args.out
    _write_atomically(target, pdf)
    out.write(f"wrote {target}\n")
    return EXIT_OK


def cmd_screen(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    def staff_support_contact() -> str | None:
        from spotter.store.deployment import effective_settings

        with _store() as store:
            settings, _problem = effective_settings(store)
        return settings.staff_support_contact

    return screen_cli.cmd_screen(args, out, err, stdin, staff_support_contact=staff_support_contact)


def cmd_doctor(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from spotter.admin.doctor import run_doctor

    return run_doctor(out, repair=args.repair)


def cmd_pack(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from spotter.cli.pack import run_pack

    return run_pack(args, out, err)


def cmd_coverage(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from spotter.cli.coverage import run_coverage

    return run_coverage(args, out)


def cmd_feedback(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from spotter.cli.feedback import run_feedback

    return run_feedback(args, out)


def cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from spotter.cli.stats import run_stats

    return run_stats(args, out)


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int]] = {
    "match": cmd_match,
    "services": cmd_services,
    "letter": cmd_letter,
    "screen": cmd_screen,
    "doctor": cmd_doctor,
    "pack": cmd_pack,
    "coverage": cmd_coverage,
    "feedback": cmd_feedback,
    "stats": cmd_stats,
}


def run(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run one command and return its exit status (never raises for user mistakes)."""
    out = out or sys.stdout
    err = err or sys.stderr
    stdin = stdin or sys.stdin
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir", None)  # absent when not given (see build_parser)
    if data_dir is not None:
        paths.set_data_dir(data_dir)
    configure_logging()
    if args.command is None:
        parser.print_help(out)
        return EXIT_OK
    if args.command not in COMMANDS:  # self-test needs Qt, so main.py runs it
        err.write(f"spotter: run {args.command} through main.py\n")
        return EXIT_USAGE
    global _notices
    _notices = err
    try:
        return COMMANDS[args.command](args, out, err, stdin)
    except UserError as exc:
        err.write(f"spotter: {exc}\n")
        return EXIT_USAGE
    except sqlite3.Error as exc:  # busy, full disk, I/O: said as such, never as "damaged"
        log.warning("command %s: database error %s", args.command, exc)
        err.write(f"spotter: {store_error(paths.database_path(), exc)}\n")
        return EXIT_PROBLEM
    except BrokenPipeError:
        raise  # the reader closed the pipe: main.py stops quietly
    except Exception as exc:  # one line for the user; the detail goes to the log
        log.exception("command %s failed", args.command)
        err.write(f"spotter: {args.command} failed: {type(exc).__name__}: {exc}\n")
        return EXIT_PROBLEM
