"""Suite-wide guards: Qt offscreen, no network, and no real user folders."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.none_refcount import protect_none

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests that use Qt without importing ui/ (the PDF checks) need the guard as well.
protect_none()

DOCS_SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        help="write the screenshots into docs/screenshots (by default they go to a temporary "
        "folder, so the suite leaves the working tree clean)",
    )


@pytest.fixture
def shots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshot tests save their PNGs: a temporary folder, or docs/screenshots with
    ``--update-screenshots``."""
    if request.config.getoption("--update-screenshots"):
        folder = DOCS_SCREENSHOTS
    else:
        folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class NetworkAttempt(AssertionError):
    """Raised when anything in the suite tries to open a network socket."""


class _RefusedSocket(socket.socket):
    """A socket class that cannot be instantiated (still subclassable, as ``ssl`` needs)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise NetworkAttempt(f"network access attempted: socket{args!r}")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any socket creation fails the test: Spotter is offline, always."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkAttempt(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "socket", _RefusedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "socketpair", refuse)


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point every platform folder at a temporary one so tests never touch real user data."""
    root = tmp_path_factory.mktemp("spotter-home")
    monkeypatch.setenv("SPOTTER_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("SPOTTER_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("SPOTTER_SITE_CONFIG_DIR", str(root / "site-config"))
    monkeypatch.setenv("SPOTTER_LOG_DIR", str(root / "logs"))
    monkeypatch.setenv("HOME", str(root / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(root / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "xdg-cache"))
    yield root


@pytest.fixture(autouse=True)
def _reset_data_dir_override() -> Iterator[None]:
    """``--data-dir`` sets a process-wide override; never let one test leak it to the next."""
    from spotter.system import paths

    yield
    paths.set_data_dir(None)


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    """Detach the file handler a test configured, so no test writes into another's folder."""
    import logging

    yield
    root = logging.getLogger("spotter")
    for handler in list(root.handlers):
        if getattr(handler, "_spotter", False):
            root.removeHandler(handler)
            handler.close()
