"""Building a pack from the feeds a curator has: anything ``services import`` reads.

Every input goes through the importer's own checks (so a pack can never hold a service a
practice would refuse); services from several inputs are combined by id, and an id found in
two inputs is an error naming both files.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from spotter.directory import Directory, Scope, directory_to_json
from spotter.packs.pack import Manifest, PackError, Source, pack_bytes
from spotter.places.gazetteer import Gazetteer, UnknownAreaError, default_gazetteer

MAX_VALID_DAYS = 730


def default_version(now: datetime | None = None) -> int:
    """A version that grows with time (UTC ``YYYYMMDDHHMMSS``), so rebuilds stay monotonic."""
    return int((now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S"))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:63] or "pack"


def coverage_codes(directory: Directory, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The ONS codes of every local authority a local service in ``directory`` covers."""
    codes: set[str] = set()
    for service in directory.services:
        if service.scope is not Scope.LOCAL:
            continue
        for area in service.areas:
            try:
                codes |= gazetteer.resolve_area(area)
            except UnknownAreaError:
                continue  # the importer has already refused unknown areas
    return tuple(sorted(codes))


def build_pack(
    inputs: list[Path],
    *,
    publisher: str,
    valid_days: int,
    pack_id: str | None = None,
    version: int | None = None,
    coverage: list[str] | None = None,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[Manifest, bytes]:
    """Check every input and return the manifest and the pack file's bytes (unsigned).

    Raises :class:`PackError` naming the file (and, for an invalid input, every problem).
    """
    from spotter.importing import ImportMode, validate_file
    from spotter.importing.plan import build_result

    today = today or date.today()
    gazetteer = gazetteer or default_gazetteer()
    if not publisher.strip():
        raise PackError("--publisher: give the organisation publishing the pack")
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise PackError(f"--valid-days: expected 1 to {MAX_VALID_DAYS} days")
    directory = Directory(())
    origin: dict[str, str] = {}
    sources: list[Source] = []
    for path in inputs:
        validated = validate_file(path, today=today, gazetteer=gazetteer)
        if not validated.ok:
            raise PackError(validated.report.render())
        for checked in validated.services:
            other = origin.get(checked.service.id)
            if other is not None:
                raise PackError(
                    f"{validated.name}: service {checked.service.id!r} is also in {other}; "
                    "an id may appear in one input only"
                )
            origin[checked.service.id] = validated.name
        directory, _kept = build_result(directory, validated, ImportMode.MERGE)
        dates = [
            d
            for c in validated.services
            for d in (c.service.last_modified, c.service.assured_date)
            if d is not None
        ]
        feed_date = (
            max(dates) if dates else datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
        )
        sources.append(Source(validated.name, validated.sha256, feed_date, len(validated.services)))
    if coverage:
        codes: set[str] = set()
        for code in coverage:
            try:
                resolved = gazetteer.resolve_coverage(code)
            except UnknownAreaError:
                raise PackError(f"--coverage: {code!r} is not a known ONS area code") from None
            if resolved.code is None:
                raise PackError(f"--coverage: {code!r} is not an ONS code")
            codes.add(resolved.code)
        coverage_list = tuple(sorted(codes))
    else:
        coverage_list = coverage_codes(directory, gazetteer)
    manifest = Manifest(
        publisher=publisher.strip(),
        pack_id=pack_id or slug(publisher),
        version=version if version is not None else default_version(),
        issued=today,
        valid_until=today + timedelta(days=valid_days),
        coverage=coverage_list,
        sources=tuple(sources),
        service_count=len(directory.services),
    )
    # Check the pack id and the rest the same way a practice will.
    Manifest.from_json(manifest.to_json(), "pack")
    directory = replace(
        directory,
        version=str(manifest.version),
        title=f"{manifest.publisher} service pack {manifest.pack_id}",
    )
    return manifest, pack_bytes(manifest, directory_to_json(directory))
