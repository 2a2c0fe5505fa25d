"""Build the one-folder bundle with PyInstaller and print its size.

uv run python packaging/build.py [--dist DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotter import __version__  # noqa: E402


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "packaging" / "spotter.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    return dist / f"spotter-{__version__}"


def executable(bundle: Path, name: str = "spotter-cli") -> Path:
    """The console launcher (``spotter-cli``) by default; ``spotter`` is the windowed app."""
    return bundle / (f"{name}.exe" if sys.platform == "win32" else name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    bundle = build(args.dist, args.work)
    size = folder_size(bundle)
    print(f"bundle: {bundle}")
    print(f"app: {executable(bundle, 'spotter')}")
    print(f"command line: {executable(bundle)}")
    print(f"size: {size / 1_000_000:.1f} MB ({size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
