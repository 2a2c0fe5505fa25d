"""``spotter pack ...``: the curator's commands (keygen, build, sign, verify) and the
practice's (install, status). Exit status as elsewhere: 0 ok, 2 a user mistake or a refused
pack (one line on stderr)."""

from __future__ import annotations

import argparse
import getpass
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from spotter.cli.main import EXIT_OK, UserError, _store, _write_atomically


def add_pack_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    pack = sub.add_parser("pack", parents=[common], help="signed service packs (ICB directories)")
    psub = pack.add_subparsers(dest="pack_command", metavar="ACTION", parser_class=type(common))
    psub.required = True
    keygen = psub.add_parser("keygen", parents=[common], help="make a signing key pair")
    keygen.add_argument("--secret", type=Path, required=True, metavar="FILE", help="secret key")
    keygen.add_argument("--public", type=Path, required=True, metavar="FILE", help="public key")
    keygen.add_argument(
        "--no-password",
        action="store_true",
        help="do not protect the secret key with a password (as minisign -W)",
    )
    keygen.add_argument("--force", action="store_true", help="overwrite an existing secret key")
    build = psub.add_parser("build", parents=[common], help="build a pack from services files")
    build.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    build.add_argument("--publisher", required=True, help="who publishes the pack (e.g. an ICB)")
    build.add_argument("--valid-days", required=True, type=int, metavar="N")
    build.add_argument("--out", required=True, type=Path, metavar="PACK")
    build.add_argument("--pack-id", help="short id (default: from the publisher's name)")
    build.add_argument(
        "--pack-version", type=int, metavar="N", help="default: the UTC time as YYYYMMDDHHMMSS"
    )
    build.add_argument(
        "--coverage", nargs="+", metavar="ONS_CODE", help="default: from the local services"
    )
    sign = psub.add_parser("sign", parents=[common], help="sign a pack (writes PACK.minisig)")
    sign.add_argument("pack", type=Path, metavar="PACK")
    sign.add_argument("--key", required=True, type=Path, metavar="SECRET")
    verify = psub.add_parser("verify", parents=[common], help="check a pack's signature")
    verify.add_argument("pack", type=Path, metavar="PACK")
    verify.add_argument(
        "--key",
        type=Path,
        action="append",
        metavar="PUBLIC",
        help="public key file (default: the trusted keys in spotter.toml)",
    )
    verify.add_argument("--json", action="store_true", help="print the manifest as JSON")
    install = psub.add_parser(
        "install", parents=[common], help="verify and install a pack (trusted keys: spotter.toml)"
    )
    install.add_argument("pack", type=Path, metavar="PACK")
    status = psub.add_parser("status", parents=[common], help="the pack in use")
    status.add_argument("--json", action="store_true", help="print JSON")


def ask_password(prompt: str) -> bytes:
    """Read a password from the terminal (replaced in tests)."""
    return getpass.getpass(prompt).encode("utf-8")


