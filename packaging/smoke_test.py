"""Build the frozen bundle and prove it works: the packaging check run by ``.ci/run``.

    uv run python packaging/smoke_test.py [--bundle DIR]

Runs the frozen command-line launcher's ``--version``, ``doctor``, ``match``, a services-file
check (the phone-number library), a letter with a PNG logo (Pillow) and ``self-test`` (and the
windowed launcher's ``--self-test``) with a temporary data folder and a temporary machine-wide
config folder, offscreen, and fails on a non-zero exit or on any unexpected stderr line.

On Linux it also fails if the bundle is bigger than the ceiling in ``packaging/size-ceiling.txt``
(what was left out to get there, and why: ``packaging/EXCLUDED.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from build import build, executable, folder_size  # noqa: E402

# stderr lines that are expected and harmless (Qt's notice about the offscreen platform).
ALLOWED_STDERR = ("This plugin does not support propagateSizeHints()",)


def run(exe: Path, *args: str, env: dict[str, str], stdin: str | None = None) -> str:
    proc = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
        check=False,
    )
    unexpected = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and not any(ok in line for ok in ALLOWED_STDERR)
    ]
    label = " ".join(args)
    if proc.returncode != 0:
        raise SystemExit(f"FAIL {label}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    if unexpected:
        raise SystemExit(f"FAIL {label}: unexpected stderr:\n" + "\n".join(unexpected))
    print(f"ok   {label}")
    return proc.stdout


def size_ceiling() -> int:
    """The Linux bundle's ceiling in bytes: the first number in packaging/size-ceiling.txt."""
    for line in (HERE / "size-ceiling.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            return int(line.replace("_", ""))
    raise SystemExit("packaging/size-ceiling.txt has no number")


def check_size(bundle: Path) -> None:
    size = folder_size(bundle)
    if not sys.platform.startswith("linux"):
        print(f"size {size / 1_000_000:.1f} MB (the ceiling is for the Linux build)")
        return
    ceiling = size_ceiling()
    if size > ceiling:
        raise SystemExit(
            f"FAIL size: the bundle is {size / 1_000_000:.1f} MB ({size} bytes), over the "
            f"ceiling of {ceiling / 1_000_000:.1f} MB in packaging/size-ceiling.txt. Find what "
            "grew (packaging/EXCLUDED.md says what is left out and how to check it)."
        )
    print(f"ok   size {size / 1_000_000:.1f} MB (ceiling {ceiling / 1_000_000:.1f} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", type=Path, help="use an existing bundle instead of building")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spotter-smoke-") as tmp:
        root = Path(tmp)
        bundle = args.bundle or build(root / "dist", root / "build")
        exe = executable(bundle)
        print(f"bundle {bundle} ({folder_size(bundle) / 1_000_000:.1f} MB)")
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "SPOTTER_DATA_DIR": str(root / "data"),
            "SPOTTER_SITE_CONFIG_DIR": str(root / "site"),
        }
        version = run(exe, "--version", env=env)
        assert version.startswith("Spotter "), version
        doctor = run(exe, "doctor", env=env)
        assert "No problems found." in doctor, doctor
        matched = json.loads(run(exe, "match", "ME14 1AA", "EH1 1AA", "--json", env=env))
        names = [s["name"] for s in matched[0]["services"]]
        assert "Protection Against Stalking" in names, names
        assert "National Stalking Helpline" in names, names
        assert "Paladin National Stalking Advocacy Service" not in [
            s["name"] for s in matched[1]["services"]
        ]
        # A signed service pack end to end (PyNaCl's compiled parts must be in the bundle).
        pack, key = root / "icb.spotterpack", root / "icb.key"
        run(exe, "services", "export", str(root / "feed.json"), env=env)
        run(exe, "pack", "keygen", "--secret", str(key), "--public", str(root / "icb.pub"),
            "--no-password", env=env)  # fmt: skip
        run(exe, "pack", "build", str(root / "feed.json"), "--publisher", "Smoke ICB",
            "--valid-days", "30", "--out", str(pack), env=env)  # fmt: skip
        run(exe, "pack", "sign", str(pack), "--key", str(key), env=env)
        verified = run(exe, "pack", "verify", str(pack), "--key", str(root / "icb.pub"), env=env)
        assert "signature good" in verified, verified
        # The importer's checks (the phone-number library is only loaded by them).
        template = root / "services.csv"
        run(exe, "services", "export", str(template), "--template", env=env)
        lines = template.read_text("utf-8-sig").splitlines(keepends=True)
        template.write_text("".join(lines[:1] + lines[2:]), "utf-8")  # drop the example row
        checked = json.loads(
            run(exe, "services", "import", str(template), "--dry-run", "--json", env=env)
        )
        assert checked["ok"], checked
        # A letter with a PNG logo: ReportLab reads PNG through Pillow's core.
        letter = json.loads((ROOT / "docs" / "examples" / "referral.json").read_text("utf-8"))
        letter["practice"]["logo_path"] = str(ROOT / "resources" / "icons" / "spotter.png")
        # The example marks voicemail and letters home unsafe, so the letter warns (stderr)
        # while the home phone and address are on it: leave them out, as the warning advises.
        for key in ("phone", "address", "postcode"):
            letter["patient"][key] = ""
        (root / "letter.json").write_text(json.dumps(letter), "utf-8")
        pdf = root / "letter.pdf"
        run(exe, "letter", "--input", str(root / "letter.json"), "--out", str(pdf), env=env)
        assert b"/Subtype /Image" in pdf.read_bytes(), "the logo is not in the letter"
        run(exe, "self-test", env=env)
        run(exe, "--self-test", env=env)
        run(executable(bundle, "spotter"), "--self-test", env=env)  # the windowed launcher
        check_size(bundle)
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
