"""Logging: a rotating file in the platform log folder, one named logger per subsystem.

Loggers are ``spotter.<subsystem>`` (``spotter.store.database``, ``spotter.places.matching``,
``spotter.ui``, ``spotter.qt`` for Qt's own messages, ...). Spotter never logs patient
details; as a second line of defence :class:`RedactPatientData` masks anything shaped like an
NHS number, a full postcode, a date or a phone number before a record is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path
from typing import Any

from spotter.system import paths

LOG_FILE = "spotter.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

_PATTERNS = (
    # NHS numbers and other long digit runs (phone numbers included), spaced or not
    (re.compile(r"(?<!\w)(?:\d[ -]?){9,}\d(?!\w)"), "[number]"),
    # full UK postcodes: keep only the district
    (
        re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}\b", re.IGNORECASE),
        r"\1 [inward]",
    ),
    # dates such as 01/02/1980, 1980-02-01
    # (day/month/year with a 2- or 4-digit year, or ISO year-month-day; not versions like 0.1.0)
    (
        re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b"),
        "[date]",
    ),
)


def redact(text: str) -> str:
    """Mask patient-identifying shapes in ``text``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPatientData(logging.Filter):
    """Rewrites each record's message with :func:`redact` (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class _RedactingFormatter(logging.Formatter):
    """Masks tracebacks too (exception messages can quote input); the timestamp is left alone."""

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return redact(super().formatStack(stack_info))


def configure_logging(level: int = logging.INFO, log_dir: Path | None = None) -> Path | None:
    """Send ``spotter.*`` records to a rotating file; returns its path (None if unwritable)."""
    root = logging.getLogger("spotter")
    root.setLevel(level)
    for old in list(root.handlers):
        if getattr(old, "_spotter", False):
            root.removeHandler(old)
            old.close()
    folder = log_dir or paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only profile must not stop the app; records go nowhere
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactPatientData())
    handler._spotter = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return folder / LOG_FILE
