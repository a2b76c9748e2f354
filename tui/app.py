"""The app shell: wiring only. Screens live in screens/, looked up by name in tui/screens_registry.py.

Contracts (other screens and tests rely on these):
- `make_app(db_target, *, clock=None, lang=None, config=None, actor=None, day_rollover=False) -> CarefloorApp`
  opens the database (`store.db.open_database(db_target)`; pass None when a test already opened
  one), installs `clock` (a store.clock.Clock) if given, sets the language (lang, else config.lang,
  else the locale). `config` is a tui.config.Config (None = defaults; the CLI reads the file).
  With `actor` the app starts signed in (tests); without, it shows the login screen.
  `day_rollover=True` (the `carefloor` command, hence every terminal and browser tab) plans the
  new day after the first frame and at each local midnight (tui/day_rollover.py); a test that
  builds an app is about its screens and passes it only when it tests the roll-over.
- `app.actor: Actor | None` — who is signed in (store.writes.Actor with permissions).
- `app.sign_in(actor)` sets it and shows the role's home screen (seeds/roles.toml `home`).
- `app.lock()` forgets the actor, drops every screen and shows the login screen.
- `app.show_screen(name, **kwargs)` pushes a registered screen (kwargs go to its constructor);
  `app.go_home()` returns to the signed-in person's home screen (read in a worker first, then
  pushed with its data: CareScreen.preload). Esc (`app.back`) pops a screen.
- Live refresh: every `config.poll_ms` the app polls tui.live.ChangeWatcher; on a change it sets
  `app.last_event_id` and posts `tui.live.DataChanged` to the active screen. CareScreen
  (screens/base.py) reloads in a thread worker; hidden screens reload when resumed.
- Global bindings (ids for config [keymap]): app.help `?`, app.palette ctrl+p, app.back esc,
  app.lock ctrl+l, app.change_pin f2 (my own PIN). Screens add their own, e.g. board.quit `q`.
- `app.center_name` (Setting "center_name"), `app.config`, `app.home_name()`.
"""
from __future__ import annotations

import contextvars
from typing import Any, Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from store import clock as store_clock
from store import db as store_db
from store.settings import get_setting
from store.text import inert
from store.writes import Actor
from tui import crash, daily_hooks, hangup, i18n, startup, store_messages
from tui.config import Config, ConfigError
from tui.day_rollover import DayRollover
from tui.idle import IdleLock
from tui.keys import translate_bindings
from tui.live import ChangeWatcher, DataChanged
from tui.screens_registry import screen_class
from tui.themes import STATUS_DEFAULTS, THEMES, theme_names


def _provider(name: str):
    """A palette provider class by name, imported when the palette first opens (keeps start-up lean)."""
    from screens import commands

    return getattr(commands, name)


def _guests():
    return _provider("GuestsProvider")


def _rooms():
    return _provider("RoomsProvider")


def _screens():
    return _provider("ScreensProvider")


def _keys():
    return _provider("ScreenKeysProvider")


def _actions():
    return _provider("ActionsProvider")


FILE_NOTICE_S = 24 * 3600  # a database file gone or replaced: said until it is over (or read away)
PLAIN_KEYS = {"up": "Up", "down": "Down", "left": "Left", "right": "Right", "enter": "Enter",
              "escape": "Esc", "question_mark": "?", "slash": "/", "f2": "F2"}


