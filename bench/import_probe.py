"""One import of a council feed in a process of its own, for bench/run.py's import figures.

    python bench/import_probe.py spotter FEED STORE [--select]
    python bench/import_probe.py baseline FEED STORE DIRECTORY_PICKLE

Each run is a fresh process so that its peak memory (``ru_maxrss``) is its own. The gazetteer
and the bundled directory are loaded first, as the app has them before an import starts; the
clock starts after that. ``spotter``: read, (select,) validate, plan and apply with
``--area Kent``, as ``spotter services import`` does. ``baseline``: ``json.load`` of the same
file and ``Store.replace_directory`` of the same services, with no checks (the directory is
unpickled before the clock starts). Prints one JSON object.
"""

from __future__ import annotations

import json
import pickle
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _peak_mb() -> float:
    """This process's peak resident memory.

    On Linux, ``VmHWM``: ``ru_maxrss`` keeps the peak of the process that started this one
    (bench/run.py, holding the feed) across ``exec``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def main(argv: list[str]) -> int:
    from spotter.directory import load_bundled_directory
    from spotter.importing.plan import protected_ids
    from spotter.places.gazetteer import default_gazetteer
    from spotter.store.database import open_store

    mode, feed, store_path = argv[1], Path(argv[2]), Path(argv[3])
    default_gazetteer()  # the app loads these at start, not for an import
    load_bundled_directory()
    protected_ids()
    result: dict[str, float] = {"ready_mb": _peak_mb()}
    if mode == "spotter":
        from spotter.importing import apply_import, plan_import

        select = [] if "--select" in argv else None
        with open_store(store_path) as store:
            start, cpu = time.perf_counter(), time.process_time()
            plan = plan_import(store, feed, "merge", area="Kent", select=select)
            planned = time.perf_counter()
            if not plan.ok:
                print(plan.report.render(), file=sys.stderr)
                return 1
            apply_import(store, plan)
            applied, cpu = time.perf_counter(), time.process_time() - cpu
        result.update(
            cpu=cpu,
            plan=planned - start,
            apply=applied - planned,
            total=applied - start,
            services=float(len(plan.file.services)),
        )
    else:
        directory = pickle.loads(Path(argv[4]).read_bytes())
        with open_store(store_path) as store:
            start, cpu = time.perf_counter(), time.process_time()
            with feed.open(encoding="utf-8") as handle:
                data = json.load(handle)
            del data
            store.replace_directory(directory, source=feed.name)
            result["total"] = time.perf_counter() - start
            result["cpu"] = time.process_time() - cpu
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
