"""Services files for the importer's tests: written here so every test builds what it needs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from spotter.importing import COLUMNS
from spotter.places.gazetteer import default_gazetteer


def lad_names() -> list[str]:
    return sorted({a.display_name for a in default_gazetteer().areas() if a.in_uk})


def row(**values: str) -> dict[str, str]:
    base = {c: "" for c in COLUMNS}
    base.update(
        {
            "id": "test-service",
            "organisation_id": "test-org",
            "organisation": "Test Organisation",
            "name": "Test Stalking Service",
            "scope": "local",
            "status": "active",
            "areas": "Kent",
            "phones": "020 7946 0018",
            "source": "tests",
        }
    )
    base.update(values)
    return base


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(csv_text(rows).encode(encoding))
    return path


def large_rows(count: int, *, tag: str = "") -> list[dict[str, str]]:
    """``count`` valid services spread over every UK council area (500 organisations)."""
    names = lad_names()
    rows = []
    for i in range(count):
        rows.append(
            row(
                id=f"svc-{i:05d}",
                organisation_id=f"org-{i % 500:03d}",
                organisation=f"Organisation {i % 500:03d}",
                name=f"Stalking Advocacy Service {i}{tag}",
                description=f"Specialist advocacy, entry {i}{tag}",
                areas=f"{names[i % len(names)]}; {names[(i * 7 + 3) % len(names)]}",
                phones=f"020 7946 0{i % 1000:03d}; text:020 7946 0{(i + 1) % 1000:03d} (text)",
                email=f"team{i}@example.org.uk",
                url=f"https://example.org.uk/services/{i}",
                schedules="MO-FR 09:00-17:00",
                assured_date="2025-06-01",
                source=f"generated for tests{tag}",
            )
        )
    return rows
