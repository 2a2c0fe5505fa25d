"""A guard against PySide6 6.12's lost references to ``None`` (Python 3.11 only).

With PySide6 6.12.0 on Python 3.11, every call of a Qt method that returns nothing
(``setText``, ``setToolTip``, ``setData`` ...) and every call that returns an empty Qt value
takes one reference away from Python's ``None`` without having given it one. ``None`` starts
with a few thousand references, so after a few thousand such calls - a long morning at
reception, or one large import preview - Python frees ``None`` and the process stops with
"Fatal Python error: none_dealloc: deallocating None". Measured here: 1,000 ``setText`` calls
lower ``sys.getrefcount(None)`` by 1,000.

From Python 3.12 ``None`` is immortal and the lost references do no harm. On 3.11 this module
gives ``None`` the same protection once, before any window is built: its count is raised by
2**40, which no session can use up. ``None`` is a static object that is never freed, so a
large count changes nothing else. Remove this module when PySide6 is fixed or the project
needs Python 3.12.
"""

from __future__ import annotations

import ctypes
import sys

#: References added to ``None``: at one lost reference per Qt call, more than any session.
HEADROOM = 1 << 40


def protect_none() -> None:
    """Make ``None`` safe from lost references on Python 3.11 (a no-op on 3.12 and later)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    if sys.getrefcount(None) >= HEADROOM:
        return  # already done
    # On CPython 3.11 an object's reference count is the first field at its address.
    ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM
