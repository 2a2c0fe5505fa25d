"""``spotter doctor``: one report an installer can read or script against.

Checks the folders, the database (schema, ``PRAGMA integrity_check``), the bundled data
versions and the directory's verified dates. Returns 1 when anything is wrong.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path
from typing import TextIO

from spotter import __version__
from spotter.directory import HELPLINE_ID, HELPLINE_NUMBER, is_retired_number, normalise_number
from spotter.places.gazetteer import default_gazetteer
from spotter.screening import load_bundled
from spotter.store import backups
from spotter.store.database import CorruptDatabaseError, Store, StoreError, known_steps, open_store
from spotter.store.deployment import Deployment, DeploymentError, config_path, load_deployment
from spotter.system import paths


def run_doctor(out: TextIO, today: date | None = None, *, repair: bool = False) -> int:
    """Write the report to ``out``; 1 if anything is wrong. Every check runs, whatever fails.

    ``repair`` first does what the app does at start: a damaged database is moved aside and
    the newest good backup restored.
    """
    today = today or date.today()
    problems: list[str] = []
    p = paths.Paths.current()
    out.write(f"Spotter {__version__}\n\nFolders\n")
    for label, path in (
        ("data", p.data),
        ("database", p.database),
        ("backups", p.backups),
        ("config", p.config),
        ("logs", p.logs),
        ("machine config", p.site_config),
    ):
        out.write(f"  {label:<15}{path}\n")

    out.write("\nConfiguration\n")
    try:
        deployment = load_deployment()
    except DeploymentError as exc:
        problems.append(str(exc))
        out.write(f"  PROBLEM: {exc}\n")
    else:
        if deployment.path is None:
            out.write(f"  no machine-wide file ({config_path()} not present)\n")
        else:
            out.write(f"  read {deployment.path}\n")
            out.write(f"  keys set (locked): {', '.join(deployment.keys_set) or 'none'}\n")
            problems.extend(_check_managed_file(deployment, out))

    out.write("\nDatabase\n")
    if repair:
        problems.extend(_repair(out))
    try:
        store = open_store()
    except StoreError as exc:
        problems.append(str(exc))
        out.write(f"  PROBLEM: {exc}\n")
        if isinstance(exc, CorruptDatabaseError):
            out.write(f"  {_what_happens_next(p.backups)}\n")
    else:
        with store:
            problems.extend(_check_database(store, today, out))
    problems.extend(_list_backups(p.backups, out))

    out.write("\nBundled data\n")
    try:
        content = load_bundled()
        out.write(f"  screening content {content.id} {content.version}\n")
    except Exception as exc:  # each check reports its own failure; the next one runs
        problems.append(f"screening content: {exc}")
    try:
        gazetteer = default_gazetteer()
        out.write(f"  gazetteer {gazetteer.version}\n")
    except Exception as exc:
        problems.append(f"gazetteer: {exc}")

    if problems:
        out.write("\nProblems\n")
        for problem in problems:
            out.write(f"  - {problem}\n")
        return 1
    out.write("\nNo problems found.\n")
    return 0


def _check_managed_file(deployment: Deployment, out: TextIO) -> list[str]:
    """Report the managed services file: readable, valid, and whether it has been applied."""
    path = deployment.managed_services_file
    if path is None:
        return []
    from spotter.packs.sync import doctor_check, wants_pack

    if wants_pack(deployment):
        try:
            with open_store() as store:
                return doctor_check(deployment, store, out)
        except StoreError:
            return doctor_check(deployment, None, out)
    from spotter.importing import validate_file
    from spotter.importing.managed import META_KEY

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return [f"managed services file {path} cannot be read ({exc.strerror})"]
    validated = validate_file(path)
    if not validated.ok:
        return [f"managed services file {path} is not valid:\n{validated.report.render()}"]
    try:
        with open_store() as store:
            applied = store.get_meta(META_KEY) == digest
    except StoreError:
        applied = False  # the database problem is reported below
    state = "applied" if applied else "not applied yet (the app or `services sync` applies it)"
    out.write(f"  managed services file {path}: valid, {state}\n")
    return []


def _check_database(store: Store, today: date, out: TextIO) -> list[str]:
    """Schema, integrity and the directory's contents; each step reports its own failure."""
    problems: list[str] = []
    try:
        out.write(f"  schema version {store.schema_version} of {len(known_steps())}\n")
        if store.read_only:
            out.write(f"  {store.read_only_notice}\n")
        issues = store.integrity_check()
    except sqlite3.Error as exc:
        issues = [str(exc)]
    out.write(f"  integrity_check: {'ok' if not issues else '; '.join(issues[:5])}\n")
    problems.extend(f"integrity_check: {i}" for i in issues[:20])
    if issues:
        out.write(f"  {_what_happens_next(store.backups_folder)}\n")
    try:
        directory = store.load_directory()
        source = store.get_meta("directory_source")
        loaded = store.get_meta("directory_loaded_at")
    except sqlite3.Error as exc:
        problems.append(f"the directory cannot be read: {exc}")
        out.write(f"  PROBLEM: the directory cannot be read: {exc}\n")
        return problems
    out.write("\nDirectory\n")
    out.write(f"  version {directory.version or '-'} from {source} (loaded {loaded})\n")
    out.write(f"  {len(directory.services)} services\n")
    unverified = [s for s in directory.services if s.assured_date is None]
    stale = [s for s in directory.services if s.assured_date and s.is_stale(today)]
    dates = sorted(s.assured_date for s in directory.services if s.assured_date)
    if dates:
        out.write(f"  verified between {dates[0]} and {dates[-1]}\n")
    out.write(f"  {len(unverified)} never verified, {len(stale)} not verified in 12 months\n")
    try:
        from spotter.packs.install import doctor_lines

        pack_lines, pack_problems = doctor_lines(store, today)
    except Exception as exc:  # each check reports its own failure; the next one runs
        pack_lines, pack_problems = [], [f"service pack: {exc}"]
    out.write("".join(line + "\n" for line in pack_lines))
    problems.extend(pack_problems)
    helpline = directory.get(HELPLINE_ID)
    if helpline is None:
        problems.append("the National Stalking Helpline is missing from the directory")
    elif normalise_number(HELPLINE_NUMBER) not in {
        normalise_number(p.number) for p in helpline.phones
    }:
        problems.append(f"the National Stalking Helpline's number is not {HELPLINE_NUMBER}")
    for s in directory.services:
        for ph in s.phones:
            if is_retired_number(ph.number):
                problems.append(f"{s.id}: retired number {ph.number}")
    return problems


