"""Writing a file the user asked for, so it is either wholly there or not changed at all."""

from __future__ import annotations

import os
from pathlib import Path


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The bytes go to ``<name>.part`` beside the target, are flushed to disk and renamed over it;
    the part file is removed if anything fails, so no other file is left behind.
    Raises :class:`OSError`.
    """
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
