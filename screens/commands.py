"""Command palette (Ctrl+P) providers: guests, rooms, screens, the current screen's keys, actions.

Guests are searched in the store (name, pinyin initials, room, phone last 4) off the UI thread;
nothing guest-related is offered while nobody is signed in.
"""
from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from store.text import inert
from tui.i18n import t
from tui.screens_registry import NAVIGABLE, is_available


def _search(actor, query: str):
    from store import db as store_db
    from store.guests import search_guests

    try:
        return search_guests(actor, query, limit=15)
    finally:
        store_db.close()


class GuestsProvider(Provider):
    async def search(self, query: str) -> Hits:
        actor = self.app.actor
        if actor is None or len(query.strip()) < 1:
            return
        hits = await asyncio.to_thread(_search, actor, query)
        for hit in hits:
            label = inert(f"{t('shell.palette.guest')}: {hit.name} {hit.room} {hit.phone}".strip())
            yield Hit(100, Text(label), partial(self.app.show_screen, "guest_file", guest_id=hit.guest_id),
                      text=label, help=t("shell.palette.open_guest"))  # Text: a stored name is not markup


class RoomsProvider(Provider):
    def _rooms(self) -> list[str]:
        screen = self._board()
        if screen is None or screen.board is None:
            return []
        return [room.number for floor in screen.board.floors for room in floor.rooms]

    def _board(self):
        from screens.board import BoardScreen

        return next((s for s in reversed(self.app.screen_stack) if isinstance(s, BoardScreen)), None)

    def _go(self, number: str) -> None:
        board = self._board()
        while self.app.screen is not board and len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        board.goto_room(number)

    async def search(self, query: str) -> Hits:
        if self.app.actor is None:
            return
        matcher = self.matcher(query)
        for number in self._rooms():
            label = f"{t('shell.palette.room')} {inert(number)}"
            score = matcher.match(label)
            if score > 0:
                shown = Text(label) if "[" in label else matcher.highlight(label)  # highlight() reads markup
                yield Hit(score, shown, partial(self._go, number), text=label, help=t("shell.palette.go_room"))


class ListedProvider(Provider):
    """A fixed list of (label, callback) from `_entries()`, offered on opening and matched on typing."""

    HELP = ""  # i18n key of the line under each hit
    NEEDS_ACTOR = True  # nothing listed while nobody is signed in

    def _entries(self):
        return iter(())

    def _listed(self):
        if self.NEEDS_ACTOR and self.app.actor is None:
            return []
        return list(self._entries())

    async def discover(self) -> Hits:
        help_text = t(self.HELP) if self.HELP else None
        for label, callback in self._listed():
            yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        help_text = t(self.HELP) if self.HELP else None
        matcher = self.matcher(query)
        for label, callback in self._listed():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)


class ScreensProvider(ListedProvider):
    HELP = "shell.palette.go_screen"

    def _entries(self):
        for name in NAVIGABLE:
            if is_available(name):
                label = f"{t('shell.palette.screen')}: {t(f'shell.screen.{name}')}"
                yield label, partial(self.app.show_screen, name)


class ActionsProvider(ListedProvider):
    NEEDS_ACTOR = False  # help, contrast and quit work on the login screen too

    def _entries(self):
        app, prefix = self.app, t("shell.palette.action")
        yield f"{prefix}: {t('shell.palette.help')}", app.action_help
        yield f"{prefix}: {t('shell.palette.contrast')}", self._toggle_contrast
        if app.actor is not None:
            yield f"{prefix}: {t('shell.palette.lock')}", app.lock
            yield f"{prefix}: {t('auth.change.title')}", app.action_change_pin
        yield f"{prefix}: {t('shell.palette.quit')}", app.exit

    def _toggle_contrast(self) -> None:
        app = self.app
        app.theme = app.config.theme if app.theme == "carefloor-contrast" else "carefloor-contrast"


class ScreenKeysProvider(ListedProvider):
    """Every key of the screen the palette was opened on, by what it does ("Done", "Discharge"...).

    Same selection as the `?` help: bindings with an id and a description. Moving and the palette
    itself are left out; a disabled action (check_action) is not offered.
    """

    SKIP = frozenset({"ctrl+p", "question_mark"})

    def _entries(self):
        screen, app = self.screen, self.app
        seen = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not (binding.description and binding.id and active.enabled) or key in self.SKIP:
                continue
            if binding.id in seen or binding.id.endswith((".up", ".down", ".left", ".right")):
                continue
            seen.add(binding.id)
            label = f"{t('shell.palette.key')}: {binding.description} ({app.get_key_display(binding)})"
            yield label, partial(app.run_action, binding.action, active.node)

