"""The administrator's managed services file, imported at start when its content changed.

It goes through the same validation and atomic import as ``services import``. If the file is
missing, unreadable or invalid, the current directory is kept and the outcome says why; the
SHA-256 of the last file applied is remembered so an unchanged file costs one hash.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from spotter.store.database import Store
from spotter.store.deployment import Deployment

log = logging.getLogger("spotter.importing.managed")

META_KEY = "managed_file_sha256"


@dataclass(frozen=True)
class SyncOutcome:
    """What happened to the managed file at this start."""

    status: str  # "none" | "unchanged" | "imported" | "kept"
    message: str = ""

    @property
    def problem(self) -> bool:
        return self.status == "kept"


def sync_managed_directory(store: Store, deployment: Deployment) -> SyncOutcome:
    """Import the deployment's managed services file if its content changed."""
    path = deployment.managed_services_file
    if path is None:
        return SyncOutcome("none")
    from spotter.packs.sync import sync_pack, wants_pack

    if wants_pack(deployment):
        return sync_pack(store, deployment)
    # Imported here: the importer's phone-number checks are slow to load and rarely needed.
    from spotter.importing import ImportValidationError, apply_import, plan_import

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        message = (
            f"The managed services file {path} could not be read ({exc.strerror}); "
            "the current directory is kept."
        )
        log.warning("managed services file unreadable: %s", exc.strerror)
        return SyncOutcome("kept", message)
    if store.get_meta(META_KEY) == digest:
        return SyncOutcome("unchanged")
    plan = plan_import(store, path, deployment.managed_import_mode)
    if not plan.ok:
        log.warning("managed services file invalid: %d problems", len(plan.report.errors))
        return SyncOutcome(
            "kept",
            f"The managed services file {path} has problems, so the current directory is "
            f"kept:\n{plan.report.render()}",
        )
    try:
        record = apply_import(store, plan)
    except ImportValidationError as exc:
        return SyncOutcome("kept", f"The managed services file {path} was not applied: {exc}")
    # The digest of the content actually applied: if the file changed again between the first
    # read and the import, the newer version is still picked up at the next start.
    store.set_meta(META_KEY, plan.file.sha256)
    log.info("managed services file applied: %s", record.note or "changes applied")
    counts = plan.diff.counts()
    return SyncOutcome(
        "imported",
        f"Imported {path.name}: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['removed']} removed.",
    )
