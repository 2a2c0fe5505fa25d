"""Practices: trusted keys in spotter.toml, the managed file as a pack, doctor's report."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from import_samples import row, write_csv
from pack_helpers import build_and_sign, cli, keygen, write_site_config

from spotter.admin.doctor import run_doctor
from spotter.directory import directory_to_json
from spotter.importing.managed import sync_managed_directory
from spotter.packs.pack import signature_path
from spotter.store.database import open_store
from spotter.store.deployment import DeploymentError, load_deployment


def test_trusted_keys_are_read_and_a_malformed_one_is_named(tmp_path: Path) -> None:
    _secret, key = keygen(tmp_path)
    config = write_site_config(None, [key])
    deployment = load_deployment()
    assert deployment.trusted_keys == (key.to_base64(),)
    assert "directory.trusted_keys" in deployment.keys_set
    config.write_text('[directory]\ntrusted_keys = ["RWQnot-a-key"]\n', encoding="utf-8")
    with pytest.raises(DeploymentError, match=r"directory\.trusted_keys\[0\]: .*base64"):
        load_deployment()
    config.write_text('[directory]\ntrusted_keys = "RWQ"\n', encoding="utf-8")
    with pytest.raises(DeploymentError, match="expected a list of public keys"):
        load_deployment()


def test_with_trusted_keys_a_plain_services_file_is_refused(tmp_path: Path) -> None:
    """Write access to the share must not be enough to replace a signed directory."""
    _secret, key = keygen(tmp_path)
    plain = write_csv(tmp_path / "services.csv", [row(id="slipped-in", areas="Kent")])
    write_site_config(plain, [key])
    with open_store(tmp_path / "s.sqlite3") as store:
        before = directory_to_json(store.load_directory())
        outcome = sync_managed_directory(store, load_deployment())
        assert outcome.problem and "not a signed service pack" in outcome.message
        assert directory_to_json(store.load_directory()) == before
    out = io.StringIO()
    assert run_doctor(out) == 1
    assert "not a signed service pack" in out.getvalue()


def test_a_pack_without_trusted_keys_is_refused(tmp_path: Path) -> None:
    secret, _key = keygen(tmp_path)
    pack = build_and_sign(tmp_path, secret, version=1)
    write_site_config(pack, [])
    with open_store(tmp_path / "s.sqlite3") as store:
        outcome = sync_managed_directory(store, load_deployment())
    assert outcome.problem and "no trusted pack keys" in outcome.message


def test_a_changed_signature_alone_triggers_a_fresh_check(tmp_path: Path) -> None:
    secret, key = keygen(tmp_path)
    pack = build_and_sign(tmp_path, secret, version=1)
    write_site_config(pack, [key])
    with open_store(tmp_path / "s.sqlite3") as store:
        assert sync_managed_directory(store, load_deployment()).status == "imported"
        assert sync_managed_directory(store, load_deployment()).status == "unchanged"
        other_secret, _other = keygen(tmp_path, "stranger")
        assert cli("pack", "sign", str(pack), "--key", str(other_secret))[0] == 0
        outcome = sync_managed_directory(store, load_deployment())
        assert outcome.problem and "not a trusted key" in outcome.message


def test_pack_install_and_status_on_the_command_line(tmp_path: Path) -> None:
    secret, key = keygen(tmp_path)
    pack = build_and_sign(tmp_path, secret, version=3)
    data = ["--data-dir", str(tmp_path / "practice")]
    status, _out, err = cli("pack", "install", str(pack), *data)
    assert status == 2 and "no trusted pack keys" in err
    write_site_config(None, [key])
    status, out, err = cli("pack", "install", str(pack), *data)
    assert status == 0, err
    assert "Installed Kent and Medway ICB, pack kent-and-medway-icb version 3" in out
    status, _out, err = cli("pack", "install", str(pack), *data)
    assert status == 2 and "not newer than version 3" in err and err.count("\n") == 1
    status, out, _err = cli("pack", "status", "--json", *data)
    assert '"version": 3' in out and '"in_use": true' in out
    copy = tmp_path / "copy.spotterpack"
    shutil.copy(pack, copy)
    status, _out, err = cli("pack", "install", str(copy), *data)
    assert status == 2 and "no signature file copy.spotterpack.minisig" in err
    assert not signature_path(copy).exists()
