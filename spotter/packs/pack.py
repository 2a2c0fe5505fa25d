"""The service pack file: one JSON file (manifest + directory) and its detached signature.

A pack ``kent.spotterpack`` is UTF-8 JSON::

    {"format": "spotter-pack/1",
     "manifest": {"publisher", "pack_id", "version", "issued", "valid_until", "coverage",
                  "sources": [{"file", "sha256", "date", "services"}], "service_count"},
     "directory": {...}}          # Spotter's own services JSON (``services export``)

and ``kent.spotterpack.minisig`` beside it is a minisign signature of the whole file, so
``minisign -Vm kent.spotterpack -p icb.pub`` checks it as well as Spotter does. Spotter checks
the signature against the trusted keys *before* it reads a byte of the JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # PyNaCl is loaded only when a pack is checked, not at every start
    from spotter.system import minisign

PACK_FORMAT = "spotter-pack/1"
PACK_SUFFIX = ".spotterpack"
SIGNATURE_SUFFIX = ".minisig"
MAX_PACK_BYTES = 25 * 1024 * 1024
_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_ONS_CODE = re.compile(r"^[EWSNKLM]\d{8}$")


class PackError(ValueError):
    """A pack cannot be used; the message is one line naming the file and what is wrong."""


def signature_path(pack: Path) -> Path:
    return pack.with_name(pack.name + SIGNATURE_SUFFIX)


def looks_like_pack(path: Path) -> bool:
    """True for a ``.spotterpack`` file, or any file that starts like one."""
    if path.suffix.lower() == PACK_SUFFIX:
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(200)
    except OSError:
        return False
    return PACK_FORMAT.encode() in head


@dataclass(frozen=True)
class Source:
    """One feed the pack was built from."""

    file: str
    sha256: str
    date: date
    services: int

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "date": self.date.isoformat(),
            "services": self.services,
        }


@dataclass(frozen=True)
class Manifest:
    publisher: str
    pack_id: str
    version: int
    issued: date
    valid_until: date
    coverage: tuple[str, ...]
    sources: tuple[Source, ...]
    service_count: int

    def expired(self, today: date) -> bool:
        return self.valid_until < today

    def summary(self) -> str:
        return (
            f"{self.publisher}, pack {self.pack_id} version {self.version}, issued "
            f"{self.issued.isoformat()}, valid until {self.valid_until.isoformat()}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "publisher": self.publisher,
            "pack_id": self.pack_id,
            "version": self.version,
            "issued": self.issued.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "coverage": list(self.coverage),
            "sources": [s.to_json() for s in self.sources],
            "service_count": self.service_count,
        }

    @classmethod
    def from_json(cls, data: Any, where: str) -> Manifest:
        """Read and check a manifest; errors name the field (``where: manifest.version``)."""
        if not isinstance(data, dict):
            raise PackError(f"{where}: manifest: expected an object")

        def text(key: str) -> str:
            value = data.get(key)
            if not isinstance(value, str) or not value.strip():
                raise PackError(f"{where}: manifest.{key}: expected text")
            return value.strip()

        def day(key: str) -> date:
            value = text(key)
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise PackError(f"{where}: manifest.{key}: {value!r} is not a date") from None

        def count(key: str, value: Any, label: str) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PackError(f"{where}: {label}: expected a whole number")
            return value

        pack_id = text("pack_id")
        if not _PACK_ID.match(pack_id):
            raise PackError(
                f"{where}: manifest.pack_id: {pack_id!r} should be lower-case letters, "
                "digits and hyphens"
            )
        version = count("version", data.get("version"), "manifest.version")
        if version < 1:
            raise PackError(f"{where}: manifest.version: must be 1 or more")
        issued, valid_until = day("issued"), day("valid_until")
        if valid_until < issued:
            raise PackError(f"{where}: manifest.valid_until: {valid_until} is before issued")
        coverage = data.get("coverage", [])
        if not isinstance(coverage, list) or not all(
            isinstance(c, str) and _ONS_CODE.match(c) for c in coverage
        ):
            raise PackError(f"{where}: manifest.coverage: expected a list of ONS codes")
        raw_sources = data.get("sources", [])
        if not isinstance(raw_sources, list):
            raise PackError(f"{where}: manifest.sources: expected a list")
        sources: list[Source] = []
        for i, item in enumerate(raw_sources):
            label = f"manifest.sources[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("file"), str):
                raise PackError(f"{where}: {label}: expected an object with a file name")
            try:
                when = date.fromisoformat(str(item.get("date")))
            except ValueError:
                raise PackError(f"{where}: {label}.date: not a date") from None
            sources.append(
                Source(
                    file=item["file"],
                    sha256=str(item.get("sha256", "")),
                    date=when,
                    services=count("services", item.get("services", 0), f"{label}.services"),
                )
            )
        return cls(
            publisher=text("publisher"),
            pack_id=pack_id,
            version=version,
            issued=issued,
            valid_until=valid_until,
            coverage=tuple(coverage),
            sources=tuple(sources),
            service_count=count(
                "service_count", data.get("service_count"), "manifest.service_count"
            ),
        )


@dataclass(frozen=True)
class Pack:
    manifest: Manifest
    directory: dict[str, Any]  # Spotter services JSON, checked by the importer on install


def pack_bytes(manifest: Manifest, directory: dict[str, Any]) -> bytes:
    """The file's exact bytes (``format`` first, so a pack is recognised by its start)."""
    body = {"format": PACK_FORMAT, "manifest": manifest.to_json(), "directory": directory}
    return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def parse_pack(data: bytes, name: str) -> Pack:
    """Read a pack's bytes (after its signature has been checked)."""
    try:
        body = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise PackError(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(body, dict) or body.get("format") != PACK_FORMAT:
        raise PackError(f"{name}: not a Spotter service pack (format is not {PACK_FORMAT})")
    manifest = Manifest.from_json(body.get("manifest"), name)
    directory = body.get("directory")
    if not isinstance(directory, dict) or not isinstance(directory.get("services"), list):
        raise PackError(f"{name}: directory: expected Spotter's services JSON")
    if len(directory["services"]) != manifest.service_count:
        raise PackError(
            f"{name}: manifest.service_count says {manifest.service_count} but the pack holds "
            f"{len(directory['services'])} services"
        )
    return Pack(manifest, directory)


def trusted_comment(manifest: Manifest, file_name: str) -> str:
    """What the signature's (signed) comment says, so ``minisign -V`` shows it too."""
    return (
        f"spotter pack {manifest.pack_id} version {manifest.version} "
        f"valid_until {manifest.valid_until.isoformat()} file:{file_name}"
    )


@dataclass(frozen=True)
class VerifiedPack:
    path: Path
    pack: Pack
    key_id: str
    sha256: str  # of the pack and its signature together

    @property
    def manifest(self) -> Manifest:
        return self.pack.manifest


def read_limited(path: Path, what: str) -> bytes:
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise PackError(f"{path.name}: the {what} is larger than Spotter accepts")
        return path.read_bytes()
    except FileNotFoundError:
        raise PackError(f"{path}: there is no {what} there") from None
    except OSError as exc:
        raise PackError(f"{path}: the {what} cannot be read ({exc.strerror or exc})") from None


def verify_pack(
    path: Path,
    trusted: list[minisign.PublicKey],
    today: date,
    *,
    allow_expired: bool = False,
) -> VerifiedPack:
    """Check a pack's signature against ``trusted``, then its manifest; offline, no changes.

    Raises :class:`PackError` with one line: no signature, an untrusted key, a signature that
    does not match (any byte changed, truncated, another pack's signature), a malformed
    manifest, or a pack past its ``valid_until`` (unless ``allow_expired``).
    """
    import hashlib

    from spotter.system import minisign

    name = path.name
    data = read_limited(path, "pack")
    sig_file = signature_path(path)
    if not sig_file.is_file():
        raise PackError(f"{name}: no signature file {sig_file.name} beside it; refused")
    sig_bytes = read_limited(sig_file, "signature")
    if not trusted:
        raise PackError(
            f"{name}: no trusted pack keys are set ([directory] trusted_keys in spotter.toml); "
            "refused"
        )
    try:
        key, _comment = minisign.verify(data, sig_bytes.decode("utf-8", "replace"), trusted)
    except minisign.UntrustedKey as exc:
        raise PackError(
            f"{name}: signed by key {exc.key_id}, which is not a trusted key in spotter.toml; "
            "refused"
        ) from None
    except minisign.MinisignError as exc:
        raise PackError(
            f"{name}: signature check failed ({exc}): the pack was changed after signing or "
            "the signature is not for this file; refused"
        ) from None
    pack = parse_pack(data, name)
    manifest = pack.manifest
    if manifest.expired(today) and not allow_expired:
        raise PackError(
            f"{name}: pack {manifest.pack_id} version {manifest.version} expired on "
            f"{manifest.valid_until.isoformat()}; ask your ICB for the current pack; refused"
        )
    digest = hashlib.sha256(data + b"\0" + sig_bytes).hexdigest()
    return VerifiedPack(path, pack, key.id_text, digest)
