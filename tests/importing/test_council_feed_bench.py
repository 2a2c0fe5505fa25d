"""The benchmark's council feed (``bench/council_feed.py``) imports as a real one would.

The import benchmark is only worth its figures if its feed takes the paths a council's feed
takes: HTML made plain, ``pc_*`` keys listed as not kept, services without areas given the
``--area``, phones from locations and contacts, and every service imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from spotter.importing import apply_import, plan_import
from spotter.store.database import open_store

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

from council_feed import write_council_feed


def test_the_benchmark_feed_imports_every_service_with_the_councils_paths(tmp_path: Path) -> None:
    feed = write_council_feed(tmp_path / "feed.json", 40)
    with open_store(tmp_path / "s.sqlite3") as store:
        plan = plan_import(store, feed, "merge", area="Kent")
        assert plan.ok, plan.report.render()
        assert plan.diff.counts()["added"] == 40
        apply_import(store, plan)
        directory = store.load_directory()
    kept = dict(plan.file.not_kept)
    assert kept["pc_*"] == 5 * 40 and kept["funding"] == 40  # five pc_ keys a service
    text = plan.report.render()
    assert "HTML in the text of 40 services made plain" in text
    assert "given the file's default area 'Kent'" in text
    service = next(s for s in directory.services if s.name.endswith(" Service 3"))
    assert "<" not in service.description and "don’t need a referral" in service.description
    assert "\n- One-to-one support – " in service.description
    assert len(service.phones) == 2  # the location's and the contact's
    assert plan.file.page is not None and not plan.file.page.partial
