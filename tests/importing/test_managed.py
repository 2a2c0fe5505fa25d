"""The administrator's managed services file: applied when changed, never half-applied."""

from __future__ import annotations

from pathlib import Path

from import_samples import row, write_csv

from spotter.directory import directory_to_json
from spotter.importing.managed import sync_managed_directory
from spotter.store.database import open_store
from spotter.store.deployment import Deployment


def _deployment(path: Path, mode: str = "merge") -> Deployment:
    return Deployment(
        path=Path("spotter.toml"), managed_services_file=path, managed_import_mode=mode
    )


def test_a_changed_file_is_imported_once(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "icb.csv", [row(id="icb-advocacy", areas="Kent")])
    with open_store(tmp_path / "s.sqlite3") as store:
        first = sync_managed_directory(store, _deployment(source))
        assert first.status == "imported", first.message
        assert store.load_directory().get("icb-advocacy") is not None
        again = sync_managed_directory(store, _deployment(source))
        assert again.status == "unchanged"
        write_csv(source, [row(id="icb-advocacy", areas="Kent", name="Renamed Advocacy")])
        third = sync_managed_directory(store, _deployment(source))
        assert third.status == "imported"
        service = store.load_directory().get("icb-advocacy")
        assert service is not None and service.name == "Renamed Advocacy"


def test_an_invalid_or_missing_file_keeps_the_directory(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3") as store:
        before = directory_to_json(store.load_directory())
        bad = write_csv(tmp_path / "bad.csv", [row(id="x", areas="Kentt")])
        outcome = sync_managed_directory(store, _deployment(bad))
        assert outcome.problem and "current directory is kept" in outcome.message
        assert "Kent" in outcome.message  # the did-you-mean suggestion travels with it
        missing = sync_managed_directory(store, _deployment(tmp_path / "nowhere.csv"))
        assert missing.problem and "could not be read" in missing.message
        assert directory_to_json(store.load_directory()) == before


def test_no_managed_file_does_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3") as store:
        assert sync_managed_directory(store, Deployment()).status == "none"


def test_the_deployment_file_feeds_the_managed_file_at_start(tmp_path: Path) -> None:
    import os

    from ui.startup import sync_at_start

    (tmp_path / "share").mkdir()
    source = write_csv(tmp_path / "share" / "services.csv", [row(id="icb-advocacy", areas="Kent")])
    site = Path(os.environ["SPOTTER_SITE_CONFIG_DIR"])
    site.mkdir(parents=True, exist_ok=True)
    (site / "spotter.toml").write_text(
        f"[settings]\npractice_name = 'Locked Surgery'\n\n"
        f"[directory]\nmanaged_services_file = '{source}'\nmode = 'merge'\n",
        encoding="utf-8",
    )
    with open_store(tmp_path / "s.sqlite3") as store:
        outcome = sync_at_start(store)
        assert outcome.status == "imported", outcome.message
        assert store.load_directory().get("icb-advocacy") is not None
        assert sync_at_start(store).status == "unchanged"
