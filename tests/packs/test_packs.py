"""Signed service packs: built from feeds, verified offline, refused when anything is off.

Every refusal is one line naming the pack, and leaves the practice's directory, its pack
record and its import history exactly as they were.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from pack_helpers import ORUK_FEED, build_and_sign, cli, csv_feed, keygen

from spotter.directory import directory_to_json
from spotter.packs.install import install_pack, installed_pack
from spotter.packs.pack import PackError, parse_pack, signature_path, verify_pack
from spotter.store.database import Store, open_store
from spotter.system import minisign

TODAY = date.today()


def _state(store: Store) -> str:
    """Everything an install could change: directory, pack record, versions, history."""
    return json.dumps(
        [
            directory_to_json(store.load_directory()),
            store.get_meta("pack_installed"),
            store.get_meta("pack_versions"),
            store.import_history(),
        ],
        sort_keys=True,
        default=str,
    )


@pytest.fixture
def curator(tmp_path: Path) -> tuple[Path, minisign.PublicKey]:
    return keygen(tmp_path)


def _installed_store(tmp_path: Path, pack: Path, key: minisign.PublicKey) -> Store:
    store = open_store(tmp_path / "practice.sqlite3")
    install_pack(store, pack, [key])
    return store


def test_build_records_manifest_sources_and_coverage(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    pack = build_and_sign(tmp_path, secret, version=3)
    verified = verify_pack(pack, [key], TODAY)
    m = verified.manifest
    assert (m.publisher, m.pack_id, m.version) == ("Kent and Medway ICB", "kent-and-medway-icb", 3)
    assert m.issued == TODAY and m.valid_until == TODAY + timedelta(days=90)
    assert [s.file for s in m.sources] == ["kent-feed.csv", "oruk-services.json"]
    assert m.sources[0].date == date(2026, 10, 1)  # the newest date in the feed
    assert m.service_count == 4
    assert "E07000110" in m.coverage  # Maidstone, from the Kent service
    assert all(len(code) == 9 for code in m.coverage)
    assert verified.key_id == key.id_text


def test_an_id_in_two_inputs_or_an_invalid_input_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    twice = csv_feed(tmp_path, "twice.csv", id="paladin-advocacy")
    status, _out, err = cli(
        "pack", "build", str(twice), str(ORUK_FEED), "--publisher", "ICB",
        "--valid-days", "30", "--out", str(tmp_path / "p.spotterpack"),
    )  # fmt: skip
    assert status == 2 and "'paladin-advocacy' is also in twice.csv" in err
    bad = csv_feed(tmp_path, "bad.csv", areas="Kentt")
    status, _out, err = cli(
        "pack", "build", str(bad), "--publisher", "ICB", "--valid-days", "30",
        "--out", str(tmp_path / "p.spotterpack"),
    )  # fmt: skip
    assert status == 2 and "bad.csv" in err and "Kent" in err
    assert not (tmp_path / "p.spotterpack").exists()


def test_verify_cli_reports_the_manifest(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, _key = curator
    pack = build_and_sign(tmp_path, secret, version=5)
    status, out, err = cli("pack", "verify", str(pack), "--key", str(tmp_path / "icb.pub"))
    assert status == 0, err
    assert "signature good" in out and "version 5" in out
    status, out, _ = cli("pack", "verify", str(pack), "--key", str(tmp_path / "icb.pub"), "--json")
    assert json.loads(out)["version"] == 5
    # With no --key, the trusted keys come from spotter.toml: none there, so refused.
    status, _out, err = cli("pack", "verify", str(pack))
    assert status == 2 and "no trusted pack keys" in err


def test_keygen_protects_the_key_with_a_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nacl.pwhash.scrypt

    from spotter.cli import pack as pack_cli

    # Cheaper limits than minisign's for the test; the file still records them for minisign.
    monkeypatch.setattr(minisign, "OPSLIMIT", nacl.pwhash.scrypt.OPSLIMIT_MIN)
    monkeypatch.setattr(minisign, "MEMLIMIT", nacl.pwhash.scrypt.MEMLIMIT_MIN)
    answers = iter([b"s3cret", b"s3cret", b"s3cret"])
    monkeypatch.setattr(pack_cli, "ask_password", lambda prompt: next(answers))
    secret, public = tmp_path / "k.key", tmp_path / "k.pub"
    status, out, err = cli("pack", "keygen", "--secret", str(secret), "--public", str(public))
    assert status == 0, err
    assert "trusted_keys" in out
    assert minisign.SecretKey.is_encrypted(secret.read_text())
    status, _out, err = cli("pack", "keygen", "--secret", str(secret), "--public", str(public))
    assert status == 2 and "already exists" in err
    pack = build_and_sign(tmp_path, secret, version=1)  # asks for the password once
    assert verify_pack(pack, [minisign.PublicKey.parse(public.read_text())], TODAY)
    monkeypatch.setattr(pack_cli, "ask_password", lambda prompt: b"wrong")
    status, _out, err = cli("pack", "sign", str(pack), "--key", str(secret))
    assert status == 2 and "wrong password" in err


# --- refusals: one line each, nothing changed ---------------------------------------------


def _refused(store: Store, pack: Path, keys: list[minisign.PublicKey], match: str) -> str:
    before = _state(store)
    with pytest.raises(PackError, match=match) as caught:
        install_pack(store, pack, keys)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(pack.name)
    assert _state(store) == before
    return message


def test_one_byte_changed_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    pack = build_and_sign(tmp_path, secret, version=2)
    data = bytearray(pack.read_bytes())
    at = data.index(b"0808 802 0300") if b"0808 802 0300" in data else len(data) // 2
    data[at + 1] ^= 0x01
    pack.write_bytes(bytes(data))
    with open_store(tmp_path / "p.sqlite3") as store:
        _refused(store, pack, [key], "signature check failed")


def test_another_packs_signature_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    first = build_and_sign(tmp_path, secret, version=2, name="a.spotterpack")
    second = build_and_sign(tmp_path, secret, version=3, name="b.spotterpack")
    shutil.copy(signature_path(first), signature_path(second))
    with open_store(tmp_path / "p.sqlite3") as store:
        _refused(store, second, [key], "signature check failed")


def test_a_truncated_pack_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    pack = build_and_sign(tmp_path, secret, version=2)
    pack.write_bytes(pack.read_bytes()[:500])
    with open_store(tmp_path / "p.sqlite3") as store:
        _refused(store, pack, [key], "signature check failed")


def test_an_edited_manifest_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    pack = build_and_sign(tmp_path, secret, version=2)
    body = json.loads(pack.read_text())
    body["manifest"]["valid_until"] = "2099-12-31"
    pack.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n")
    with open_store(tmp_path / "p.sqlite3") as store:
        _refused(store, pack, [key], "signature check failed")


def test_a_pack_past_valid_until_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    pack = build_and_sign(tmp_path, secret, version=2, valid_days=10)
    with open_store(tmp_path / "p.sqlite3") as store:
        before = _state(store)
        with pytest.raises(PackError, match=r"expired on .*ask your ICB"):
            install_pack(store, pack, [key], today=TODAY + timedelta(days=11))
        assert _state(store) == before


def test_a_replayed_or_older_version_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    older = build_and_sign(tmp_path, secret, version=4, name="v4.spotterpack")
    same = build_and_sign(tmp_path, secret, version=5, name="v5-again.spotterpack")
    newer = build_and_sign(tmp_path, secret, version=5, name="v5.spotterpack")
    with _installed_store(tmp_path, newer, key) as store:
        _refused(store, same, [key], "version 5 is not newer than version 5")
        _refused(store, older, [key], "version 4 is not newer than version 5 already installed")
        # A local rollback still works and does not lower the version seen.
        from spotter.importing import rollback

        rollback(store)
        _refused(store, older, [key], "not newer")


def test_an_untrusted_key_or_a_missing_signature_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    _other_secret, other = keygen(tmp_path, "someone-else")
    pack = build_and_sign(tmp_path, secret, version=2)
    with open_store(tmp_path / "p.sqlite3") as store:
        message = _refused(store, pack, [other], "not a trusted key")
        assert key.id_text in message
        _refused(store, pack, [], "no trusted pack keys")
        signature_path(pack).unlink()
        _refused(store, pack, [key], "no signature file kent.spotterpack.minisig")


def test_a_signed_but_malformed_pack_is_refused(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    """Even a validly signed file is checked: manifest fields and the services themselves.

    (``pack sign`` refuses to sign such a file; the minisign tool would sign anything.)
    """
    secret, key = curator
    signer = minisign.SecretKey.parse(secret.read_text())
    pack = build_and_sign(tmp_path, secret, version=2)
    body = json.loads(pack.read_text())

    def sign_as_is() -> None:
        data = json.dumps(body).encode()
        pack.write_bytes(data)
        signature_path(pack).write_text(minisign.sign(data, signer, "by hand"))

    body["manifest"]["service_count"] = 99
    sign_as_is()
    status, _out, err = cli("pack", "sign", str(pack), "--key", str(secret))
    assert status == 2 and "service_count says 99" in err
    with open_store(tmp_path / "p.sqlite3") as store:
        _refused(store, pack, [key], "service_count says 99")
        body["manifest"]["service_count"] = 4
        body["directory"]["services"][0]["phones"] = [{"number": "12", "type": "voice"}]
        sign_as_is()
        _refused(store, pack, [key], "services are not valid")


def test_install_then_status_shows_the_pack_in_use(
    tmp_path: Path, curator: tuple[Path, minisign.PublicKey]
) -> None:
    secret, key = curator
    pack = build_and_sign(tmp_path, secret, version=7)
    with _installed_store(tmp_path, pack, key) as store:
        status = installed_pack(store)
        assert status is not None and status.in_use and status.manifest.version == 7
        assert status.banner(TODAY) is None
        assert status.banner(status.manifest.valid_until + timedelta(days=1)) is not None
        directory = store.load_directory()
        assert directory.get("kent-stalking-advocacy") is not None
        assert directory.get("national-stalking-helpline") is not None  # always kept
        assert directory.version == "7"
        assert store.import_history()[0]["file_name"] == "kent.spotterpack"
        from spotter.importing import rollback

        rollback(store)
        after = installed_pack(store)
        assert after is not None and not after.in_use
        assert "changed locally" in after.describe()


def test_the_pack_file_is_what_minisign_signs() -> None:
    """Sanity: a pack is recognised by its first bytes and parses back to its manifest."""
    from spotter.packs.build import build_pack

    manifest, data = build_pack([ORUK_FEED], publisher="Test ICB", valid_days=5, version=1)
    assert data.startswith(b'{\n "format": "spotter-pack/1"')
    assert parse_pack(data, "x").manifest == manifest
