"""Writing the directory out: as JSON, as CSV, or as the CSV template to fill in.

One place for ``services export`` and the Directory screen's "Export…" and "Get the
template…", so both write the same bytes. The directory holds services only, never a
patient's details; the file is written atomically where the user chose.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from spotter.directory import Directory, directory_to_json
from spotter.importing.csvformat import template_text, write_csv
from spotter.system.files import write_file_atomically


class ExportKind(StrEnum):
    JSON = "json"
    CSV = "csv"
    #: The CSV template: the header, an example row to delete, then every service.
    TEMPLATE = "template"


def export_bytes(directory: Directory, kind: ExportKind) -> bytes:
    """The file's bytes. CSV is UTF-8 with a byte-order mark so Excel shows accents and curly
    quotes correctly."""
    if kind is ExportKind.TEMPLATE:
        return template_text(directory).encode("utf-8-sig")
    if kind is ExportKind.CSV:
        return write_csv(directory.services, example=False).encode("utf-8-sig")
    text = json.dumps(directory_to_json(directory), indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8")


def kind_for(path: Path) -> ExportKind:
    """The export a file name asks for: CSV for ``.csv``, else JSON."""
    return ExportKind.CSV if path.suffix.casefold() == ".csv" else ExportKind.JSON


def export_directory(directory: Directory, target: Path, kind: ExportKind) -> int:
    """Write ``directory`` to ``target`` (atomically); the number of services written.

    Raises :class:`OSError` when the file cannot be written (nothing is left behind).
    """
    write_file_atomically(target, export_bytes(directory, kind))
    return len(directory.services)


def export_message(count: int, target: Path, kind: ExportKind) -> str:
    """What was written, in words."""
    if kind is ExportKind.TEMPLATE:
        return (
            f"wrote the CSV template with {count} services to {target} "
            "(delete the example row before importing)"
        )
    return f"exported {count} services to {target}"


__all__ = ["ExportKind", "export_bytes", "export_directory", "export_message", "kind_for"]
