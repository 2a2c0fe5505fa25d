"""Spotter's Qt widgets. Thin: every decision is made in ``spotter/``."""

from ui.none_refcount import protect_none

# Before any Qt call: see ui/none_refcount.py (PySide6 6.12 loses references to None).
protect_none()
