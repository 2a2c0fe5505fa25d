"""The main window: the helpline bar, the danger banner, the pages, Clear and the idle timer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spotter import __version__
from spotter.directory import HELPLINE_ID, HELPLINE_NUMBER, Directory, Schedule, Service
from spotter.directory.hours import hours_text, open_hint
from spotter.guidance import GuidancePage as GuidanceText
from spotter.places.matching import Matcher
from spotter.screening import Outcome, Route, ScreeningContent
from spotter.screening.session import DANGER_BANNER, ScreeningSession
from spotter.stats import hooks as activity
from spotter.store.database import Store
from spotter.store.settings import Settings
from ui import pack_info
from ui.clipboard import forget_copies
from ui.pages.before import BeforePage
from ui.pages.danger import DangerPage
from ui.pages.outcome import OutcomePage
from ui.pages.screening import ScreeningPage
from ui.pages.services import ServicesPage
from ui.pages.start import StartPage
from ui.style import scale_font
from ui.widgets import button, label
from ui.worker import report_failure, run_in_background

if TYPE_CHECKING:  # imported when first opened: it pulls in the phone-number library
    from ui.import_dialog import ImportDialog
    from ui.pages.directory import DirectoryPage
    from ui.pages.guidance import GuidancePage
    from ui.pages.settings import SettingsPage

LetterHandler = Callable[[Service, Outcome | None, Settings], None]
CLEARED = "Cleared: every answer and detail from the last screening is gone."
IDLE_WARNING_MS = 60_000
HIDE_KEY = "F9"  # quick hide: one key replaces the window with a neutral screen, and back
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,  # a key taken by a shortcut never arrives as a KeyPress
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class _IdleFilter(QObject):
    """Application-wide: any key or mouse input counts as activity (restarts the idle timer
    and dismisses the idle warning)."""

    def __init__(self, on_input: Callable[[], None]) -> None:
        super().__init__()
        self.on_input = on_input

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.on_input()
        return False


class _NeutralCover(QFrame):
    """What the window shows after the quick-hide key: nothing about stalking or a patient."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("neutralCover")
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        self.text = label(f"Nothing open. Press {HIDE_KEY} to go back.", kind="hint")
        self.text.setAccessibleName(self.text.text())
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.hide()