def run_pack(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from spotter.packs.pack import PackError
    from spotter.system.minisign import MinisignError

    action = args.pack_command
    try:
        return ACTIONS[action](args, out)
    except (PackError, MinisignError) as exc:
        raise UserError(str(exc)) from None


def _keygen(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.system import minisign

    if args.secret.exists() and not args.force:
        raise UserError(f"{args.secret} already exists; use --force to replace it")
    password: bytes | None = None
    if not args.no_password:
        password = ask_password("Password for the new secret key: ")
        if not password:
            raise UserError("an empty password; use --no-password for a key without one")
        if ask_password("Password again: ") != password:
            raise UserError("the two passwords differ")
    key = minisign.generate()
    _write_atomically(args.secret, key.to_file_text(password).encode("ascii"))
    _write_atomically(args.public, key.public.to_file_text().encode("ascii"))
    out.write(
        f"key {key.public.id_text}: secret key {args.secret} (keep it offline), public key "
        f"{args.public}\nput this line in each practice's spotter.toml [directory] "
        f"trusted_keys:\n  {key.public.to_base64()}\n"
    )
    return EXIT_OK


def _build(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.packs.build import build_pack

    manifest, data = build_pack(
        list(args.inputs),
        publisher=args.publisher,
        valid_days=args.valid_days,
        pack_id=args.pack_id,
        version=args.pack_version,
        coverage=args.coverage,
    )
    _write_atomically(args.out, data)
    out.write(
        f"wrote {args.out}: {manifest.summary()}; {manifest.service_count} services, "
        f"{len(manifest.coverage)} areas covered\nsign it with `spotter pack sign {args.out} "
        "--key SECRET` (or minisign -S)\n"
    )
    return EXIT_OK


def _sign(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.packs.pack import parse_pack, read_limited, signature_path, trusted_comment
    from spotter.system import minisign

    try:
        key_text = args.key.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the secret key {args.key} ({exc})") from None
    password = (
        ask_password(f"Password for {args.key}: ")
        if minisign.SecretKey.is_encrypted(key_text)
        else None
    )
    key = minisign.SecretKey.parse(key_text, password)
    data = read_limited(args.pack, "pack")
    manifest = parse_pack(data, args.pack.name).manifest  # never sign something malformed
    text = minisign.sign(data, key, trusted_comment(manifest, args.pack.name))
    target = signature_path(args.pack)
    _write_atomically(target, text.encode("utf-8"))
    out.write(f"wrote {target} (key {key.public.id_text})\n")
    return EXIT_OK


def _trusted(keys: list[Path] | None) -> list[Any]:
    from spotter.store.deployment import DeploymentError, load_deployment
    from spotter.system import minisign

    if keys:
        try:
            return [minisign.PublicKey.parse(k.read_text(encoding="utf-8")) for k in keys]
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read a public key ({exc})") from None
    try:
        deployment = load_deployment()
    except DeploymentError as exc:
        raise UserError(str(exc)) from None
    return [minisign.PublicKey.parse(k) for k in deployment.trusted_keys]


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.importing import validate_file
    from spotter.packs.pack import PackError, verify_pack

    verified = verify_pack(args.pack, _trusted(args.key), date.today())
    # The services are checked as a practice will check them.
    with tempfile.TemporaryDirectory(prefix="spotter-pack-") as folder:
        services = Path(folder) / f"{args.pack.stem}.json"
        services.write_text(json.dumps(verified.pack.directory), encoding="utf-8")
        checked = validate_file(services)
    if not checked.ok:
        raise PackError(
            f"{args.pack.name}: the pack's services are not valid:\n{checked.report.render()}"
        )
    if args.json:
        json.dump(
            {**verified.manifest.to_json(), "key_id": verified.key_id, "ok": True},
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        out.write(
            f"{args.pack.name}: signature good (key {verified.key_id}); "
            f"{verified.manifest.summary()}\n"
        )
    return EXIT_OK


def _install(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.importing.managed import META_KEY
    from spotter.packs.install import install_pack, parse_trusted_keys
    from spotter.store.deployment import DeploymentError, load_deployment

    try:
        deployment = load_deployment()
    except DeploymentError as exc:
        raise UserError(str(exc)) from None
    with _store() as store:
        installed = install_pack(
            store,
            args.pack,
            parse_trusted_keys(deployment.trusted_keys),
            mode=deployment.managed_import_mode,
        )
        if deployment.managed_services_file is not None and (
            deployment.managed_services_file.resolve() == args.pack.resolve()
        ):
            store.set_meta(META_KEY, installed.verified.sha256)
    out.write(installed.message() + "\n")
    return EXIT_OK


def _status(args: argparse.Namespace, out: TextIO) -> int:
    from spotter.packs.install import installed_pack

    with _store() as store:
        status = installed_pack(store)
    if args.json:
        json.dump(status.to_json() if status else None, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if status is None:
        out.write("no service pack installed\n")
        return EXIT_OK
    out.write(status.describe() + "\n")
    banner = status.banner(date.today())
    if banner:
        out.write(banner + "\n")
    return EXIT_OK


ACTIONS = {
    "keygen": _keygen,
    "build": _build,
    "sign": _sign,
    "verify": _verify,
    "install": _install,
    "status": _status,
}
