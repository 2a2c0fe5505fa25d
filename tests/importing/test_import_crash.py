"""Power cut mid-import: kill `main.py services import` at random moments of a 10,000-service
import; the directory is always exactly the old one or the new one, and the file is healthy."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from import_samples import large_rows, write_csv

from spotter.directory import directory_to_json
from spotter.store.database import open_store

ROOT = Path(__file__).resolve().parents[2]
KILLS = 16


def _import(data_dir: Path, file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "services",
            "import",
            str(file),
            "--mode",
            "replace",
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _state(data_dir: Path) -> tuple[str, list[str]]:
    with open_store(data_dir / "spotter.sqlite3", seed=False) as store:
        problems = store.integrity_check()
        text = json.dumps(directory_to_json(store.load_directory()), sort_keys=True)
    return text, problems


@pytest.mark.slow
def test_killing_an_import_leaves_the_old_or_the_new_directory(tmp_path: Path) -> None:
    rng = random.Random(20261126)
    big = write_csv(tmp_path / "big.csv", large_rows(10_000))
    pristine = tmp_path / "pristine"
    open_store(pristine / "spotter.sqlite3").close()
    old, problems = _state(pristine)
    assert problems == []

    # One import left to finish: the new directory, and how long an import takes.
    finished = tmp_path / "finished"
    shutil.copytree(pristine, finished)
    started = time.perf_counter()
    proc = _import(finished, big)
    _, stderr = proc.communicate(timeout=120)
    duration = time.perf_counter() - started
    assert proc.returncode == 0, stderr.decode()
    new, problems = _state(finished)
    assert problems == [] and new != old
    assert json.loads(new)["services"][1]["id"] == "svc-00000"

    outcomes = {"old": 0, "new": 0, "killed while writing": 0}
    for i in range(KILLS):
        data_dir = tmp_path / f"run-{i}"
        shutil.copytree(pristine, data_dir)
        proc = _import(data_dir, big)
        began = time.perf_counter()
        if i % 2:  # anywhere in the run: start-up, reading, checking, writing
            time.sleep(rng.uniform(0.05, duration))
        else:  # while the transaction is writing: once the write-ahead log starts to grow
            wal = data_dir / "spotter.sqlite3-wal"
            while proc.poll() is None and time.perf_counter() - began < 60:
                if wal.exists() and wal.stat().st_size > 0:
                    break
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.35))
        delay = time.perf_counter() - began
        wal = data_dir / "spotter.sqlite3-wal"
        writing = proc.poll() is None and wal.exists() and wal.stat().st_size > 0
        proc.kill()  # SIGKILL: no clean-up code runs, like a power cut
        proc.communicate(timeout=30)
        state, problems = _state(data_dir)
        assert problems == [], f"kill {i} after {delay:.2f}s: {problems}"
        assert state in (old, new), f"kill {i} after {delay:.2f}s left a mixed directory"
        outcomes["old" if state == old else "new"] += 1
        outcomes["killed while writing"] += writing
        with open_store(data_dir / "spotter.sqlite3", seed=False) as store:
            history = store.import_history()
        assert len(history) == (1 if state == new else 0)
        shutil.rmtree(data_dir)
    print(f"import takes {duration:.2f}s; after {KILLS} kills: {outcomes}")
    assert outcomes["old"] > 0 and outcomes["killed while writing"] >= 3
