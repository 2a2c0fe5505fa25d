"""Mutation testing of one safety-critical module: ``uv run python tools/mutation.py MODULE``.

Each MODULE is a table under ``[tool.spotter.mutation]`` in pyproject.toml:

* ``mutate``: the source files to mutate (mutmut ``only_mutate`` globs);
* ``tests``: the only test files run against them (so a run fits a 2-core machine);
* ``pytest_args`` (optional): more pytest arguments, e.g. ``--deselect`` for a speed test;
* ``functions`` (optional): mutant-name globs, to score part of a file (the coverage resolution
  in geography.py, not its postcode placing);
* ``copy`` (optional): more files or folders the tests read (e.g. a generated page they compare
  with), copied into the run as well (folders: mutmut copies only folders into new places);
* ``equivalent``: mutants that no test can kill because they do not change behaviour; each is
  explained in docs/testing.md.

The shared mutmut settings are ``[tool.mutmut]``. The run happens in ``build/mutation/MODULE/``
(a fresh copy of spotter/, tests/ and resources/, so the working tree is never touched), at low
CPU priority. Afterwards ``tools/mutation.py MODULE --show NAME`` shows what a mutant changed.

Exit code: 0 when the score reaches ``target`` (default 0.95), 1 when it does not, 2 for an
unknown module.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("spotter", "tests", "resources", "ui")
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # test failure, pytest error, timeout, type check
SURVIVED = {0}
NO_TESTS = {5, 33}


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def modules() -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = _pyproject()["tool"]["spotter"]["mutation"]
    return result


def work_pyproject(module: dict[str, Any]) -> str:
    """The project's pyproject.toml with [tool.mutmut] narrowed to one module."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        if line.startswith("["):
            skipping = line.strip() == "[tool.mutmut]"
        if not skipping:
            kept.append(line)
    settings = dict(_pyproject()["tool"]["mutmut"])
    settings["only_mutate"] = module["mutate"]
    settings["also_copy"] = [*settings.get("also_copy", []), *module.get("copy", [])]
    settings["pytest_add_cli_args_test_selection"] = module["tests"]
    settings["pytest_add_cli_args"] = [
        *settings.get("pytest_add_cli_args", []),
        *module.get("pytest_args", []),
    ]
    kept.append("[tool.mutmut]")
    kept += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    return "\n".join(kept) + "\n"


def prepare(name: str, module: dict[str, Any]) -> Path:
    work = ROOT / "build" / "mutation" / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in COPIED:
        shutil.copytree(ROOT / folder, work / folder, ignore=ignore)
    for extra in module.get("copy", []):
        source, target = ROOT / extra, work / extra
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy2(source, target)
    (work / "pyproject.toml").write_text(work_pyproject(module), encoding="utf-8")
    return work


def results(work: Path, functions: list[str]) -> dict[str, int]:
    """Exit code of every mutant mutmut tried (restricted to ``functions`` if given)."""
    codes: dict[str, int] = {}
    for meta in (work / "mutants").rglob("*.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for key, code in data["exit_code_by_key"].items():
            if not functions or any(fnmatch.fnmatchcase(key, f) for f in functions):
                codes[key] = code
    return codes


def score(name: str, module: dict[str, Any], codes: dict[str, int]) -> bool:
    equivalent = set(module.get("equivalent", []))
    killed = sorted(k for k, c in codes.items() if c in KILLED)
    survived = sorted(k for k, c in codes.items() if c in SURVIVED and k not in equivalent)
    untested = sorted(k for k, c in codes.items() if c in NO_TESTS and k not in equivalent)
    other = sorted(
        k for k, c in codes.items() if c not in KILLED | SURVIVED | NO_TESTS and k not in equivalent
    )
    counted_equivalent = sorted(k for k in equivalent if codes.get(k) in SURVIVED | NO_TESTS)
    stale = sorted(k for k in equivalent if codes.get(k) not in SURVIVED | NO_TESTS)
    judged = len(killed) + len(survived) + len(untested) + len(other)
    ratio = len(killed) / judged if judged else 1.0
    target = float(module.get("target", 0.95))
    print(f"\n{name}: {len(codes)} mutants")
    print(f"  killed {len(killed)}, survived {len(survived)}, no test ran {len(untested)}, ")
    print(f"  other {len(other)}, equivalent {len(counted_equivalent)} (listed in pyproject)")
    print(f"  score {len(killed)}/{judged} = {ratio:.1%} of non-equivalent mutants killed")
    for title, names in (
        ("survived", survived),
        ("no test ran", untested),
        ("suspicious/other", other),
        ("listed as equivalent but now killed or gone (remove from the list)", stale),
    ):
        if names:
            print(f"  {title}:")
            for key in names:
                print(f"    {key}")
    print(f"  target {target:.0%}: {'met' if ratio >= target else 'NOT met'}")
    return ratio >= target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="?", help="a table under [tool.spotter.mutation]")
    parser.add_argument("--jobs", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--list", action="store_true", help="list the modules and stop")
    parser.add_argument("--show", metavar="NAME", help="show a mutant of the last run and stop")
    args = parser.parse_args(argv)
    known = modules()
    if args.list or not args.module:
        for name, module in known.items():
            print(f"{name}: {', '.join(module['mutate'])} <- {', '.join(module['tests'])}")
        return 0 if args.list else 2
    if args.module not in known:
        print(f"unknown module {args.module!r}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    module = known[args.module]
    mutmut = shutil.which("mutmut") or str(Path(sys.executable).with_name("mutmut"))
    work = ROOT / "build" / "mutation" / args.module
    if args.show:
        return subprocess.run([mutmut, "show", args.show], cwd=work, check=False).returncode
    if hasattr(os, "nice"):
        os.nice(10)  # the machine is shared: mutation runs are CPU-heavy
    prepare(args.module, module)
    functions = list(module.get("functions", []))
    run = subprocess.run(
        [mutmut, "run", "--max-children", str(args.jobs), *functions],
        cwd=work,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    if run.returncode != 0:
        print(f"mutmut run failed with exit code {run.returncode}", file=sys.stderr)
        return 1
    return 0 if score(args.module, module, results(work, functions)) else 1


if __name__ == "__main__":
    sys.exit(main())
