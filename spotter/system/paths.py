"""Every folder Spotter reads or writes, in one place.

Defaults come from platformdirs (per-user data, config and logs, plus a machine-wide config
folder that installers fill). Each can be redirected:

* ``--data-dir DIR`` on the command line, or ``SPOTTER_DATA_DIR``, moves the data folder (and,
  unless they are set themselves, the config and log folders with it, so one flag isolates a
  whole installation);
* ``SPOTTER_CONFIG_DIR``, ``SPOTTER_LOG_DIR`` and ``SPOTTER_SITE_CONFIG_DIR`` move one folder.

Tests point every one of them at a temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Spotter"
APP_AUTHOR = "Spotter"
DATABASE_NAME = "spotter.sqlite3"

_override_data_dir: Path | None = None


def set_data_dir(path: Path | str | None) -> None:
    """Use ``path`` as the data folder for this process (the ``--data-dir`` flag)."""
    global _override_data_dir
    _override_data_dir = Path(path).expanduser().resolve() if path is not None else None


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else None


def _base_override() -> Path | None:
    return _override_data_dir or _env_path("SPOTTER_DATA_DIR")


def data_dir() -> Path:
    """Folder for the SQLite store and its backups."""
    base = _base_override()
    if base is not None:
        return base
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    """Per-user configuration folder."""
    explicit = _env_path("SPOTTER_CONFIG_DIR")
    if explicit is not None:
        return explicit
    base = _base_override()
    if base is not None:
        return base / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """Folder for rotating logs and crash files (never patient data)."""
    explicit = _env_path("SPOTTER_LOG_DIR")
    if explicit is not None:
        return explicit
    base = _base_override()
    if base is not None:
        return base / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def site_config_dir() -> Path:
    """Machine-wide configuration folder that installers write (``spotter.toml``)."""
    explicit = _env_path("SPOTTER_SITE_CONFIG_DIR")
    if explicit is not None:
        return explicit
    return Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR))


def database_path() -> Path:
    """The SQLite file holding the directory, settings and import history."""
    return data_dir() / DATABASE_NAME


def backups_dir() -> Path:
    """Where copies of the database are kept before migrations and imports."""
    return data_dir() / "backups"


@dataclass(frozen=True)
class Paths:
    """A snapshot of every folder, for ``doctor`` and the About screen."""

    data: Path
    database: Path
    backups: Path
    config: Path
    logs: Path
    site_config: Path

    @classmethod
    def current(cls) -> Paths:
        return cls(
            data=data_dir(),
            database=database_path(),
            backups=backups_dir(),
            config=config_dir(),
            logs=log_dir(),
            site_config=site_config_dir(),
        )
