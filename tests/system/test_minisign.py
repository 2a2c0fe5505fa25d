"""Keys and signatures are byte-compatible with the ``minisign`` tool, both ways.

The files in tests/data/minisign/ were made by minisign 0.11: ``plain.key`` with ``-W`` (no
password), ``encrypted.key`` with the password ``pw``, and ``message.txt.minisig`` /
``message-encrypted-key.minisig`` with ``-t "spotter test"``. Ed25519 is deterministic, so
signing the same file with the same key and comment must give minisign's exact bytes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nacl.pwhash.scrypt
import pytest

from spotter.system import minisign

DATA = Path(__file__).parents[1] / "data" / "minisign"
MESSAGE = (DATA / "message.txt").read_bytes()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="ascii").splitlines()


def test_a_minisign_key_signs_exactly_as_minisign_does() -> None:
    key = minisign.SecretKey.parse((DATA / "plain.key").read_text())
    ours = minisign.sign(MESSAGE, key, "spotter test").splitlines()
    assert ours[1:] == _lines(DATA / "message.txt.minisig")[1:]
    assert key.public.to_file_text() == (DATA / "plain.pub").read_text()


def test_minisign_signatures_verify_and_name_their_key() -> None:
    public = minisign.PublicKey.parse((DATA / "encrypted.pub").read_text())
    key, comment = minisign.verify(
        MESSAGE, (DATA / "message-encrypted-key.minisig").read_text(), [public]
    )
    assert key == public and comment == "spotter test"
    # The one-line form (as spotter.toml lists it) is the same key.
    assert minisign.PublicKey.parse(public.to_base64()) == public


def test_a_password_protected_minisign_key_opens_with_its_password_only() -> None:
    text = (DATA / "encrypted.key").read_text()
    assert minisign.SecretKey.is_encrypted(text)
    key = minisign.SecretKey.parse(text, b"pw")  # minisign's own limits: about 1 GiB, seconds
    assert key.public == minisign.PublicKey.parse((DATA / "encrypted.pub").read_text())
    signed = minisign.sign(MESSAGE, key, "spotter test").splitlines()
    assert signed[1:] == _lines(DATA / "message-encrypted-key.minisig")[1:]
    with pytest.raises(minisign.WrongPassword):
        minisign.SecretKey.parse(text, None)


def test_our_encrypted_keys_round_trip_and_refuse_a_wrong_password() -> None:
    key = minisign.generate()
    limits = {
        "opslimit": nacl.pwhash.scrypt.OPSLIMIT_MIN,
        "memlimit": nacl.pwhash.scrypt.MEMLIMIT_MIN,
    }
    text = key.to_file_text(b"correct horse", **limits)
    assert minisign.SecretKey.parse(text, b"correct horse") == key
    with pytest.raises(minisign.WrongPassword, match="wrong password"):
        minisign.SecretKey.parse(text, b"wrong horse")
    assert minisign.SecretKey.parse(key.to_file_text(None)) == key


def test_changed_data_comment_or_key_is_refused() -> None:
    key = minisign.generate()
    other = minisign.generate()
    text = minisign.sign(b"pack bytes", key, "version 2")
    assert minisign.verify(b"pack bytes", text, [other.public, key.public])[1] == "version 2"
    with pytest.raises(minisign.MinisignError, match="does not match"):
        minisign.verify(b"pack byteS", text, [key.public])
    with pytest.raises(minisign.MinisignError, match="trusted comment"):
        minisign.verify(b"pack bytes", text.replace("version 2", "version 9"), [key.public])
    with pytest.raises(minisign.UntrustedKey, match=key.public.id_text):
        minisign.verify(b"pack bytes", text, [other.public])
    with pytest.raises(minisign.MinisignError, match="incomplete"):
        minisign.verify(b"pack bytes", "\n".join(text.splitlines()[:2]), [key.public])


def test_malformed_keys_say_what_is_wrong() -> None:
    with pytest.raises(minisign.MinisignError, match="base64"):
        minisign.PublicKey.parse("not base64 !!")
    with pytest.raises(minisign.MinisignError, match="public key"):
        minisign.PublicKey.parse("RWQAAAAA")
    with pytest.raises(minisign.MinisignError, match="empty"):
        minisign.PublicKey.parse("  ")


@pytest.mark.skipif(shutil.which("minisign") is None, reason="the minisign tool is not installed")
def test_the_minisign_tool_verifies_our_signature(tmp_path: Path) -> None:
    key = minisign.generate()
    (tmp_path / "pack").write_bytes(b"a pack")
    (tmp_path / "pack.minisig").write_text(minisign.sign(b"a pack", key, "spotter"))
    done = subprocess.run(
        ["minisign", "-V", "-P", key.public.to_base64(), "-m", str(tmp_path / "pack")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Trusted comment: spotter" in done.stdout
