"""The managed services file as a signed pack: checked and installed when it changed.

Once ``trusted_keys`` are set in ``spotter.toml`` the managed file *must* be a pack signed
by one of them: a plain services file put in its place is refused, so nobody with write
access to the share can slip in an unsigned directory.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import TextIO

from spotter.importing.managed import META_KEY, SyncOutcome
from spotter.packs.install import check_not_replayed, install_pack, parse_trusted_keys
from spotter.packs.pack import PackError, looks_like_pack, signature_path, verify_pack
from spotter.store.database import Store
from spotter.store.deployment import Deployment

log = logging.getLogger("spotter.packs")


def wants_pack(deployment: Deployment) -> bool:
    path = deployment.managed_services_file
    return path is not None and (bool(deployment.trusted_keys) or looks_like_pack(path))


def sync_pack(store: Store, deployment: Deployment, today: date | None = None) -> SyncOutcome:
    """Install the managed pack if it (or its signature) changed; never raises."""
    path = deployment.managed_services_file
    if path is None:
        return SyncOutcome("none")
    kept = "the current directory is kept."
    if not looks_like_pack(path) and path.exists():
        message = (
            f"The managed services file {path} is not a signed service pack, and this PC only "
            f"accepts packs signed by a trusted key; {kept}"
        )
        log.warning("managed file is not a pack while trusted keys are set")
        return SyncOutcome("kept", message)
    try:
        digest = hashlib.sha256(
            path.read_bytes() + b"\0" + signature_path(path).read_bytes()
        ).hexdigest()
    except OSError:
        digest = ""  # verify_pack names what is missing
    if digest and store.get_meta(META_KEY) == digest:
        return SyncOutcome("unchanged")
    try:
        trusted = parse_trusted_keys(deployment.trusted_keys)
        installed = install_pack(
            store, path, trusted, mode=deployment.managed_import_mode, today=today
        )
    except PackError as exc:
        log.warning("managed pack refused: %s", exc)
        return SyncOutcome(
            "kept", f"The service pack was not installed: {exc}. The current directory is kept."
        )
    store.set_meta(META_KEY, installed.verified.sha256)
    return SyncOutcome("imported", installed.message())


def doctor_check(deployment: Deployment, store: Store | None, out: TextIO) -> list[str]:
    """``doctor``'s line on the managed pack: verified, and whether it is installed."""
    path = deployment.managed_services_file
    assert path is not None
    try:
        if not looks_like_pack(path) and path.exists():
            raise PackError(f"{path.name}: not a signed service pack, but trusted keys are set")
        verified = verify_pack(path, parse_trusted_keys(deployment.trusted_keys), date.today())
        applied = store is not None and store.get_meta(META_KEY) == verified.sha256
        if store is not None and not applied:
            check_not_replayed(store, verified.manifest, path.name)
    except PackError as exc:
        return [f"managed service pack {path}: {exc}"]
    state = "installed" if applied else "not installed yet (the app or `services sync` installs it)"
    out.write(
        f"  managed service pack {path}: signature good (key {verified.key_id}), "
        f"version {verified.manifest.version}, {state}\n"
    )
    return []
