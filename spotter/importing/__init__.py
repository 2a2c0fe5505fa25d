"""Importing an updated services file safely (CSV or JSON), with preview, history and rollback.

The API the CLI and the GUI call (none of it imports Qt)::

    validate_file(path) -> ValidatedFile            # the report; services when valid
    plan_import(store, path, mode) -> ImportPlan     # report + diff against the directory
    apply_import(store, plan) -> ImportRecord        # one transaction, previous kept
    rollback(store) -> ImportRecord                  # undo the last import
    history(store) -> list[ImportRecord]

Nothing here raises for a bad file: problems are collected in a :class:`ValidationReport`;
``apply_import`` and ``rollback`` raise only :class:`ImportValidationError`.
"""

from spotter.importing.csvformat import COLUMNS, template_text, write_csv
from spotter.importing.plan import (
    Diff,
    FieldChange,
    ImportMode,
    ImportPlan,
    ImportRecord,
    NothingToRollBack,
    ProgressCallback,
    ServiceChange,
    ValidatedFile,
    apply_import,
    history,
    plan_import,
    rollback,
    validate_file,
)
from spotter.importing.reading import MAX_FILE_BYTES
from spotter.importing.report import ImportValidationError, Problem, ValidationReport
from spotter.importing.validate import TEMPLATE_EXAMPLE_ID

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "TEMPLATE_EXAMPLE_ID",
    "Diff",
    "FieldChange",
    "ImportMode",
    "ImportPlan",
    "ImportRecord",
    "ImportValidationError",
    "NothingToRollBack",
    "Problem",
    "ProgressCallback",
    "ServiceChange",
    "ValidatedFile",
    "ValidationReport",
    "apply_import",
    "history",
    "plan_import",
    "rollback",
    "template_text",
    "validate_file",
    "write_csv",
]
