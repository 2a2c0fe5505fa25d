"""A region's signed pack, from the curator's key to the practice's screens.

keygen -> a pack built from two real feed files (an Open Referral UK JSON and a CSV) -> signed
-> a practice whose spotter.toml trusts the key installs it at start -> a newer pack replaces
it -> the older one, put back on the share, is refused -> once expired, Services and Directory
show the banner and doctor exits 1.
"""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

from pack_helpers import ORUK_FEED, build_and_sign, cli, csv_feed, keygen, write_site_config
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from spotter.admin.doctor import run_doctor
from spotter.packs.pack import signature_path
from spotter.store.database import open_store
from spotter.system import paths
from ui.app import create_main_window
from ui.startup import sync_at_start
from ui.style import apply_style
from ui.worker import wait_for_background


def _start(qtbot: QtBot, when: datetime) -> tuple[str, str, list[str]]:
    """Start as the app does (sync, then the window); return the pack texts it shows."""
    with open_store() as store:
        outcome = sync_at_start(store)
        window = create_main_window(store, clock=lambda: when)
        qtbot.addWidget(window)
        window.directory_page  # noqa: B018 - built when first shown; build it now
        services_banner, directory_banner = window.pack_widgets.banners
        (line,) = window.pack_widgets.lines
        shown = [
            services_banner.text.text() if not services_banner.isHidden() else "",
            directory_banner.text.text() if not directory_banner.isHidden() else "",
            line.text(),
        ]
        about = window.guidance_page
        titles = [about.list.item(i).text() for i in range(about.list.count())]
        about.list.setCurrentRow(titles.index("About Spotter and its data"))
        shown.append(about.text.toPlainText())
        window.close()
        wait_for_background()
    return outcome.status, outcome.message, shown


def test_a_signed_pack_from_keygen_to_expiry(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    apply_style(qapp)
    curator, share, practice = tmp_path / "curator", tmp_path / "share", tmp_path / "practice"
    for folder in (curator, share, practice):
        folder.mkdir()
    secret, key = keygen(curator)
    feeds = [csv_feed(curator), ORUK_FEED]
    v1 = build_and_sign(curator, secret, version=1, inputs=feeds, name="v1.spotterpack")
    managed = share / "kent.spotterpack"
    for source, target in ((v1, managed), (signature_path(v1), signature_path(managed))):
        shutil.copy(source, target)
    write_site_config(managed, [key])
    paths.set_data_dir(practice)
    now = datetime.now()

    status, message, (banner_s, banner_d, line, about) = _start(qtbot, now)
    assert status == "imported", message
    assert "pack kent-and-medway-icb version 1" in message
    assert "Kent and Medway ICB" in line and "version 1" in line
    assert (banner_s, banner_d) == ("", "")
    assert "Service pack from Kent and Medway ICB" in about and "version 1" in about
    with open_store() as store:
        directory = store.load_directory()
        assert directory.get("kent-stalking-advocacy") is not None
        assert directory.get("sample-county-stalking-clinic") is not None  # from the ORUK feed
    assert _start(qtbot, now)[0] == "unchanged"

    # The curator publishes version 2 (the Kent service renamed) over the same files.
    feeds[0] = csv_feed(curator, name="Kent Stalking Advocacy Service")
    v2 = build_and_sign(curator, secret, version=2, inputs=feeds, name="v2.spotterpack")
    for source, target in ((v2, managed), (signature_path(v2), signature_path(managed))):
        shutil.copy(source, target)
    status, message, (_s, _d, line, _a) = _start(qtbot, now)
    assert status == "imported", message
    assert "version 2" in line
    with open_store() as store:
        renamed = store.load_directory().get("kent-stalking-advocacy")
        assert renamed is not None and renamed.name == "Kent Stalking Advocacy Service"

    # Someone puts version 1 back on the share: refused, version 2 stays in use.
    for source, target in ((v1, managed), (signature_path(v1), signature_path(managed))):
        shutil.copy(source, target)
    status, message, (_s, _d, line, _a) = _start(qtbot, now)
    assert status == "kept"
    assert "version 1 is not newer than version 2 already installed" in message
    assert "version 2" in line
    with open_store() as store:
        kept = store.load_directory().get("kent-stalking-advocacy")
        assert kept is not None and kept.name == "Kent Stalking Advocacy Service"

    # After valid_until the pack stays in use, with a banner, and doctor reports it.
    later = now + timedelta(days=91)
    _status, _message, (banner_s, banner_d, line, _a) = _start(qtbot, later)
    until = date.today() + timedelta(days=90)
    expected = f"This directory expired on {until.day} {until:%B %Y}; ask your ICB"
    assert banner_s.startswith(expected) and banner_d.startswith(expected)
    assert "version 2" in line
    out = io.StringIO()
    assert run_doctor(out, today=later.date()) == 1
    assert "the service pack in use expired on" in out.getvalue()
    out = io.StringIO()
    assert run_doctor(out, today=now.date()) == 1  # the older pack is still on the share
    assert "version 1 is not newer than version 2" in out.getvalue()
    for source, target in ((v2, managed), (signature_path(v2), signature_path(managed))):
        shutil.copy(source, target)
    out = io.StringIO()
    assert run_doctor(out, today=now.date()) == 0, out.getvalue()
    assert "signature good" in out.getvalue() and "version 2, installed" in out.getvalue()
    status, out_text, _err = cli("pack", "status")
    assert status == 0 and "version 2" in out_text
