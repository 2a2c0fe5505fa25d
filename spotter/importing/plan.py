"""Validate, preview (diff) and apply a services file; roll back; list the history."""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from spotter.directory import (
    HELPLINE_ID,
    Directory,
    DirectoryError,
    Organisation,
    Service,
    directory_from_json,
    directory_to_json,
    load_bundled_directory,
)
from spotter.importing.csvformat import read_csv, service_row
from spotter.importing.jsonformat import Page, not_kept_text, parse_json, read_json_document
from spotter.importing.reading import FileFormat, read_file
from spotter.importing.report import ImportValidationError, ValidationReport
from spotter.importing.selection import Selection, default_areas
from spotter.importing.selection import select as select_drafts
from spotter.importing.tabular import Package, is_package, read_package
from spotter.importing.validate import Checked, Checker, Draft
from spotter.places.gazetteer import Gazetteer, default_gazetteer
from spotter.store.database import StaleDirectoryError, Store, StoreError, store_error

log = logging.getLogger("spotter.importing")

ProgressCallback = Callable[[int, int], None]


class ImportMode(StrEnum):
    """``replace``: the file becomes the directory. ``merge``: update by id, add new."""

    REPLACE = "replace"
    MERGE = "merge"


class NothingToRollBack(ImportValidationError):
    """There is no import left to undo."""


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidatedFile:
    """A file read and checked: its services if every row passed, and the report."""

    path: Path
    name: str
    sha256: str
    format: FileFormat | None
    encoding: str
    report: ValidationReport
    services: tuple[Checked, ...] = ()
    spotter_format: bool = False
    meta: Mapping[str, str] = field(default_factory=dict)
    #: How the file was recognised ("HSDS 3 / Open Referral UK 3 paged list (contents)").
    shape: str = ""
    #: For a paged list: which page, and whether it is the whole feed.
    page: Page | None = None
    #: What ``select`` kept, when a selection was asked for.
    selection: Selection | None = None
    #: Keys the file has that Spotter does not keep, most frequent first, with their counts.
    not_kept: tuple[tuple[str, int], ...] = ()

    @property
    def ok(self) -> bool:
        return self.report.ok and bool(self.services)

    def describe(self) -> list[str]:
        """Lines for a person: the shape, the page, the selection, what is not kept."""
        lines: list[str] = []
        if self.shape:
            lines.append(f"read as: {self.shape}")
        if self.page is not None:
            lines.append(
                self.page.describe()
                + (" (not the whole feed)" if self.page.partial else " (the whole feed)")
            )
        if self.selection is not None:
            lines.append(self.selection.describe())
        if self.not_kept:
            lines.append(not_kept_text(Counter(dict(self.not_kept))))
        return lines

    def details_json(self) -> dict[str, Any]:
        page = self.page
        return {
            "shape": self.shape,
            "page": None
            if page is None
            else {
                "number": page.number,
                "pages": page.pages,
                "items": page.items,
                "total": page.total,
                "last": page.last,
                "partial": page.partial,
            },
            "selection": self.selection.to_json() if self.selection else None,
            "not_kept": {k: n for k, n in self.not_kept},
        }


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ServiceChange:
    id: str
    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Diff:
    """What applying a plan does to the current directory."""

    added: tuple[Service, ...] = ()
    changed: tuple[ServiceChange, ...] = ()
    removed: tuple[Service, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept: tuple[Service, ...] = ()
    reordered: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.reordered)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": len(self.unchanged),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "added": [{"id": s.id, "name": s.name} for s in self.added],
            "changed": [
                {
                    "id": c.id,
                    "name": c.name,
                    "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.changes],
                }
                for c in self.changed
            ],
            "removed": [{"id": s.id, "name": s.name} for s in self.removed],
            "kept": [{"id": s.id, "name": s.name} for s in self.kept],
            "unchanged": list(self.unchanged),
            "reordered": self.reordered,
        }

    def render(self) -> str:
        c = self.counts()
        lines = [
            f"{c['added']} added, {c['changed']} changed, {c['removed']} removed, "
            f"{c['unchanged']} unchanged"
            + (" (order changed)" if self.reordered and not (c["added"] or c["removed"]) else "")
        ]
        for s in self.added:
            lines.append(f"  + {s.id}: {s.name}")
        for ch in self.changed:
            lines.append(f"  ~ {ch.id}: {ch.name}")
            for f in ch.changes:
                lines.append(f"      {f.field}: {f.old or '(empty)'} -> {f.new or '(empty)'}")
        for s in self.removed:
            lines.append(f"  - {s.id}: {s.name}")
        for s in self.kept:
            lines.append(f"  = {s.id}: {s.name} (not in the file; always kept)")
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportPlan:
    """A preview: the file's report, and when it is valid the directory it would produce."""

    file: ValidatedFile
    mode: ImportMode
    report: ValidationReport
    current: Directory
    base_revision: str
    result: Directory | None = None
    diff: Diff = field(default_factory=Diff)

    @property
    def ok(self) -> bool:
        return self.report.ok and self.result is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file.name,
            "sha256": self.file.sha256,
            "format": self.file.format,
            "encoding": self.file.encoding,
            "mode": self.mode.value,
            "ok": self.ok,
            "report": self.report.to_json(),
            "diff": self.diff.to_json() if self.ok else None,
            **self.file.details_json(),
        }


