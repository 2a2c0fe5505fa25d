"""Packs for the tests: real keys, real feed files, the real CLI."""

from __future__ import annotations

import io
import os
from pathlib import Path

from import_samples import row, write_csv

from spotter.cli import run
from spotter.system import minisign

DATA = Path(__file__).parent / "data"
ORUK_FEED = DATA / "oruk-services.json"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return status, out.getvalue(), err.getvalue()


def keygen(folder: Path, name: str = "icb") -> tuple[Path, minisign.PublicKey]:
    """A key pair without a password (the password prompt is tested on its own)."""
    secret, public = folder / f"{name}.key", folder / f"{name}.pub"
    status, _out, err = cli(
        "pack", "keygen", "--secret", str(secret), "--public", str(public), "--no-password"
    )
    assert status == 0, err
    return secret, minisign.PublicKey.parse(public.read_text())


def csv_feed(folder: Path, file_name: str = "kent-feed.csv", **values: str) -> Path:
    values = {
        "id": "kent-stalking-advocacy",
        "organisation_id": "kent-advocacy-org",
        "organisation": "Kent Advocacy",
        "name": "Kent Stalking Advocacy",
        "areas": "Kent",
        "assured_date": "2026-10-01",
        **values,
    }
    return write_csv(folder / file_name, [row(**values)])


def build_and_sign(
    folder: Path,
    secret: Path,
    *,
    version: int,
    valid_days: int = 90,
    inputs: list[Path] | None = None,
    name: str = "kent.spotterpack",
) -> Path:
    pack = folder / name
    feeds = inputs or [csv_feed(folder), ORUK_FEED]
    status, _out, err = cli(
        "pack",
        "build",
        *(str(f) for f in feeds),
        "--publisher",
        "Kent and Medway ICB",
        "--valid-days",
        str(valid_days),
        "--pack-version",
        str(version),
        "--out",
        str(pack),
    )
    assert status == 0, err
    status, _out, err = cli("pack", "sign", str(pack), "--key", str(secret))
    assert status == 0, err
    return pack


def write_site_config(managed: Path | None, keys: list[minisign.PublicKey]) -> Path:
    site = Path(os.environ["SPOTTER_SITE_CONFIG_DIR"])
    site.mkdir(parents=True, exist_ok=True)
    lines = ["[directory]"]
    if managed is not None:
        lines.append(f"managed_services_file = '{managed}'")
    lines.append("trusted_keys = [" + ", ".join(f'"{k.to_base64()}"' for k in keys) + "]")
    target = site / "spotter.toml"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
