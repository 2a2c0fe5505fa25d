"""Installing a verified pack at a practice, and what the app shows about the pack in use.

A pack is installed through the same validated, atomic import as any services file. Before
that it must verify against a trusted key (``[directory] trusted_keys`` in ``spotter.toml``),
be within its ``valid_until``, and have a version newer than any version of that pack this
practice has installed before: an older, validly signed pack replayed later (a rollback
attack) could bring back a closed service or a wrong number. ``services rollback`` still
undoes an install locally; it does not lower the versions seen.
"""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spotter.packs.pack import Manifest, PackError, VerifiedPack, verify_pack
from spotter.store.database import Store

if TYPE_CHECKING:  # PyNaCl is loaded only when a pack is checked, not at every start
    from spotter.system import minisign

log = logging.getLogger("spotter.packs")

META_INSTALLED = "pack_installed"  # the manifest in use, its key and the directory revision
META_VERSIONS = "pack_versions"  # {pack_id: highest version ever installed}


def parse_trusted_keys(keys: tuple[str, ...] | list[str]) -> list[minisign.PublicKey]:
    """The trusted keys from ``spotter.toml``; raises :class:`PackError` for a malformed one."""
    from spotter.system import minisign

    try:
        return [minisign.PublicKey.parse(k) for k in keys]
    except minisign.MinisignError as exc:
        raise PackError(f"spotter.toml: directory.trusted_keys: {exc}") from None


def versions_seen(store: Store) -> dict[str, int]:
    try:
        raw = json.loads(store.get_meta(META_VERSIONS, "{}"))
    except json.JSONDecodeError:
        return {}
    return {str(k): int(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


@dataclass(frozen=True)
class PackStatus:
    """The pack last installed, and whether the directory is still the one it brought."""

    manifest: Manifest
    key_id: str
    installed_at: str
    file_name: str
    in_use: bool

    def expired(self, today: date) -> bool:
        return self.in_use and self.manifest.expired(today)

    def banner(self, today: date) -> str | None:
        """The warning Services and Directory show once the pack in use has expired."""
        if not self.expired(today):
            return None
        until = self.manifest.valid_until
        return (
            f"This directory expired on {until.day} {until:%B %Y}; ask your ICB for the "
            "current pack. Check a service's phone number before referring."
        )

    def describe(self) -> str:
        """One line for Directory and About."""
        m = self.manifest
        text = (
            f"Service pack from {m.publisher}: {m.pack_id} version {m.version}, issued "
            f"{m.issued.isoformat()}, valid until {m.valid_until.isoformat()}"
        )
        if not self.in_use:
            text += " (the directory has been changed locally since it was installed)"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            **self.manifest.to_json(),
            "key_id": self.key_id,
            "installed_at": self.installed_at,
            "file": self.file_name,
            "in_use": self.in_use,
        }


def installed_pack(store: Store) -> PackStatus | None:
    raw = store.get_meta(META_INSTALLED)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        manifest = Manifest.from_json(data["manifest"], "installed pack")
    except (json.JSONDecodeError, KeyError, TypeError, PackError):
        log.warning("the record of the installed pack cannot be read")
        return None
    return PackStatus(
        manifest=manifest,
        key_id=str(data.get("key_id", "")),
        installed_at=str(data.get("installed_at", "")),
        file_name=str(data.get("file", "")),
        in_use=data.get("revision") == store.directory_revision(),
    )


@dataclass(frozen=True)
class Installed:
    verified: VerifiedPack
    counts: dict[str, int]

    def message(self) -> str:
        c = self.counts
        return (
            f"Installed {self.verified.manifest.summary()}: {c['added']} added, "
            f"{c['changed']} changed, {c['removed']} removed."
        )


def check_not_replayed(store: Store, manifest: Manifest, name: str) -> None:
    seen = versions_seen(store).get(manifest.pack_id)
    if seen is not None and manifest.version <= seen:
        raise PackError(
            f"{name}: pack {manifest.pack_id} version {manifest.version} is not newer than "
            f"version {seen} already installed; refused (an older pack may list closed "
            "services or old numbers)"
        )


def install_pack(
    store: Store,
    path: Path,
    trusted: list[minisign.PublicKey],
    *,
    mode: str = "replace",
    today: date | None = None,
) -> Installed:
    """Verify and install ``path``; raises :class:`PackError` (one line) with nothing changed."""
    from spotter.importing import ImportValidationError, apply_import, plan_import

    today = today or date.today()
    verified = verify_pack(path, trusted, today)
    manifest = verified.manifest
    check_not_replayed(store, manifest, path.name)
    with tempfile.TemporaryDirectory(prefix="spotter-pack-") as folder:
        services_file = Path(folder) / f"{path.stem}.json"
        services_file.write_text(json.dumps(verified.pack.directory), encoding="utf-8")
        plan = plan_import(store, services_file, mode, today=today)
    if not plan.ok:
        first = plan.report.errors[0] if plan.report.errors else None
        detail = first.render() if first is not None else "no services"
        raise PackError(
            f"{path.name}: the pack's services are not valid "
            f"({len(plan.report.errors)} problem(s); first: {detail}); refused"
        )
    # The history names the pack and its own checksum, not the temporary services file.
    plan = replace(plan, file=replace(plan.file, name=path.name, sha256=verified.sha256))
    try:
        apply_import(store, plan)
    except ImportValidationError as exc:
        raise PackError(f"{path.name}: not installed ({exc.report.errors[0].message})") from None
    record = {
        "manifest": manifest.to_json(),
        "key_id": verified.key_id,
        "installed_at": today.isoformat(),
        "file": path.name,
        "revision": store.directory_revision(),
    }
    seen = versions_seen(store)
    seen[manifest.pack_id] = manifest.version
    with store.db.atomic():
        store.db.table("meta").upsert(
            {"key": META_INSTALLED, "value": json.dumps(record)}, pk="key"
        )
        store.db.table("meta").upsert(
            {"key": META_VERSIONS, "value": json.dumps(seen, sort_keys=True)}, pk="key"
        )
    log.info("installed pack %s version %d", manifest.pack_id, manifest.version)
    return Installed(verified, plan.diff.counts())


def doctor_lines(store: Store, today: date) -> tuple[list[str], list[str]]:
    """What ``doctor`` prints about the pack in use, and the problems (an expired pack)."""
    status = installed_pack(store)
    if status is None:
        return ["  no service pack installed"], []
    lines = [f"  {status.describe()}", f"  signed by key {status.key_id}"]
    if status.expired(today):
        until = status.manifest.valid_until.isoformat()
        return lines, [
            f"the service pack in use expired on {until}; ask your ICB for the current pack"
        ]
    return lines, []
