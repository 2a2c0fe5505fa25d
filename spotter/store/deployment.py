"""Machine-wide configuration written by installers: ``spotter.toml`` in the site config folder.

Keys set here are locked: the Settings screen shows them read-only ("set by your
administrator"). A managed services file (e.g. on a network share) may be named; the app
imports it at start when its content changed, through the same validated, atomic import.

Example: ``packaging/spotter.example.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spotter.store.database import Store
from spotter.store.settings import KEYS, Settings, SettingsError, load_settings, validate
from spotter.system import paths

CONFIG_NAME = "spotter.toml"
MODES = ("replace", "merge")


class DeploymentError(ValueError):
    """The deployment file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Deployment:
    """What the machine-wide configuration says (empty when there is no file)."""

    path: Path | None = None
    settings: dict[str, str] = field(default_factory=dict)
    managed_services_file: Path | None = None
    managed_import_mode: str = "replace"
    trusted_keys: tuple[str, ...] = ()  # minisign public keys that may sign service packs

    @property
    def keys_set(self) -> list[str]:
        keys = sorted(self.settings)
        if self.managed_services_file is not None:
            keys += ["directory.managed_services_file", "directory.mode"]
        if self.trusted_keys:
            keys.append("directory.trusted_keys")
        return keys

    def apply_to(self, settings: Settings) -> Settings:
        """Layer the locked values over the user's settings."""
        if not self.settings:
            return settings
        return settings.with_overrides(self.settings, f"administrator ({self.path})")


def config_path() -> Path:
    return paths.site_config_dir() / CONFIG_NAME


def _table(data: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise DeploymentError(f"{where}: [{name}] must be a table")
    return value


def parse_deployment(data: dict[str, Any], path: Path) -> Deployment:
    where = str(path)
    unknown = sorted(set(data) - {"settings", "directory"})
    if unknown:
        raise DeploymentError(f"{where}: unknown section [{unknown[0]}]")
    settings: dict[str, str] = {}
    for key, value in _table(data, "settings", where).items():
        if key not in KEYS:
            raise DeploymentError(f"{where}: settings.{key}: not a Spotter setting")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise DeploymentError(f"{where}: settings.{key}: expected text or a number")
        try:
            settings[key] = validate(key, str(value), check_files=False)
        except SettingsError as exc:
            raise DeploymentError(f"{where}: settings.{key}: {exc}") from None
    directory = _table(data, "directory", where)
    unknown = sorted(set(directory) - {"managed_services_file", "mode", "trusted_keys"})
    if unknown:
        raise DeploymentError(f"{where}: directory.{unknown[0]}: unknown key")
    managed = directory.get("managed_services_file")
    if managed is not None and (not isinstance(managed, str) or not managed.strip()):
        raise DeploymentError(f"{where}: directory.managed_services_file: expected a file path")
    mode = directory.get("mode", "replace")
    if mode not in MODES:
        raise DeploymentError(f"{where}: directory.mode: {mode!r} is not one of {', '.join(MODES)}")
    return Deployment(
        path=path,
        settings=settings,
        managed_services_file=Path(managed).expanduser() if managed else None,
        managed_import_mode=mode,
        trusted_keys=_trusted_keys(directory.get("trusted_keys", []), where),
    )


def _trusted_keys(value: Any, where: str) -> tuple[str, ...]:
    """``[directory] trusted_keys``: minisign public keys (their one base64 line each)."""
    from spotter.system.minisign import MinisignError, PublicKey

    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise DeploymentError(f"{where}: directory.trusted_keys: expected a list of public keys")
    for i, key in enumerate(value):
        try:
            PublicKey.parse(key)
        except MinisignError as exc:
            raise DeploymentError(f"{where}: directory.trusted_keys[{i}]: {exc}") from None
    return tuple(k.strip() for k in value)


def load_deployment(path: Path | None = None) -> Deployment:
    """Read the deployment file; no file means no deployment (an empty :class:`Deployment`)."""
    path = path or config_path()
    if not path.is_file():
        return Deployment()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DeploymentError(f"{path}: not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DeploymentError(f"{path}: cannot be read ({exc})") from None
    return parse_deployment(data, path)


def effective_settings(store: Store) -> tuple[Settings, str | None]:
    """The practice settings with the administrator's locked values layered on top.

    Returns the settings and, when the deployment file is broken, its error message (the
    user's own settings are then used unlocked, and ``doctor`` reports the problem).
    """
    deployment, problem = load_deployment_or_problem()
    return deployment.apply_to(load_settings(store)), problem


def load_deployment_or_problem() -> tuple[Deployment, str | None]:
    """The deployment file, or none at all with the reason when it cannot be used."""
    try:
        return load_deployment(), None
    except DeploymentError as exc:
        return Deployment(), str(exc)