@dataclass(frozen=True)
class ImportRecord:
    """One line of the import history."""

    id: int
    at: str
    action: str
    file_name: str
    sha256: str
    mode: str
    added: int
    changed: int
    removed: int
    unchanged: int
    snapshot_id: int | None
    undone_by: int | None
    note: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ImportRecord:
        return cls(
            id=int(row["id"]),
            at=str(row["at"]),
            action=str(row["action"]),
            file_name=str(row["file_name"] or ""),
            sha256=str(row["sha256"] or ""),
            mode=str(row["mode"] or ""),
            added=int(row["added"] or 0),
            changed=int(row["changed"] or 0),
            removed=int(row["removed"] or 0),
            unchanged=int(row["unchanged"] or 0),
            snapshot_id=row["snapshot_id"],
            undone_by=row["undone_by"],
            note=str(row["note"] or ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "action": self.action,
            "file": self.file_name,
            "sha256": self.sha256,
            "mode": self.mode,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "can_roll_back": self.action == "import"
            and self.snapshot_id is not None
            and self.undone_by is None,
            "rolled_back_by": self.undone_by,
            "note": self.note,
        }


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while an import runs.

    Reading a 10,000-service file creates a few hundred thousand small objects next to the
    gazetteer's; the collector's full passes over all of them cost more than the checks.
    Nothing an import builds relies on it (no reference cycles): memory is freed as usual by
    reference counting, and the collector is switched back on when the step ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _without_gc(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` inside :func:`gc_paused`."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with gc_paused():
            return fn(*args, **kwargs)

    return wrapper


# --- validating -------------------------------------------------------------------------


def protected_ids() -> frozenset[str]:
    """Ids an import can never remove: the helpline and every bundled guaranteed service."""
    try:
        bundled = {s.id for s in load_bundled_directory().services if s.guaranteed}
    except DirectoryError:
        bundled = set()
    return frozenset({HELPLINE_ID, *bundled})


@_without_gc
def validate_file(
    path: Path,
    *,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
    on_progress: ProgressCallback | None = None,
    select: Sequence[str] | None = None,
    area: str | None = None,
) -> ValidatedFile:
    """Read and check a CSV or JSON services file. Never raises: problems are in the report.

    ``select``: keep only the services matching one of these terms (an empty list: the
    default terms, see :mod:`spotter.importing.selection`); None keeps every service.
    ``area``: the coverage of services the file gives no area for.
    """
    path = Path(path)
    report = ValidationReport(path.name)
    try:
        return _validate(path, report, today or date.today(), gazetteer, on_progress, select, area)
    except Exception as exc:  # the importer's promise: a report, never a crash
        log.exception("unexpected error validating %s", path.name)
        report.error("internal", f"unexpected problem reading the file ({type(exc).__name__})")
        return ValidatedFile(path, path.name, "", None, "", report)


def _validate(
    path: Path,
    report: ValidationReport,
    today: date,
    gazetteer: Gazetteer | None,
    on_progress: ProgressCallback | None,
    select: Sequence[str] | None = None,
    area: str | None = None,
) -> ValidatedFile:
    package: Package | None = None
    if is_package(path):  # an HSDS tabular package: read as the JSON document it builds
        package = read_package(path, report)
        raw = package.raw if package is not None else None
    else:
        raw = read_file(path, report)
    if raw is None:
        return ValidatedFile(path, path.name, "", None, "", report)
    drafts: list[Draft]
    spotter = False
    meta: dict[str, str] = {}
    shape = ""
    page: Page | None = None
    not_kept: tuple[tuple[str, int], ...] = ()
    if raw.format == "csv":
        drafts = read_csv(raw.text, report)
        shape = "CSV (Spotter's template columns)"
    else:
        data = package.document if package is not None else parse_json(raw.text, report)
        raw = replace(raw, text="")  # the parsed document is all that is needed from here
        drafts = []
        if data is not None:
            found = read_json_document(data, raw.name, report)
            drafts, spotter, shape, page = found.drafts, found.spotter, found.shape, found.page
            if package is not None:
                shape = package.shape
            not_kept = tuple(found.not_kept.most_common())
            if not_kept:
                report.warning(
                    "file",
                    not_kept_text(found.not_kept)
                    + " (Spotter has no place for these; they are not imported)",
                    kind="fields not kept",
                )
            if spotter and isinstance(data, dict) and isinstance(data.get("meta"), dict):
                meta = {str(k): str(v) for k, v in data["meta"].items()}
            del data
            html = [d for d in drafts if d.html]
            if html:
                report.warning(
                    "description",
                    f"HTML in the text of {len(html)} service{'s' if len(html) != 1 else ''} "
                    "made plain (paragraphs and list items kept as lines)",
                )
            if not spotter and drafts:
                derived = [d for d in drafts if "source" in d.absent]
                if derived:
                    report.warning(
                        "source",
                        f"not given for {len(derived)} service(s): recorded as "
                        f"{raw.name!r}; an existing service keeps its source",
                    )
    selection: Selection | None = None
    if select is not None and drafts:
        drafts, selection = select_drafts(drafts, select)
        if not drafts:
            report.error("services", selection.describe() + ": nothing to import")
    drafts = default_areas(drafts, area, report, keep_out=raw.format != "csv" and not spotter)
    if not drafts and report.ok:
        report.error("services", "no service in the file can be imported (see the warnings)")
    checker = Checker(report, gazetteer or default_gazetteer(), today, protected_ids())
    checked: list[Checked] = []
    total = len(drafts)
    for i, draft in enumerate(drafts):
        result = checker.check(draft)
        if result is not None:
            checked.append(result)
        if on_progress is not None and (i % 200 == 0 or i == total - 1):
            on_progress(i + 1, total)
    checker.finish()
    if drafts and not checked and report.ok:
        report.error("services", "nothing to import: the file has no services but the ones noted")
    if package is not None:  # problems named by the package's file and line, not a JSON path
        report.problems[:] = package.place(report.problems)
        checked = [package.relocate(c) for c in checked]
    return ValidatedFile(
        path=path,
        name=raw.name,
        sha256=raw.sha256,
        format=raw.format,
        encoding=raw.encoding,
        report=report,
        services=tuple(checked) if report.ok else (),
        spotter_format=spotter,
        meta=meta,
        shape=shape,
        page=page,
        selection=selection,
        not_kept=not_kept,
    )


# --- planning ---------------------------------------------------------------------------


@_without_gc
def plan_import(
    store: Store,
    path: Path,
    mode: ImportMode | str = ImportMode.MERGE,
    *,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
    on_progress: ProgressCallback | None = None,
    select: Sequence[str] | None = None,
    area: str | None = None,
) -> ImportPlan:
    """Check ``path`` and work out what importing it would change. Never raises.

    ``select`` and ``area``: see :func:`validate_file`. A page that is not the whole feed
    cannot replace the directory (it would remove every service on the other pages).
    """
    mode = ImportMode(mode)
    validated = validate_file(
        path,
        today=today,
        gazetteer=gazetteer,
        on_progress=on_progress,
        select=select,
        area=area,
    )
    page = validated.page
    if page is not None and page.partial:
        if mode is ImportMode.REPLACE:
            validated.report.error(
                "file",
                f"{page.describe()}: this file is not the whole feed, so it cannot replace "
                "the directory (every service on the other pages would be removed). Import "
                "it with merge, or get the whole feed",
            )
        else:
            validated.report.warning(
                "file",
                f"{page.describe()}: not the whole feed; merged, so services on other pages "
                "are left as they are",
            )
    try:
        current, revision = store.load_directory_and_revision()
    except sqlite3.Error as exc:
        problem = store_error(store.path, exc, doing="read")
        validated.report.error("database", f"the current directory cannot be read: {problem}")
        return ImportPlan(validated, mode, validated.report, Directory(()), "")
    except StoreError as exc:
        validated.report.error("database", f"the current directory cannot be read ({exc})")
        return ImportPlan(validated, mode, validated.report, Directory(()), "")
    existing = {s.id.casefold(): s.id for s in current.services}
    for checked in validated.services:
        other = existing.get(checked.service.id.casefold())
        if other is not None and other != checked.service.id:
            validated.report.error(
                "id",
                f"{checked.service.id!r} differs only in case from the existing service "
                f"{other!r}: use the same id to update it",
                line=checked.line,
                path=checked.path,
            )
    if not validated.ok:
        return ImportPlan(validated, mode, validated.report, current, revision)
    try:
        result, kept = build_result(current, validated, mode)
    except Exception as exc:
        log.exception("unexpected error planning %s", validated.name)
        validated.report.error("internal", f"unexpected problem ({type(exc).__name__})")
        return ImportPlan(validated, mode, validated.report, current, revision)
    for service in kept:
        validated.report.warning(
            "id",
            f"{service.name} ({service.id}) is not in the file; it is always shown and is kept",
        )
    diff = compute_diff(current, result, kept)
    return ImportPlan(validated, mode, validated.report, current, revision, result, diff)


_ORG_EXTRAS = {
    "organisation_description": "description",
    "organisation_email": "email",
    "organisation_website": "website",
}


def build_result(
    current: Directory, validated: ValidatedFile, mode: ImportMode
) -> tuple[Directory, tuple[Service, ...]]:
    """The directory after the import, and the guaranteed services kept despite ``replace``."""
    existing = current.by_id()
    current_orgs = {o.id: o for o in current.organisations}
    file_orgs: dict[str, Organisation] = {}
    incoming: list[Service] = []
    for item in validated.services:
        service = item.service
        old = existing.get(service.id)
        org_id = service.organisation.id
        if org_id not in file_orgs:
            org = service.organisation
            old_org = current_orgs.get(org_id)
            if old_org is not None:
                keep = {
                    attr: getattr(old_org, attr)
                    for key, attr in _ORG_EXTRAS.items()
                    if key in item.absent
                }
                org = replace(org, **keep)
            file_orgs[org_id] = org
        if old is not None:
            keep_fields = {
                name: getattr(old, name)
                for name in item.absent
                if name in Service.__dataclass_fields__
            }
            if keep_fields:
                service = replace(service, **keep_fields)
        incoming.append(service)
    orgs = {**current_orgs, **file_orgs}
    kept: list[Service] = []
    if mode is ImportMode.MERGE:
        replaced = {s.id: s for s in incoming}
        services = [replaced.pop(s.id, s) for s in current.services]
        services.extend(s for s in incoming if s.id in replaced)
    else:
        in_file = {s.id for s in incoming}
        kept = [s for s in current.services if s.guaranteed and s.id not in in_file]
        services = kept + incoming
    services = [
        s
        if (org := orgs[s.organisation.id]) is s.organisation or s.organisation == org
        else replace(s, organisation=org)
        for s in services
    ]
    if mode is ImportMode.REPLACE and validated.spotter_format:
        meta = dict(validated.meta)
        result = Directory(
            services=tuple(services),
            version=meta.get("version", ""),
            title=meta.get("title", ""),
            meta=meta,
        )
    else:
        result = replace(current, services=tuple(services))
    return result, tuple(kept)


def _flat(service: Service) -> dict[str, str]:
    row = service_row(service)
    org = service.organisation
    row.update(
        {
            "organisation_description": org.description,
            "organisation_email": org.email,
            "organisation_website": org.website,
        }
    )
    return row


def compute_diff(current: Directory, result: Directory, kept: tuple[Service, ...] = ()) -> Diff:
    old = current.by_id()
    new = result.by_id()
    added = tuple(s for s in result.services if s.id not in old)
    removed = tuple(s for s in current.services if s.id not in new)
    changed: list[ServiceChange] = []
    unchanged: list[str] = []
    for service in result.services:
        before = old.get(service.id)
        if before is None:
            continue
        if before == service:
            unchanged.append(service.id)
            continue
        a, b = _flat(before), _flat(service)
        fields = tuple(FieldChange(k, a[k], b[k]) for k in a if a[k] != b[k])
        if not fields:  # differs only where the flat form cannot show it
            fields = (FieldChange("details", "", "updated"),)
        changed.append(ServiceChange(service.id, service.name, fields))
    order_old = [s.id for s in current.services if s.id in new]
    order_new = [s.id for s in result.services if s.id in old]
    reordered = order_old != order_new or (
        directory_to_json(replace(current, services=()))
        != directory_to_json(replace(result, services=()))
    )
    return Diff(added, tuple(changed), removed, tuple(unchanged), kept, reordered)


# --- applying ---------------------------------------------------------------------------


def _directory_text(directory: Directory) -> str:
    return json.dumps(directory_to_json(directory), ensure_ascii=False, separators=(",", ":"))


def _failed(name: str, message: str) -> ImportValidationError:
    report = ValidationReport(name)
    report.error("database", message)
    return ImportValidationError(report)


@_without_gc
def apply_import(
    store: Store, plan: ImportPlan, *, on_progress: ProgressCallback | None = None
) -> ImportRecord:
    """Apply a valid plan in one transaction and record it (with the previous directory).

    Raises :class:`ImportValidationError` if the plan is not valid or the directory changed
    since the preview; the directory is then untouched.
    """
    if not plan.ok or plan.result is None:
        raise ImportValidationError(plan.report)
    if on_progress is not None:
        on_progress(0, 1)
    changes = plan.diff.has_changes
    # The previous directory is kept (as a snapshot for rollback) only when it is replaced.
    previous = _directory_text(plan.current) if changes else ""
    history = {
        "action": "import",
        "file_name": plan.file.name,
        "sha256": plan.file.sha256,
        "mode": plan.mode.value,
        **plan.diff.counts(),
        "note": "" if changes else "no changes",
    }
    try:
        history_id = store.change_directory(
            plan.result if changes else None,
            previous_json=previous,
            previous_sha256=hashlib.sha256(previous.encode()).hexdigest() if changes else "",
            previous_count=len(plan.current.services),
            expected_revision=plan.base_revision,
            history=history,
        )
    except StaleDirectoryError as exc:
        raise _failed(plan.file.name, str(exc)) from None
    except StoreError as exc:
        raise _failed(plan.file.name, f"the import could not be saved: {exc}") from None
    except sqlite3.Error as exc:
        problem = store_error(store.path, exc, doing="saved")
        raise _failed(plan.file.name, f"the import could not be saved: {problem}") from None
    if on_progress is not None:
        on_progress(1, 1)
    return _record(store, history_id)


def _record(store: Store, history_id: int) -> ImportRecord:
    row = store.db.execute("SELECT * FROM import_history WHERE id = ?", [history_id]).fetchone()
    columns = [d[0] for d in store.db.execute("SELECT * FROM import_history LIMIT 0").description]
    return ImportRecord.from_row(dict(zip(columns, row, strict=True)))


def history(store: Store) -> list[ImportRecord]:
    """Every import and rollback, newest first."""
    return [ImportRecord.from_row(r) for r in store.import_history()]


@_without_gc
def rollback(store: Store) -> ImportRecord:
    """Put back the directory as it was before the last import not yet rolled back.

    Atomic, and recorded in the history. Raises :class:`NothingToRollBack` when there is no
    such import (or its snapshot is no longer kept).
    """
    target = next(
        (
            r
            for r in history(store)
            if r.action == "import" and r.undone_by is None and r.note != "no changes"
        ),
        None,
    )
    report = ValidationReport("rollback")
    if target is None or target.snapshot_id is None:
        report.error(
            "history",
            "there is no import to roll back"
            if target is None
            else f"the directory from before import {target.id} is no longer kept",
        )
        raise NothingToRollBack(report)
    text = store.snapshot_json(target.snapshot_id)
    if text is None:
        report.error("history", f"the snapshot for import {target.id} is missing")
        raise NothingToRollBack(report)
    try:
        restored = directory_from_json(json.loads(text), name="snapshot")
        current, revision = store.load_directory_and_revision()
        previous = _directory_text(current)
        diff = compute_diff(current, restored)
        history_id = store.change_directory(
            restored,
            previous_json=previous,
            previous_sha256=hashlib.sha256(previous.encode()).hexdigest(),
            previous_count=len(current.services),
            expected_revision=revision,
            history={
                "action": "rollback",
                "file_name": target.file_name,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "mode": "rollback",
                **diff.counts(),
                "note": f"undid import {target.id}",
            },
            undo_id=target.id,
        )
    except sqlite3.Error as exc:
        problem = store_error(store.path, exc, doing="saved")
        raise _failed("rollback", f"the rollback could not be done: {problem}") from None
    except (StoreError, DirectoryError, ValueError) as exc:
        raise _failed("rollback", f"the rollback could not be done ({exc})") from None
    return _record(store, history_id)
