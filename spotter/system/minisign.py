"""Ed25519 keys and detached signatures in the minisign format.

A curator can use Spotter's ``pack`` commands or the standard ``minisign`` tool
interchangeably: keys and signatures are byte-compatible both ways. The primitives come from
PyNaCl, which binds libsodium, the same library ``minisign`` is built on: Ed25519, BLAKE2b and
the scrypt key derivation (with libsodium's own ``opslimit``/``memlimit`` parameters) that
protects a secret key with a password.

Formats (https://jedisct1.github.io/minisign/), every binary part base64 on one line after an
``untrusted comment:`` line:

* public key: ``"Ed"`` + key id (8 bytes) + public key (32)
* secret key: ``"Ed"`` + KDF (``"Sc"``, or two zero bytes for no password) + ``"B2"`` + salt (32)
  + opslimit (8, little-endian) + memlimit (8) + [key id (8) + secret key (64) + BLAKE2b-256
  checksum (32)], the bracketed part XOR-ed with the scrypt output when there is a password
* signature: ``"ED"`` + key id + Ed25519 signature of the BLAKE2b-512 of the file; then a
  ``trusted comment:`` line and the signature of (signature + trusted comment)

The trusted comment is signed too: it cannot be changed without the signature failing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash.scrypt
import nacl.signing

SIG_ALG = b"Ed"  # key files, and legacy (not prehashed) signatures
SIG_ALG_HASHED = b"ED"  # signatures of the BLAKE2b-512 of the file (minisign's default)
KDF_SCRYPT = b"Sc"
KDF_NONE = b"\x00\x00"
CHK_ALG = b"B2"
#: minisign's own (libsodium's "sensitive") limits: about 1 GiB of memory and a few seconds.
OPSLIMIT = nacl.pwhash.scrypt.OPSLIMIT_SENSITIVE
MEMLIMIT = nacl.pwhash.scrypt.MEMLIMIT_SENSITIVE
_KEYNUM_LEN = 8 + 64 + 32
_SECRET_LEN = 2 + 2 + 2 + 32 + 8 + 8 + _KEYNUM_LEN


class MinisignError(ValueError):
    """A key or signature is malformed, or a signature does not verify; says which."""


class WrongPassword(MinisignError):
    """The secret key's password is wrong (its checksum does not match)."""


def key_id_text(key_id: bytes) -> str:
    """How minisign shows a key id: the 8 bytes as a little-endian number in hex."""
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MinisignError(f"the {what} is not valid base64") from None


def _payload_line(text: str, what: str) -> str:
    """The base64 line of a key file, or the key itself when given as one line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        raise MinisignError(f"the {what} is empty")
    if lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    if len(lines) != 1:
        raise MinisignError(f"the {what} should be one comment line and one line of base64")
    return lines[0]


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    key: bytes

    @property
    def id_text(self) -> str:
        return key_id_text(self.key_id)

    def to_base64(self) -> str:
        """The one-line form, as ``minisign -P`` takes it and ``spotter.toml`` lists it."""
        return _b64(SIG_ALG + self.key_id + self.key)

    def to_file_text(self) -> str:
        return f"untrusted comment: minisign public key {self.id_text}\n{self.to_base64()}\n"

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """A public key file's text, or its one base64 line."""
        raw = _unb64(_payload_line(text, "public key"), "public key")
        if len(raw) != 42 or raw[:2] != SIG_ALG:
            raise MinisignError("not a minisign Ed25519 public key")
        return cls(raw[2:10], raw[10:])


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    key: bytes  # libsodium's 64-byte form: seed + public key

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key_id, self.key[32:])

    def _checksum(self) -> bytes:
        return hashlib.blake2b(SIG_ALG + self.key_id + self.key, digest_size=32).digest()

    def to_file_text(
        self,
        password: bytes | None,
        *,
        opslimit: int | None = None,
        memlimit: int | None = None,
    ) -> str:
        """The secret key file; encrypted with ``password`` unless it is None (``-W``).

        The scrypt limits default to minisign's (:data:`OPSLIMIT`, :data:`MEMLIMIT`); they are
        written into the file, so ``minisign`` opens a key made with other limits as well.
        """
        opslimit = OPSLIMIT if opslimit is None else opslimit
        memlimit = MEMLIMIT if memlimit is None else memlimit
        keynum = self.key_id + self.key + self._checksum()
        if password is None:
            body = SIG_ALG + KDF_NONE + CHK_ALG + bytes(32 + 8 + 8) + keynum
            return f"untrusted comment: minisign secret key (no password)\n{_b64(body)}\n"
        salt = secrets.token_bytes(32)
        stream = nacl.pwhash.scrypt.kdf(
            _KEYNUM_LEN, password, salt, opslimit=opslimit, memlimit=memlimit
        )
        body = (
            SIG_ALG
            + KDF_SCRYPT
            + CHK_ALG
            + salt
            + opslimit.to_bytes(8, "little")
            + memlimit.to_bytes(8, "little")
            + bytes(a ^ b for a, b in zip(keynum, stream, strict=True))
        )
        return f"untrusted comment: minisign encrypted secret key\n{_b64(body)}\n"

    @staticmethod
    def is_encrypted(text: str) -> bool:
        raw = _unb64(_payload_line(text, "secret key"), "secret key")
        return raw[2:4] == KDF_SCRYPT

    @classmethod
    def parse(cls, text: str, password: bytes | None = None) -> SecretKey:
        """A secret key file's text; ``password`` is needed when the key is encrypted."""
        raw = _unb64(_payload_line(text, "secret key"), "secret key")
        if len(raw) != _SECRET_LEN or raw[:2] != SIG_ALG or raw[4:6] != CHK_ALG:
            raise MinisignError("not a minisign Ed25519 secret key")
        kdf, salt = raw[2:4], raw[6:38]
        opslimit = int.from_bytes(raw[38:46], "little")
        memlimit = int.from_bytes(raw[46:54], "little")
        keynum = raw[54:]
        if kdf == KDF_SCRYPT:
            if password is None:
                raise WrongPassword("the secret key is protected by a password")
            try:
                stream = nacl.pwhash.scrypt.kdf(
                    _KEYNUM_LEN, password, salt, opslimit=opslimit, memlimit=memlimit
                )
            except (nacl.exceptions.CryptoError, ValueError) as exc:
                raise MinisignError(
                    f"the secret key's password cannot be applied ({exc})"
                ) from None
            keynum = bytes(a ^ b for a, b in zip(keynum, stream, strict=True))
        elif kdf != KDF_NONE:
            raise MinisignError("the secret key uses an unknown key derivation")
        key = cls(keynum[:8], keynum[8:72])
        checksum = keynum[72:]
        # minisign leaves the checksum of a key without a password as zeros.
        if (kdf == KDF_SCRYPT or checksum != bytes(32)) and checksum != key._checksum():
            raise WrongPassword("wrong password for the secret key")
        if nacl.signing.SigningKey(key.key[:32]).verify_key.encode() != key.key[32:]:
            raise MinisignError("the secret key is damaged (its two halves do not match)")
        return key


