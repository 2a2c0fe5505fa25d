"""Spotter's domain core: screening, directory, geography, matching, letters and storage.

This package is plain Python and must never import Qt; ``ui/`` is the only Qt layer.
"""

import logging

__version__ = "0.1.0"

# Records go to the rotating file once the app or a command configures it (spotter.system.logs);
# until then they go nowhere, rather than to Python's last-resort handler on stderr.
logging.getLogger("spotter").addHandler(logging.NullHandler())