def _what_happens_next(folder: Path) -> str:
    newest = backups.newest_good(folder)
    source = f"the newest good backup ({newest.name})" if newest else "the bundled directory"
    return (
        "The database is damaged. When Spotter next starts (or any command uses it) it will "
        f"move the file to damaged/ and restore {source}. To do that now, run "
        "`spotter doctor --repair`."
    )


def _list_backups(folder: Path, out: TextIO) -> list[str]:
    out.write("\nBackups\n")
    try:
        found = backups.list_backups(folder)
    except OSError as exc:
        return [f"the backups folder {folder} cannot be read ({exc.strerror})"]
    if not found:
        out.write(f"  none yet in {folder} (one is taken each day and before every import)\n")
        return []
    out.write(
        f"  {len(found)} in {folder}; kept: the newest {backups.KEEP_NEWEST}, and one for "
        f"each of the last {backups.KEEP_DAILY} days, {backups.KEEP_WEEKLY} weeks and "
        f"{backups.KEEP_MONTHLY} months\n"
    )
    for b in found:
        out.write(
            f"  {b.taken_at:%Y-%m-%d %H:%M} UTC  {b.label:<28}{b.size:>12,} bytes  {b.path.name}\n"
        )
    return []


def _repair(out: TextIO) -> list[str]:
    """Recover as the app would at start; say what was done."""
    from spotter.store.recovery import open_store_safely

    try:
        store, recovery = open_store_safely()
    except StoreError as exc:
        out.write(f"  repair not possible: {exc}\n")
        return [str(exc)]
    store.close()
    if recovery is None:
        out.write("  repair: the database is healthy; nothing to repair\n")
    else:
        out.write(f"  REPAIRED: {recovery.message}\n")
    return []
