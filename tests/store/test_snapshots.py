"""One snapshot per read: a directory load, and an import's plan, never mix two states."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from spotter.directory import directory_to_json, load_bundled_directory
from spotter.importing import ImportValidationError, apply_import, plan_import
from spotter.store.database import Store, open_store


def _write_elsewhere(db_path: Path, count: int) -> None:
    """Another connection (as another process would) replaces the directory."""
    with open_store(db_path) as other:
        directory = other.load_directory()
        other.replace_directory(
            replace(directory, services=directory.services[:count]), source="elsewhere"
        )


def test_reads_inside_a_snapshot_see_one_state(tmp_path: Path) -> None:
    db_path = tmp_path / "s.sqlite3"
    with open_store(db_path) as store:
        full = store.service_count()
        with store.snapshot():
            assert store.service_count() == full
            _write_elsewhere(db_path, 3)
            assert store.service_count() == full  # still the snapshot's state
            assert store.get_meta("directory_source") == "bundled"
        assert store.service_count() == 3


def test_a_directory_load_is_not_torn_by_a_commit_between_its_reads(tmp_path: Path) -> None:
    """The reported torn read: new services paired with the old areas (or none)."""
    db_path = tmp_path / "s.sqlite3"
    with open_store(db_path) as store:
        before = store.load_directory()
        selects: list[str] = []

        def commit_elsewhere_during_the_load(sql: str) -> None:
            if sql.lstrip().upper().startswith("SELECT"):
                selects.append(sql)
                if len(selects) == 2:  # the organisations are read; the areas are next
                    _write_elsewhere(db_path, 2)

        store.db.conn.set_trace_callback(commit_elsewhere_during_the_load)
        try:
            loaded, _revision = store.load_directory_and_revision()
        finally:
            store.db.conn.set_trace_callback(None)
        assert len(selects) > 2
        assert loaded.services == before.services  # wholly the old directory
        assert len(store.load_directory().services) == 2  # and the next load the new one


def test_plan_and_apply_compare_revisions_from_the_same_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "s.sqlite3"
    source = tmp_path / "services.json"
    import json

    source.write_text(json.dumps(directory_to_json(load_bundled_directory())), encoding="utf-8")
    with open_store(db_path) as store:
        real = Store._load_directory

        done: list[bool] = []

        def load_then_someone_imports(self: Store) -> object:
            directory = real(self)
            if not done:
                done.append(True)
                _write_elsewhere(db_path, 2)  # an import elsewhere, between the two reads
            return directory

        monkeypatch.setattr(Store, "_load_directory", load_then_someone_imports)
        plan = plan_import(store, source, "replace")
        monkeypatch.setattr(Store, "_load_directory", real)
        assert plan.ok, plan.report.render()
        # the plan holds the old directory and the old revision: applying it is refused
        with pytest.raises(ImportValidationError, match="changed since this preview"):
            apply_import(store, plan)
        assert len(store.load_directory().services) == 2
