"""A settings save while another program holds the database says so; nothing crashes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from spotter.store.database import Store
from ui.main_window import MainWindow

HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    time.sleep(30)
    """
)


def test_saving_settings_while_another_program_holds_the_database(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    before = store.get_setting("practice_name")
    window.show_settings()
    page = window.settings_page
    field = page.fields["practice_name"]
    assert isinstance(field, QLineEdit)
    field.setText("Riverside Surgery")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert page.save() is False
    finally:
        holder.kill()
        holder.communicate()
    assert "in use by another program — try again" in page.status.text()
    assert store.get_setting("practice_name") == before
    assert page.save() is True  # once the other program lets go
    assert store.get_setting("practice_name") == "Riverside Surgery"
