"""Crash records without patient data: the report text and faulthandler's crash file.

The Qt dialog that shows a report lives in ``ui/crash_dialog.py``; this module decides what
the report says and where the crash file is kept.
"""

from __future__ import annotations

import contextlib
import faulthandler
import platform
import traceback
from pathlib import Path
from types import TracebackType
from typing import TextIO

from spotter import __version__
from spotter.system import paths
from spotter.system.logs import redact

CRASH_FILE = "crash.log"
_crash_stream: TextIO | None = None


def crash_file() -> Path:
    return paths.log_dir() / CRASH_FILE


def enable_faulthandler() -> Path | None:
    """Write a native crash (segfault, abort) to the crash file; None if it cannot be opened."""
    global _crash_stream
    path = crash_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if _crash_stream is not None:
            _crash_stream.close()
        _crash_stream = path.open("a", encoding="utf-8")
    except OSError:
        return None
    faulthandler.enable(_crash_stream, all_threads=True)
    return path


def disable_faulthandler() -> None:
    global _crash_stream
    faulthandler.disable()
    if _crash_stream is not None:
        _crash_stream.close()
        _crash_stream = None


def take_previous_crash() -> str | None:
    """The last run's crash record, if it left one; the file is renamed so it is offered once."""
    path = crash_file()
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not text:
        return None
    with contextlib.suppress(OSError):
        path.replace(path.with_name("crash-previous.log"))
    return redact(text)


def crash_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> str:
    """A copyable report: versions, platform and the traceback, with patient shapes masked.

    Exception *messages* can quote user input, so they are redacted like log lines.
    """
    lines = [
        f"Spotter {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return redact("\n".join(lines))
