"""``spotter doctor``: one report an installer can read or script against.

Checks the folders, the database (schema, ``PRAGMA integrity_check``), the bundled data
versions and the directory's verified dates. Returns 1 when anything is wrong.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TextIO

from spotter import __version__, paths
from spotter.deployment import Deployment, DeploymentError, config_path, load_deployment
from spotter.directory import HELPLINE_ID, HELPLINE_NUMBER, is_retired_number, normalise_number
from spotter.geography import default_gazetteer
from spotter.screening import load_bundled
from spotter.storage import StoreError, known_steps, open_store


def run_doctor(out: TextIO, today: date | None = None) -> int:
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
    try:
        store = open_store()
    except StoreError as exc:
        problems.append(str(exc))
        out.write(f"  PROBLEM: {exc}\n")
    else:
        with store:
            issues = store.integrity_check()
            out.write(f"  schema version {store.schema_version} of {len(known_steps())}\n")
            out.write(f"  integrity_check: {'ok' if not issues else '; '.join(issues)}\n")
            problems.extend(f"integrity_check: {i}" for i in issues)
            directory = store.load_directory()
            source = store.get_meta("directory_source")
            loaded = store.get_meta("directory_loaded_at")
            from spotter.packs.install import doctor_lines

            pack_lines, pack_problems = doctor_lines(store, today)
        out.write("\nDirectory\n")
        out.write(f"  version {directory.version or '-'} from {source} (loaded {loaded})\n")
        out.write(f"  {len(directory.services)} services\n")
        unverified = [s for s in directory.services if s.assured_date is None]
        stale = [s for s in directory.services if s.assured_date and s.is_stale(today)]
        dates = sorted(s.assured_date for s in directory.services if s.assured_date)
        if dates:
            out.write(f"  verified between {dates[0]} and {dates[-1]}\n")
        out.write(f"  {len(unverified)} never verified, {len(stale)} not verified in 12 months\n")
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

    out.write("\nBundled data\n")
    try:
        content = load_bundled()
        out.write(f"  screening content {content.id} {content.version}\n")
    except (OSError, ValueError) as exc:
        problems.append(f"screening content: {exc}")
    try:
        gazetteer = default_gazetteer()
        out.write(f"  gazetteer {gazetteer.version}\n")
    except (OSError, ValueError) as exc:
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
    from spotter.managed import META_KEY

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
