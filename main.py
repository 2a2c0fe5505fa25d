"""Spotter: run the app (no command) or one of the admin commands (see ``--help``)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
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