class MainWindow(QMainWindow):
    #: Emitted at the end of :meth:`clear`; open letter dialogs discard themselves on it.
    cleared = Signal()

    def __init__(
        self,
        store: Store,
        directory: Directory,
        settings: Settings,
        content: ScreeningContent,
        guidance: Sequence[GuidanceText],
        *,
        matcher: Matcher | None = None,
        letter_handler: LetterHandler | None = None,
        idle_timeout_ms: int | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.store = store
        #: Builds a matcher for a directory (set by ``create_main_window``; off the GUI thread).
        self.matcher_factory: Callable[[Directory], Matcher] | None = None
        self.import_dialog: ImportDialog | None = None
        self.directory = directory
        self.settings = settings
        self.content = content
        self.clock = clock
        self.letter_handler = letter_handler
        self.session: ScreeningSession | None = None
        self.outcome: Outcome | None = None
        self.setWindowTitle(f"Spotter {__version__}")
        self.resize(1024, 768)
        self.setMinimumSize(800, 600)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_helpline_bar())
        self.danger_banner = QFrame()
        self.danger_banner.setObjectName("dangerBanner")
        banner_layout = QVBoxLayout(self.danger_banner)
        banner_layout.setContentsMargins(16, 10, 16, 10)
        self.danger_text = label(DANGER_BANNER)
        scale_font(self.danger_text, 1.3)  # never smaller than the question it sits above
        self.danger_banner.setAccessibleName(DANGER_BANNER)
        banner_layout.addWidget(self.danger_text)
        self.danger_banner.setVisible(False)
        holder = QHBoxLayout()
        holder.setContentsMargins(24, 10, 24, 0)
        holder.addWidget(self.danger_banner)
        column.addLayout(holder)

        self.idle_warning = QFrame()
        self.idle_warning.setObjectName("flag")
        warning_row = QHBoxLayout(self.idle_warning)
        warning_row.setContentsMargins(12, 6, 12, 6)
        self.idle_warning_text = label("")
        self.keep_working = button("&Keep working", "Keep working: do not clear")
        warning_row.addWidget(self.idle_warning_text, 1)
        warning_row.addWidget(self.keep_working)
        self.keep_working.clicked.connect(self._activity)
        self.idle_warning_bar = QWidget()  # hidden, it takes no room (margins included)
        warning_holder = QHBoxLayout(self.idle_warning_bar)
        warning_holder.setContentsMargins(24, 8, 24, 0)
        warning_holder.addWidget(self.idle_warning)
        self.idle_warning_bar.setVisible(False)
        column.addWidget(self.idle_warning_bar)

        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pack_widgets = pack_info.PackWidgets()
        self._build_pages(guidance, settings)
        self.pack_widgets.attach_services(self.services_page)
        self.show_pack()
        if matcher is not None:
            self.services_page.set_matcher(matcher)

        self.cover = _NeutralCover(self)
        self._hidden_windows: list[QWidget] = []
        self.hide_shortcut = QShortcut(QKeySequence(HIDE_KEY), self)
        self.hide_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.hide_shortcut.activated.connect(self.toggle_hidden)

        self.clear_shortcut = QShortcut(QKeySequence("Ctrl+Shift+X"), self)
        self.clear_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.clear_shortcut.activated.connect(self.clear)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._idle_warning_start)
        self.idle_final = QTimer(self)  # the warning's end: clear
        self.idle_final.setSingleShot(True)
        self.idle_final.timeout.connect(self._idle_clear)
        self.idle_tick = QTimer(self)  # the countdown shown in the warning
        self.idle_tick.setInterval(1000)
        self.idle_tick.timeout.connect(self._idle_countdown)
        self._fixed_idle_ms = idle_timeout_ms
        self._apply_idle_timeout()
        self._idle_filter = _IdleFilter(self._activity)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._idle_filter)
        self.idle_timer.start()

        self.hours_timer = QTimer(self)
        self.hours_timer.setInterval(60_000)
        self.hours_timer.timeout.connect(self.refresh_hours)
        self.hours_timer.start()
        self._watch_outside_changes()
        self.refresh_hours()
        self.show_start()

    # --- construction ---------------------------------------------------------------------

    def _build_helpline_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("helplineBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 8, 16, 8)
        row.setSpacing(12)
        self.helpline_label = label("", selectable=True)
        self.helpline_label.setTextFormat(Qt.TextFormat.RichText)
        self.hours_label = label("", kind="hint")
        self.clear_button = button(
            "Clear  [Ctrl+Shift+X]", "Clear every patient detail and start again"
        )
        self.clear_button.setToolTip("Wipe every answer and detail from every screen")
        self.clear_button.clicked.connect(lambda: self.clear())
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.helpline_label)
        text.addWidget(self.hours_label)
        row.addLayout(text, 1)
        row.addWidget(self.clear_button)
        return bar

    def _build_pages(self, guidance: Sequence[GuidanceText], settings: Settings) -> None:
        today: Callable[[], date] = lambda: self.clock().date()  # noqa: E731
        self._today = today
        self._guidance = guidance
        self.start_page = StartPage()
        self.screening_page = ScreeningPage()
        self.outcome_page = OutcomePage()
        self.danger_page = DangerPage()
        self.before_page = BeforePage()
        self.services_page = ServicesPage(today=today)
        for page in (
            self.start_page,
            self.before_page,
            self.screening_page,
            self.outcome_page,
            self.danger_page,
            self.services_page,
        ):
            self.stack.addWidget(page)
        # Directory, Guidance and Settings are built when first shown (see the properties
        # below): nothing of them is on the first screen, so the window paints sooner.
        self._directory_page: DirectoryPage | None = None
        self._guidance_page: GuidancePage | None = None
        self._settings_page: SettingsPage | None = None
        self.services_page.review_months = settings.review_months
        self.services_page.letter_requested.connect(self._letter_requested)
        self.services_page.report_requested.connect(self.report_problem)
        self.services_page.results_shown.connect(self._count_services_shown)

        self.start_page.route_chosen.connect(self.start_screening)
        self.start_page.directory_requested.connect(lambda: self.show_page(self.directory_page))
        self.start_page.guidance_requested.connect(lambda: self.show_page(self.guidance_page))
        self.start_page.settings_requested.connect(self.show_settings)
        self.screening_page.answered.connect(self._update_danger)
        self.screening_page.finished.connect(self.show_outcome)
        self.screening_page.danger_reported.connect(self.show_danger)
        self.danger_page.outcome_requested.connect(self.show_outcome)
        self.danger_page.continue_requested.connect(self.continue_after_danger)
        self.screening_page.left.connect(lambda: self.show_page(self.before_page))
        self.before_page.ready.connect(self.begin_questions)
        self.before_page.left.connect(self.show_start)
        self.outcome_page.back_to_questions.connect(lambda: self.show_page(self.screening_page))
        self.outcome_page.find_services.connect(self.show_services)
        self.services_page.back_requested.connect(self._back_from_services)

    @property
    def directory_page(self) -> DirectoryPage:
        if self._directory_page is None:
            from ui.pages.directory import DirectoryPage

            page = DirectoryPage(self.directory, today=self._today)
            page.set_matcher(self.services_page.matcher)
            page.import_requested.connect(self.open_import_dialog)
            page.coverage_requested.connect(self.open_coverage)
            page.activity_requested.connect(self.open_activity)
            page.back_requested.connect(self.show_start)
            self.stack.addWidget(page)
            self._directory_page = page
            self.pack_widgets.attach_directory(page)
            self.show_pack()
        return self._directory_page

    @property
    def guidance_page(self) -> GuidancePage:
        if self._guidance_page is None:
            from ui.pages.guidance import GuidancePage

            page = GuidancePage(self._guidance)
            page.set_staff_support_contact(self.settings.staff_support_contact)
            page.back_requested.connect(self.show_start)
            self.stack.addWidget(page)
            self._guidance_page = page
        return self._guidance_page

    @property
    def settings_page(self) -> SettingsPage:
        if self._settings_page is None:
            from ui.pages.settings import SettingsPage

            page = SettingsPage(self.store, self.settings)
            page.back_requested.connect(self.show_start)
            page.saved.connect(self._settings_saved)
            self.stack.addWidget(page)
            self._settings_page = page
        return self._settings_page

    # --- navigation -----------------------------------------------------------------------

    def show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        focus = getattr(page, "focus_first", None)
        if callable(focus):
            focus()
        elif page is self.screening_page:
            self.screening_page.refresh()

    def show_start(self) -> None:
        self.show_page(self.start_page)

    def show_settings(self) -> None:
        """Settings as saved: edits left unsaved last time (Back) are not shown as if kept."""
        self.settings_page.load(self.settings)
        self.show_page(self.settings_page)

    def start_screening(self, route: Route) -> None:
        """A new screening: first the privacy check and the age (or who, for staff)."""
        self.session = ScreeningSession(
            self.content,
            route,
            staff_support_contact=self.settings.staff_support_contact,
            clinical_code=self.settings.clinical_code,
        )
        self.outcome = None
        self.before_page.start(self.session)
        self._update_danger()
        self.stack.setCurrentWidget(self.before_page)

    def begin_questions(self) -> None:
        if self.session is None:
            return
        self.screening_page.start(self.session)
        self.stack.setCurrentWidget(self.screening_page)

    def show_outcome(self) -> None:
        if self.session is None:
            return
        self.outcome = self.session.outcome()
        activity.screening_finished(
            self.store, self.settings, self.clock().date(), self.session.route, self.outcome
        )
        self.outcome_page.show_session(self.session)
        self.stack.setCurrentWidget(self.outcome_page)

    def show_services(self) -> None:
        """Services for the person screened: the age band orders out-of-age services last."""
        self.services_page.age_band = self.session.age_band if self.session else None
        self.show_page(self.services_page)

    def show_danger(self) -> None:
        """A danger question was answered yes: stop the questions and say what to do now."""
        self.show_page(self.danger_page)

    def continue_after_danger(self) -> None:
        """Back to the questions, on the one after the danger question."""
        if self.session is not None and self.session.next():
            self.screening_page.refresh()
            self.stack.setCurrentWidget(self.screening_page)
        else:
            self.show_outcome()

    def _letter_requested(self, service: Service) -> None:
        """A referral letter to ``service``, with the screening just done and the settings."""
        if self.letter_handler is not None:
            self.letter_handler(service, self.outcome, self.settings)

    def _back_from_services(self) -> None:
        self.show_page(self.outcome_page if self.outcome is not None else self.start_page)

    def _update_danger(self) -> None:
        self.danger_banner.setVisible(self.session is not None and self.session.in_danger)

    # --- clear, idle, hours, settings -----------------------------------------------------

    def clear(self, notice: str = CLEARED) -> None:
        """Wipe every patient detail and answer from every screen (and anything Spotter put on
        the clipboard) and return to Start, which says what was cleared and why."""
        forget_copies()
        if self.session is not None:
            self.session.clear()
        self.session = None
        self.outcome = None
        self.before_page.clear()
        self.screening_page.clear()
        self.outcome_page.clear()
        self.services_page.clear()
        self.services_page.age_band = None
        if self._directory_page is not None:
            self._directory_page.reset()
        self.danger_banner.setVisible(False)
        self._idle_warning_stop()
        self.show_start()
        self.start_page.set_notice(notice)
        self.idle_timer.start()
        self.cleared.emit()

    # --- quick hide ---------------------------------------------------------------------------

    @property
    def is_hidden_by_user(self) -> bool:
        return self.cover.isVisible()

    def toggle_hidden(self) -> None:
        """F9: cover the window (and any open dialog) with a neutral screen, or uncover it.

        Clear and the idle timeout carry on underneath; nothing is wiped by hiding.
        """
        if self.cover.isVisible():
            self.cover.hide()
            for window in self._hidden_windows:
                window.show()
            self._hidden_windows = []
            focus = getattr(self.stack.currentWidget(), "focus_first", None)
            if callable(focus):
                focus()
            return
        self._hidden_windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not self and isinstance(w, QDialog)
        ]
        for window in self._hidden_windows:
            window.hide()
        self.cover.setGeometry(self.rect())
        self.cover.show()
        self.cover.raise_()
        self.cover.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.cover.setGeometry(self.rect())

    # --- idle: a warning a minute ahead, then Clear ------------------------------------------

    def _warning_ms(self) -> int:
        """The warning runs for the last minute of the idle time (half of a shorter one)."""
        return min(IDLE_WARNING_MS, self._idle_ms() // 2)

    def _idle_ms(self) -> int:
        return self._fixed_idle_ms or self.settings.idle_timeout_minutes * 60_000

    def _activity(self) -> None:
        if self.idle_final.isActive():
            self._idle_warning_stop()
        self.idle_timer.start()

    def _idle_warning_start(self) -> None:
        on_start = self.stack.currentWidget() is self.start_page
        if on_start and self.session is None and not self._has_open_dialog():
            self.clear(notice="")  # nothing about a patient on screen: no countdown needed
            return
        self._idle_left_ms = self._warning_ms()
        self.idle_final.start(self._idle_left_ms)
        self.idle_tick.start()
        self._idle_countdown(tick=False)
        self.idle_warning_bar.setVisible(True)

    def _idle_countdown(self, tick: bool = True) -> None:
        if tick:
            self._idle_left_ms = max(0, self._idle_left_ms - self.idle_tick.interval())
        seconds = max(1, round(self._idle_left_ms / 1000))
        self.idle_warning_text.setText(
            f"No one has used Spotter for a while: every detail on screen will be cleared in "
            f"{seconds} second{'s' if seconds != 1 else ''}."
        )

    def _idle_warning_stop(self) -> None:
        self.idle_final.stop()
        self.idle_tick.stop()
        self.idle_warning_bar.setVisible(False)

    def _idle_clear(self) -> None:
        minutes = self._idle_ms() / 60_000
        said = f"{minutes:g} minute{'s' if minutes != 1 else ''}"
        self.clear(
            notice=f"Cleared after {said} without use, to keep the patient's details private."
        )

    def _has_open_dialog(self) -> bool:
        return any(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, QDialog))

    def _apply_idle_timeout(self) -> None:
        self.idle_timer.setInterval(self._idle_ms() - self._warning_ms())

    def refresh_hours(self) -> None:
        """The helpline bar's number, hours and open/closed hint, from the directory."""
        schedules: tuple[Schedule, ...] = ()
        helpline = self.directory.get(HELPLINE_ID)
        if helpline is not None:
            schedules = helpline.schedules
        hours = hours_text(schedules, self.clock().date())
        number = HELPLINE_NUMBER.replace(" ", "&nbsp;")  # never split the number
        said = f"National Stalking Helpline {HELPLINE_NUMBER}"
        shown = f"<b>National Stalking Helpline {number}</b>"
        if hours:
            said += f" — {hours}"
            shown += f" — {escape(hours)}"
        self.helpline_label.setText(shown)
        self.helpline_label.setAccessibleName(said)
        hint = open_hint(schedules, self.clock())
        self.hours_label.setText(f"The helpline is {hint} · closed on bank holidays")

    def _settings_saved(self, settings: Settings) -> None:
        self.settings = settings
        self.services_page.review_months = settings.review_months
        self._apply_idle_timeout()
        if self._guidance_page is not None:
            self._guidance_page.set_staff_support_contact(settings.staff_support_contact)

    def set_matcher(self, matcher: Matcher) -> None:
        self.services_page.set_matcher(matcher)
        if self._directory_page is not None:
            self._directory_page.set_matcher(matcher)

    def open_import_dialog(self) -> ImportDialog:
        """Open the import dialog (window-modal); the directory reloads when it closes."""
        from ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.store.path, parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.reload_directory())
        self.import_dialog = dialog
        dialog.show()
        return dialog

    def report_problem(self, service: Service) -> QDialog:
        """ "Report a problem with this entry": kept for the curator, sent nowhere."""
        from ui.feedback_dialog import FeedbackDialog

        dialog = FeedbackDialog(self.store, service, lambda: self.clock().date(), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _count_services_shown(self) -> None:
        result = self.services_page.result
        if result is not None:
            scopes = [m.service.scope.value for m in result.matches]
            activity.services_shown(self.store, self.settings, self.clock().date(), scopes)

    def letter_produced(self, service: Service) -> None:
        """A letter was printed or saved (counted, when activity counts are on)."""
        today = self.clock().date()
        activity.letter_produced(self.store, self.settings, today, service.id, self.directory)

    def open_activity(self) -> QDialog:
        """The practice's activity counts, as the report's charts (window-modal)."""
        from ui.activity_dialog import ActivityDialog

        dialog = ActivityDialog(self.store, self.settings, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_coverage(self) -> QDialog:
        """Directory -> Coverage: the authorities and their local services (window-modal)."""
        from spotter.places.coverage import coverage_by_authority
        from spotter.places.gazetteer import default_gazetteer
        from ui.coverage_dialog import CoverageDialog

        dialog = CoverageDialog(coverage_by_authority(self.directory, default_gazetteer()), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_pack(self) -> None:
        """The pack in use (and its expiry banner) on Services and Directory."""
        from spotter.packs.install import installed_pack

        self.pack_widgets.show(installed_pack(self.store), self.clock().date())

    # --- changes made by another program (the CLI, services sync, another user) ----------

    #: How often the database is asked whether another program changed it (and on focus).
    OUTSIDE_CHECK_MS = 5_000
    UPDATED_NOTICE = "The directory was updated"

    def _watch_outside_changes(self) -> None:
        self._data_version = self._read_data_version()
        self._revision = self._read_revision()
        self.updated_notice = label(self.UPDATED_NOTICE, kind="flag")
        self.updated_notice.setAccessibleName(self.UPDATED_NOTICE)
        self.updated_notice.setContentsMargins(10, 4, 10, 4)
        self.updated_bar = QWidget()  # hidden, it takes no room
        holder = QHBoxLayout(self.updated_bar)
        holder.setContentsMargins(24, 8, 24, 0)
        holder.addWidget(self.updated_notice)
        self.updated_bar.setVisible(False)
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.updated_bar)
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.setInterval(20_000)
        self.notice_timer.timeout.connect(lambda: self.updated_bar.setVisible(False))
        self.outside_timer = QTimer(self)
        self.outside_timer.setInterval(self.OUTSIDE_CHECK_MS)
        self.outside_timer.timeout.connect(self.check_outside_changes)
        self.outside_timer.start()
        app = QApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_outside_changes()

    def _read_data_version(self) -> int | None:
        try:
            return self.store.data_version()
        except sqlite3.Error:
            return None

    def _read_revision(self) -> str | None:
        try:
            return self.store.directory_revision()
        except sqlite3.Error:
            return None

    def check_outside_changes(self) -> bool:
        """Reload if another program changed the directory; True when it did.

        ``PRAGMA data_version`` is a cheap check that changes on any commit made through
        another connection; only a new directory revision reloads the directory and matcher.
        """
        version = self._read_data_version()
        if version is None or version == self._data_version:
            return False
        self._data_version = version
        revision = self._read_revision()
        if revision is None or revision == self._revision:
            return False
        self.reload_directory()
        self.updated_bar.setVisible(True)
        self.notice_timer.start()
        return True

    def reload_directory(self) -> None:
        """Read the directory again and rebuild what depends on it (list, hours, matcher)."""
        self.directory, revision = self.store.load_directory_and_revision()
        self.show_pack()
        if revision != self._revision:  # never match against a directory that is gone
            self.services_page.directory_changed()
        self._revision = revision
        self._data_version = self._read_data_version()
        if self._directory_page is not None:
            self._directory_page.set_directory(self.directory)
        self.refresh_hours()
        factory = self.matcher_factory
        if factory is not None:
            directory = self.directory
            run_in_background(
                lambda: factory(directory), self.set_matcher, self._matcher_failed, parent=self
            )

    def _matcher_failed(self, exc: Exception) -> None:
        self.services_page.matcher_unavailable(
            "The updated directory could not be loaded for searching; restart Spotter. "
            f"({type(exc).__name__}: {exc})"
        )
        report_failure(exc, self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clear()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._idle_filter)
        self.idle_timer.stop()
        self.hours_timer.stop()
        super().closeEvent(event)
