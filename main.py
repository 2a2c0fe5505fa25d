"""Spotter: run the app (no command) or one of the admin commands (see ``--help``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _app_only(argv: list[str]) -> tuple[bool, Path | None]:
    """(True, data folder) when ``argv`` only opens the app: nothing, or just ``--data-dir``.

    The app's start then skips building the command line's parser (and importing everything
    the commands use); anything else goes through the full parser as before.
    """
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--data-dir" and argv[1] and not argv[1].startswith("-"):
        return True, Path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--data-dir=") and len(argv[0]) > len("--data-dir="):
        return True, Path(argv[0].removeprefix("--data-dir="))
    return False, None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    app_only, data_dir = _app_only(argv)
    if app_only:
        from ui.app import run_app

        return run_app(data_dir=data_dir)
    from spotter.cli import build_parser, run

    if {"self-test", "--self-test"} & set(argv):
        # Always in a temporary folder of its own, whatever --data-dir says.
        from ui.selftest import run_self_test

        return run_self_test()
    args, _unknown = build_parser().parse_known_args(argv)
    if args.command is None and not {"-h", "--help", "--version"} & set(argv):
        from ui.app import run_app

        return run_app(data_dir=getattr(args, "data_dir", None))
    # Scripts read the output as UTF-8 everywhere (Windows would use its ANSI code page when
    # the output is redirected, and fail on names such as "Gŵyr").
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    try:
        return run(argv)
    except BrokenPipeError:
        # The reader went away (``spotter services list | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
