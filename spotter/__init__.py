"""Spotter's domain core: screening, directory, geography, matching, letters and storage.

This package is plain Python and must never import Qt; ``ui/`` is the only Qt layer.
"""

__version__ = "0.1.0"