class CarefloorApp(App):
    TITLE = "carefloor"
    COMMANDS = {_guests, _rooms, _screens, _keys, _actions}
    BINDINGS = [
        Binding("question_mark", "help", "shell.key.help", id="app.help"),
        Binding("ctrl+p", "command_palette", "shell.key.palette", id="app.palette", priority=True),
        Binding("escape", "back", "shell.key.back", id="app.back", show=False),
        Binding("ctrl+l", "lock", "shell.key.lock", id="app.lock"),
        Binding("f2", "change_pin", "auth.key.change_pin", id="app.change_pin", show=False),
        # in ? help (footers keep six keys); priority: the text typed right behind `n` goes to the note
        Binding("n", "quick_note", "daily.key.note", id="app.note", show=False, priority=True),
    ]

    def __init__(self, config: Config | None = None, actor: Actor | None = None, day_rollover: bool = False) -> None:
        super().__init__()
        translate_bindings(self)
        self.config = config or Config()
        self.actor: Actor | None = actor
        self.center_name: str = ""
        self.center_kind: str = "postpartum"  # Setting "center_kind": decides the home screens
        self.last_event_id = 0
        self.watcher: ChangeWatcher | None = None
        self.idle = IdleLock(self, self.config.idle_lock_minutes)  # shared terminal: lock when idle
        self.day_rollover = DayRollover(self, enabled=day_rollover)  # the day's planning (tui/day_rollover.py)
        for theme in THEMES:
            self.register_theme(theme)
        if self.config.theme not in self.available_themes:
            raise ConfigError(f"unknown theme {self.config.theme!r}: use one of {', '.join(theme_names())}")
        self._start_theme(self.config.theme)

    def _start_theme(self, name: str) -> None:
        """The configured theme, set before any stylesheet is parsed: what Textual's theme
        watcher does, less the full re-parse of every stylesheet it schedules (7-10 ms of each
        start, measured), which matters only once CSS was parsed with another theme's colours."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def _load_screen_css(self, screen: Screen) -> None:
        """A screen's stylesheet, parsed alone: Textual re-parses every stylesheet of the app,
        uncached, when a screen brings a new one (the board's push spent 4-5 ms of the start on it,
        and each screen's first opening as much). Only Textual's dev mode (css_monitor) and a
        screen's inline CSS keep its own way. Parsed rules are cached per theme (set_variables)."""
        new = [path for path in screen.css_path if not self.stylesheet.has_source(str(path), "")]
        if not new or self.css_monitor is not None or screen.CSS:
            super()._load_screen_css(screen)
            return
        for path in new:
            self.stylesheet.read(path)
        self.stylesheet.parse()  # the sources read before come from the cache
        self.stylesheet.update(self)

    def get_key_display(self, binding: Binding) -> str:
        """Plain key names: arrows and the return symbol are ambiguous-width in CJK terminals."""
        if not binding.key_display and binding.key in PLAIN_KEYS:
            return PLAIN_KEYS[binding.key]
        return super().get_key_display(binding)

    async def on_event(self, event) -> None:
        self.idle.observe(event)  # any key or mouse from the terminal resets the idle lock
        await super().on_event(event)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(STATUS_DEFAULTS)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every notification (a screen's too: Widget.notify comes here) as plain inert text: they quote
        stored names and store messages, and no carefloor string is written in markup."""
        super().notify(inert(message, multiline=True), title=inert(title), severity=severity, timeout=timeout,
                       markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: a private log and one line, never a traceback (tui/crash.py)."""
        if not crash.handle(self, error):
            super()._handle_exception(error)

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.center_name = inert(get_setting("center_name", "") or "")  # shown in every header
        self.center_kind = str(get_setting("center_kind", "postpartum") or "postpartum")
        self.watcher = ChangeWatcher()
        self.last_event_id = self.watcher.last_event_id
        self.set_interval(self.config.poll_ms / 1000, self.poll_changes)
        self.idle.start()
        hangup.install(self)  # ssh drop / closed window: exit within a second, no orphan
        self.call_after_refresh(self.day_rollover.start)  # after the first frame, off the UI thread
        if self.actor is not None:
            self.sign_in(self.actor)
        else:
            self._reset_to(self.make_screen("login"))

    # -- live refresh -----------------------------------------------------------------
    def poll_changes(self) -> None:
        """One cheap poll on the UI thread; a change is posted to the active screen."""
        try:
            news = self.watcher.check_file() if self.watcher else None
            if news is not None:
                self._file_news(news)
            if self.watcher is not None and self.watcher.file != "ok":
                return  # not the file at the path any more: nothing new to show from it
            latest = self.watcher.poll() if self.watcher else None
        except Exception as exc:  # database gone away: say so once, keep polling
            self._poll_failed(exc)
            return
        if latest is not None:
            self.last_event_id = latest
            if self.screen_stack:  # empty while the app shuts down (a tick can still come)
                self.screen.post_message(DataChanged(latest))

    def _file_news(self, news: str) -> None:
        """Say what happened to the database file under the app (tui/live.py check_file); a
        problem stays on screen until it is over (saves are refused meanwhile: store/db.py)."""
        from tui.humanize import when

        path = store_db.current_file()
        self.clear_notifications()
        if news in ("gone", "replaced"):
            self.notify(i18n.t(f"shell.db_file_{news}", path=path), severity="error", timeout=FILE_NOTICE_S)
        elif news == "back":
            self.notify(i18n.t("shell.db_file_back"))
        elif news == "restored":
            mark = self.watcher.restored
            self.center_name = str(get_setting("center_name", "") or "")
            self.notify(i18n.t("shell.db_restored", source=mark.source, at=when(mark.at)), timeout=FILE_NOTICE_S)

    def _poll_failed(self, exc: Exception) -> None:
        if not getattr(self, "_poll_warned", False):
            self._poll_warned = True
            self.notify(i18n.t("shell.db_unreachable", error=store_messages.message(exc).splitlines()[0]), severity="error")

    # -- screens ----------------------------------------------------------------------
    def make_screen(self, name: str, **kwargs: Any) -> Screen:
        return screen_class(name)(**kwargs)

    def show_screen(self, name: str, **kwargs: Any) -> None:
        """Push the registered screen `name` on top of the current one."""
        self.push_screen(self.make_screen(name, **kwargs))

    def home_name(self) -> str:
        from seeds.roles import load_roles

        role = load_roles().get(self.actor.role) if self.actor else None
        return role.home_for(self.center_kind) if role else "board"

    def go_home(self, then: Callable[[], None] | None = None) -> None:
        """The signed-in person's home screen, pushed once its data is read (then `then`): no
        empty board drawn first (on a 300-room center that frame also slowed the read by half)."""
        screen = self.make_screen(self.home_name())
        if hasattr(screen, "preload"):
            self._preload_home(screen, self.actor, then, contextvars.copy_context())
            self.call_later(self._load_screen_css, screen)  # meanwhile: its stylesheet, ready at the push
        else:
            self._show_home(screen, self.actor, then)

    @work(thread=True, exclusive=True, group="home")
    def _preload_home(self, screen: Screen, actor: Actor | None, then, context: contextvars.Context) -> None:
        context.run(screen.preload)  # the app's context: a screen not mounted yet finds its app there
        if not get_current_worker().is_cancelled:  # a newer go_home replaced this one
            self.call_from_thread(self._show_home, screen, actor, then)

    def _show_home(self, screen: Screen, actor: Actor | None, then) -> None:
        if self.actor is not actor:
            return  # locked (or someone else signed in) while it was read
        self._reset_to(screen)
        if then is not None:
            then()

    def sign_in(self, actor: Actor) -> None:
        """Make `actor` the signed-in person and show their home screen."""
        self.actor = actor
        self.go_home(then=lambda: daily_hooks.offer_drafts(self))  # typed before a dropped session
        self.day_rollover.tell_failures(actor)  # managers: guests planning had to skip

    def lock(self) -> None:
        """Forget who is signed in, drop every guest-data screen, show the login screen."""
        self.actor = None
        self._reset_to(self.make_screen("login"))

    def _reset_to(self, screen: Screen) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)
        self.call_after_refresh(startup.release_collector)  # the first screen is drawn (tui/startup.py)

    # -- global actions ---------------------------------------------------------------
    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.for_screen(self.screen))

    def action_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_lock(self) -> None:
        self.lock()

    def action_quick_note(self) -> None:
        daily_hooks.quick_note(self)

    def action_change_pin(self) -> None:
        from screens.dialogs.change_pin import ChangePinDialog

        if self.actor is not None and not isinstance(self.screen, ChangePinDialog):
            self.push_screen(ChangePinDialog(), lambda done: done and self.notify(i18n.t("auth.change.done")))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`n` (a priority key) stands aside for a screen's own n (a dialog's No, a new complaint):
        the key goes there, and the footer shows theirs. (A focused widget that takes n as text,
        a box or a list's type-to-search, gets it anyway: Textual leaves such keys to it.)"""
        if action == "quick_note" and self._bound_below("n"):
            return False
        if action == "change_pin":
            return self.actor is not None
        return True

    def _bound_below(self, key: str) -> bool:
        """Whether the focused widget, its containers or the screen bind `key` themselves."""
        chain = self.focused.ancestors_with_self if self.focused else [self.screen]
        return any(key in node._bindings.key_to_bindings for node in chain if node is not self)


def make_app(db_target: Any, *, clock: store_clock.Clock | None = None, lang: str | None = None,
             config: Config | None = None, actor: Actor | None = None, day_rollover: bool = False) -> CarefloorApp:
    """Build the app: open the database (unless already open), clock, language, config."""
    startup.freeze_imported_objects()
    config = config or Config()
    if clock is not None:
        store_clock.install(clock)
    i18n.set_language(i18n.detect_language(lang or config.lang))
    if config.write_wait_s is not None:
        from store.writes import set_wait_limit

        set_wait_limit(config.write_wait_s)
    if isinstance(db_target, str):
        store_db.open_database(db_target)
    return CarefloorApp(config=config, actor=actor, day_rollover=day_rollover)
