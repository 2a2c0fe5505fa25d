"""Settings: the practice's own details (never a patient's); locked keys are read-only."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spotter.store.database import Store, StoreError, store_error
from spotter.store.settings import (
    DEFAULT_IDLE_TIMEOUT_MINUTES,
    DEFAULT_REVIEW_MONTHS,
    SPECS,
    Settings,
    SettingsError,
    save_settings,
    validate,
)
from ui.widgets import announce, button, label, mark_invalid, title

LOCKED_NOTE = "Set by your administrator"
_MULTILINE = {"practice_address"}
_SWITCHES = {"activity_counts": "Keep anonymous activity counts on this PC"}
Field = QLineEdit | QPlainTextEdit | QCheckBox
#: Shown in an empty field, so the value in force is never a blank (saving keeps it).
_SHOWN_DEFAULTS = {
    "idle_timeout_minutes": str(DEFAULT_IDLE_TIMEOUT_MINUTES),
    "review_months": str(DEFAULT_REVIEW_MONTHS),
}


class SettingsPage(QWidget):
    saved = Signal(object)  # Settings
    back_requested = Signal()

    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.fields: dict[str, Field] = {}
        self._help: dict[str, str] = {}
        self.errors: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        outer.setSpacing(10)
        outer.addWidget(title("Practice settings"))
        outer.addWidget(
            label(
                "Your practice's details, used on referral letters. "
                "Never enter patient details here.",
                kind="hint",
            )
        )
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName("Practice settings")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields are the stops; Tab scrolls
        form_host = QWidget()
        form_host.setObjectName("formHost")
        form = QFormLayout(form_host)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setVerticalSpacing(6)
        for spec in SPECS:
            field: Field
            if spec.key in _SWITCHES:
                field = QCheckBox(_SWITCHES[spec.key])
            elif spec.key in _MULTILINE:
                field = QPlainTextEdit()
                field.setTabChangesFocus(True)
                field.setFixedHeight(field.fontMetrics().lineSpacing() * 4 + 16)
            else:
                field = QLineEdit()
            field.setAccessibleName(spec.label)
            self._help[spec.key] = spec.help
            if spec.help:
                field.setAccessibleDescription(spec.help)
                field.setToolTip(spec.help)
            self.fields[spec.key] = field
            column = QVBoxLayout()
            column.setSpacing(2)
            if spec.key == "practice_logo_path":
                row = QHBoxLayout()
                row.addWidget(field, 1)
                self.browse_button = button("Bro&wse…", "Choose a logo file")
                self.browse_button.clicked.connect(self._pick_logo)
                row.addWidget(self.browse_button)
                column.addLayout(row)
            else:
                column.addWidget(field)
            note = label("", kind="hint")
            column.addWidget(note)
            error = label("", kind="error")
            error.setVisible(False)
            column.addWidget(error)
            self.errors[spec.key] = error
            if spec.key in settings.locked or spec.help:
                note.setText(LOCKED_NOTE if settings.is_locked(spec.key) else spec.help)
            else:
                note.setVisible(False)
            caption = label(f"{spec.label}:", wrap=False)
            caption.setBuddy(field)
            form.addRow(caption, column)
        scroll.setWidget(form_host)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.back_button = button("← &Back", "Back")
        self.status = label("", kind="hint")
        self.save_button = button("&Save settings", "Save settings", kind="primary")
        row.addWidget(self.back_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.back_button.clicked.connect(self.back_requested)
        self.load(settings)

    def load(self, settings: Settings) -> None:
        self.settings = settings
        for key, field in self.fields.items():
            value = settings.get(key)
            if isinstance(field, QCheckBox):
                field.setChecked(value == "on")
                field.setEnabled(not settings.is_locked(key))
            elif isinstance(field, QPlainTextEdit):
                field.setPlainText(value)
                field.setReadOnly(settings.is_locked(key))
            else:
                field.setText(value or _SHOWN_DEFAULTS.get(key, ""))
                field.setReadOnly(settings.is_locked(key))
            self.errors[key].setVisible(False)
            mark_invalid(field, "", self._help[key])
        self.browse_button.setEnabled(not settings.is_locked("practice_logo_path"))
        self.status.setText("")

    def value(self, key: str) -> str:
        field = self.fields[key]
        if isinstance(field, QCheckBox):
            return "on" if field.isChecked() else "off"
        return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()

    def save(self) -> bool:
        values = {k: self.value(k) for k in self.fields if not self.settings.is_locked(k)}
        problems: list[str] = []
        for key, text in values.items():
            error = self.errors[key]
            try:
                validate(key, text)
            except SettingsError as exc:
                problems.append(key)
                error.setText(str(exc))
                error.setVisible(True)
                mark_invalid(self.fields[key], str(exc), self._help[key])
            else:
                error.setVisible(False)
                mark_invalid(self.fields[key], "", self._help[key])
        if problems:
            count = len(problems)
            self.status.setText(
                "Not saved: please correct the setting marked in red."
                if count == 1
                else f"Not saved: please correct the {count} settings marked in red."
            )
            announce(self.status)
            first = self.fields[problems[0]]
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()
            return False
        try:
            self.settings = save_settings(self.store, values, self.settings)
        except SettingsError as exc:
            self.status.setText(f"Not saved: {exc}")
            announce(self.status)
            return False
        except StoreError as exc:  # read-only mode
            self.status.setText(f"Not saved: {exc}")
            announce(self.status)
            return False
        except sqlite3.Error as exc:  # busy, disk full: said as such, nothing changed
            self.status.setText(f"Not saved: {store_error(self.store.path, exc, doing='saved')}")
            announce(self.status)
            return False
        self.status.setText("Settings saved.")
        self.saved.emit(self.settings)
        return True

    def _pick_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a logo", "", "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            field = self.fields["practice_logo_path"]
            assert isinstance(field, QLineEdit)
            field.setText(path)

    def focus_first(self) -> None:
        first = next((f for k, f in self.fields.items() if not self.settings.is_locked(k)), None)
        if first is not None:
            self.scroll_area.verticalScrollBar().setValue(0)
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()