def generate() -> SecretKey:
    signing = nacl.signing.SigningKey.generate()
    return SecretKey(secrets.token_bytes(8), signing.encode() + signing.verify_key.encode())


def _check_comment(comment: str) -> None:
    if "\n" in comment or "\r" in comment:
        raise MinisignError("a comment must be one line")


def sign(
    data: bytes,
    key: SecretKey,
    trusted_comment: str,
    untrusted_comment: str = "signature from minisign secret key",
) -> str:
    """The ``.minisig`` text for ``data`` (prehashed, as ``minisign -S`` writes by default)."""
    _check_comment(trusted_comment)
    _check_comment(untrusted_comment)
    signer = nacl.signing.SigningKey(key.key[:32])
    digest = hashlib.blake2b(data, digest_size=64).digest()
    signature = signer.sign(digest).signature
    global_signature = signer.sign(signature + trusted_comment.encode("utf-8")).signature
    return (
        f"untrusted comment: {untrusted_comment}\n"
        f"{_b64(SIG_ALG_HASHED + key.key_id + signature)}\n"
        f"trusted comment: {trusted_comment}\n"
        f"{_b64(global_signature)}\n"
    )


@dataclass(frozen=True)
class Signature:
    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes

    @property
    def key_id_text(self) -> str:
        return key_id_text(self.key_id)

    @classmethod
    def parse(cls, text: str) -> Signature:
        lines = text.splitlines()
        if len(lines) < 4:
            raise MinisignError("the signature file is incomplete (fewer than four lines)")
        if not lines[0].startswith("untrusted comment:"):
            raise MinisignError("the signature file does not start with 'untrusted comment:'")
        raw = _unb64(lines[1], "signature")
        if len(raw) != 74 or raw[:2] not in (SIG_ALG, SIG_ALG_HASHED):
            raise MinisignError("not a minisign Ed25519 signature")
        prefix = "trusted comment: "
        if not lines[2].startswith(prefix):
            raise MinisignError("the signature file has no trusted comment line")
        global_signature = _unb64(lines[3], "signature's trusted comment")
        if len(global_signature) != 64:
            raise MinisignError("the signature of the trusted comment has the wrong length")
        return cls(raw[:2], raw[2:10], raw[10:], lines[2][len(prefix) :], global_signature)


def verify(data: bytes, signature_text: str, keys: list[PublicKey]) -> tuple[PublicKey, str]:
    """Check ``data`` against a ``.minisig`` text; returns the key used and trusted comment.

    Raises :class:`UntrustedKey` if no key in ``keys`` has the signature's key id, and
    :class:`MinisignError` if the signature, or the trusted comment, does not verify.
    """
    sig = Signature.parse(signature_text)
    key = next((k for k in keys if k.key_id == sig.key_id), None)
    if key is None:
        raise UntrustedKey(sig.key_id_text)
    verifier = nacl.signing.VerifyKey(key.key)
    message = data if sig.algorithm == SIG_ALG else hashlib.blake2b(data, digest_size=64).digest()
    try:
        verifier.verify(message, sig.signature)
    except nacl.exceptions.BadSignatureError:
        raise MinisignError("the signature does not match the file") from None
    try:
        verifier.verify(sig.signature + sig.trusted_comment.encode("utf-8"), sig.global_signature)
    except nacl.exceptions.BadSignatureError:
        raise MinisignError("the signature's trusted comment has been changed") from None
    return key, sig.trusted_comment


class UntrustedKey(MinisignError):
    """The signature was made by a key that is not in the trusted list."""

    def __init__(self, key_id: str) -> None:
        super().__init__(f"signed by key {key_id}, which is not a trusted key")
        self.key_id = key_id
