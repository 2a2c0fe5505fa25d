"""Spotter's command line: ``main`` parses and runs; one module per group of commands."""

from spotter.cli.main import (
    COMMANDS as COMMANDS,
)
from spotter.cli.main import (
    EXIT_OK as EXIT_OK,
)
from spotter.cli.main import (
    EXIT_PROBLEM as EXIT_PROBLEM,
)
from spotter.cli.main import (
    EXIT_USAGE as EXIT_USAGE,
)
from spotter.cli.main import (
    UserError as UserError,
)
from spotter.cli.main import (
    build_parser as build_parser,
)
from spotter.cli.main import (
    run as run,
)
