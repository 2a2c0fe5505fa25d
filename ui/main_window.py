"""The main window: the helpline bar, the danger banner, the pages, Clear and the idle timer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spotter import __version__
from spotter.directory import HELPLINE_NUMBER, Directory, Schedule, Service
from spotter.guidance import GuidancePage as GuidanceText
from spotter.hours import open_hint
from spotter.matching import Matcher
from spotter.screening import Outcome, Route, ScreeningContent
from spotter.session import DANGER_BANNER, ScreeningSession
from spotter.settings import Settings
from spotter.storage import Store
from ui.pages.outcome import OutcomePage
from ui.pages.screening import ScreeningPage
from ui.pages.services import ServicesPage
from ui.pages.start import StartPage
from ui.widgets import button, label
from ui.worker import run_in_background

if TYPE_CHECKING:  # imported when first opened: it pulls in the phone-number library
    from ui.import_dialog import ImportDialog
    from ui.pages.directory import DirectoryPage
    from ui.pages.guidance import GuidancePage
    from ui.pages.settings import SettingsPage

LetterHandler = Callable[[Service, Outcome | None, Settings], None]
HELPLINE_TEXT = (
    f"National Stalking Helpline {HELPLINE_NUMBER} — weekdays 09:30–16:00, Wednesdays 13:00–16:00"
)
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
    """Application-wide: any key or mouse input restarts the idle timer."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.timer.start()
        return False


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
        self.danger_banner.setAccessibleName(DANGER_BANNER)
        banner_layout.addWidget(self.danger_text)
        self.danger_banner.setVisible(False)
        holder = QHBoxLayout()
        holder.setContentsMargins(24, 10, 24, 0)
        holder.addWidget(self.danger_banner)
        column.addLayout(holder)

        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_pages(guidance, settings)
        if matcher is not None:
            self.services_page.set_matcher(matcher)

        self.clear_shortcut = QShortcut(QKeySequence("Ctrl+Shift+X"), self)
        self.clear_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.clear_shortcut.activated.connect(self.clear)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.clear)
        self._fixed_idle_ms = idle_timeout_ms
        self._apply_idle_timeout()
        self._idle_filter = _IdleFilter(self.idle_timer)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._idle_filter)
        self.idle_timer.start()

        self.hours_timer = QTimer(self)
        self.hours_timer.setInterval(60_000)
        self.hours_timer.timeout.connect(self.refresh_hours)
        self.hours_timer.start()
        self.refresh_hours()
        self.show_start()

    # --- construction ---------------------------------------------------------------------

    def _build_helpline_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("helplineBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 8, 16, 8)
        row.setSpacing(12)
        self.helpline_label = label(HELPLINE_TEXT, selectable=True)
        self.helpline_label.setTextFormat(Qt.TextFormat.RichText)
        number = HELPLINE_NUMBER.replace(" ", "&nbsp;")  # never split the number
        name, _, hours = HELPLINE_TEXT.replace(HELPLINE_NUMBER, number).partition(" — ")
        self.helpline_label.setText(f"<b>{name}</b> — {hours}")
        self.helpline_label.setAccessibleName(HELPLINE_TEXT)
        self.hours_label = label("", kind="hint")
        self.clear_button = button(
            "Clear  [Ctrl+Shift+X]", "Clear every patient detail and start again"
        )
        self.clear_button.setToolTip("Wipe every answer and detail from every screen")
        self.clear_button.clicked.connect(self.clear)
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
        self.services_page = ServicesPage(today=today)
        for page in (
            self.start_page,
            self.screening_page,
            self.outcome_page,
            self.services_page,
        ):
            self.stack.addWidget(page)
        # Directory, Guidance and Settings are built when first shown (see the properties
        # below): nothing of them is on the first screen, so the window paints sooner.
        self._directory_page: DirectoryPage | None = None
        self._guidance_page: GuidancePage | None = None
        self._settings_page: SettingsPage | None = None
        if self.letter_handler is not None:
            handler = self.letter_handler
            self.services_page.letter_handler = lambda s: handler(s, self.outcome, self.settings)

        self.start_page.route_chosen.connect(self.start_screening)
        self.start_page.directory_requested.connect(lambda: self.show_page(self.directory_page))
        self.start_page.guidance_requested.connect(lambda: self.show_page(self.guidance_page))
        self.start_page.settings_requested.connect(self.show_settings)
        self.screening_page.answered.connect(self._update_danger)
        self.screening_page.finished.connect(self.show_outcome)
        self.screening_page.left.connect(self.show_start)
        self.outcome_page.back_to_questions.connect(lambda: self.show_page(self.screening_page))
        self.outcome_page.find_services.connect(lambda: self.show_page(self.services_page))
        self.services_page.back_requested.connect(self._back_from_services)

    @property
    def directory_page(self) -> DirectoryPage:
        if self._directory_page is None:
            from ui.pages.directory import DirectoryPage

            page = DirectoryPage(self.directory.services, today=self._today)
            page.import_requested.connect(self.open_import_dialog)
            page.back_requested.connect(self.show_start)
            self.stack.addWidget(page)
            self._directory_page = page
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
        self.session = ScreeningSession(
            self.content, route, staff_support_contact=self.settings.staff_support_contact
        )
        self.outcome = None
        self.screening_page.start(self.session)
        self._update_danger()
        self.stack.setCurrentWidget(self.screening_page)

    def show_outcome(self) -> None:
        if self.session is None:
            return
        self.outcome = self.session.outcome()
        self.outcome_page.show_session(self.session)
        self.stack.setCurrentWidget(self.outcome_page)

    def _back_from_services(self) -> None:
        self.show_page(self.outcome_page if self.outcome is not None else self.start_page)

    def _update_danger(self) -> None:
        self.danger_banner.setVisible(self.session is not None and self.session.in_danger)

    # --- clear, idle, hours, settings -----------------------------------------------------

    def clear(self) -> None:
        """Wipe every patient detail and answer from every screen and return to Start."""
        clipboard = QGuiApplication.clipboard()
        if self.outcome_page.copied_text and clipboard.text() == self.outcome_page.copied_text:
            clipboard.clear()
        self.outcome_page.copied_text = ""
        if self.session is not None:
            self.session.clear()
        self.session = None
        self.outcome = None
        self.screening_page.clear()
        self.outcome_page.clear()
        self.services_page.clear()
        if self._directory_page is not None:
            self._directory_page.reset()
        self.danger_banner.setVisible(False)
        self.show_start()
        self.idle_timer.start()
        self.cleared.emit()

    def _apply_idle_timeout(self) -> None:
        minutes = self.settings.idle_timeout_minutes
        self.idle_timer.setInterval(self._fixed_idle_ms or minutes * 60_000)

    def refresh_hours(self) -> None:
        schedules: tuple[Schedule, ...] = ()
        helpline = self.directory.get("national-stalking-helpline")
        if helpline is not None:
            schedules = helpline.schedules
        hint = open_hint(schedules, self.clock())
        self.hours_label.setText(f"The helpline is {hint} · closed on bank holidays")

    def _settings_saved(self, settings: Settings) -> None:
        self.settings = settings
        self._apply_idle_timeout()
        if self._guidance_page is not None:
            self._guidance_page.set_staff_support_contact(settings.staff_support_contact)

    def set_matcher(self, matcher: Matcher) -> None:
        self.services_page.set_matcher(matcher)

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

    def reload_directory(self) -> None:
        """Read the directory again and rebuild what depends on it (list, hours, matcher)."""
        self.directory = self.store.load_directory()
        if self._directory_page is not None:
            self._directory_page.set_services(self.directory.services)
        self.refresh_hours()
        factory = self.matcher_factory
        if factory is not None:
            directory = self.directory
            run_in_background(lambda: factory(directory), self.set_matcher, parent=self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clear()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._idle_filter)
        self.idle_timer.stop()
        self.hours_timer.stop()
        super().closeEvent(event)
