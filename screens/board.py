"""The floor board (房态看板): every room by floor as cards that reflow with the width.

Keys: arrows/hjkl move the cursor, Enter opens the guest file, `/` filters (name, pinyin
initials, room, phone last 4), digits jump to a floor, Esc clears the filter, `q` quits,
`a` opens the actions menu (admit, discharge, payment...) for the guest of the room.
Live: reloads on DataChanged (see screens/base.py), updating cards in place so cursor and
scroll stay where they were.
"""
from __future__ import annotations

import asyncio
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import AwaitMount
from textual.widgets import Input, Static

from screens.base import CareScreen
from screens.burst_keys import focus_box_now
from screens.board_grid import FloorSection, floors_in_view, move_cursor
from screens.board_strip import moves_line
from screens.widgets.key_bar import KeyBar
from screens.widgets.plain import CareInput
from screens.widgets.room_card import CARD_GUTTER, CARD_HEIGHT, CARD_STYLES, CARD_WIDTH, CardSlot
from store.board import Board, card_matches, load_board
from tui.i18n import t


CHROME_LINES = 4  # header, counts, arrivals and departures, key bar (and a planning notice if any)
NOTICE_PERMISSION = "export"  # the office: supervisors, managers, admins see guests planning skips
SCROLLBAR = 1  # board.tcss: scrollbar-size-vertical


def fitting_columns(width: int) -> int:
    """How many cards a row fit in `width` cells."""
    return max(1, (width + CARD_GUTTER) // (CARD_WIDTH + CARD_GUTTER))


def failure_notice(failures) -> str:
    """One line for the managers: how many guests planning skips, the first by name and step."""
    first = failures[0]
    step = first.step or t("board.plan_failed_dates")
    text = t("board.plan_failed", count=len(failures), name=first.name, room=first.room or "-", step=step)
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _floor_bindings() -> list[Binding]:
    return [Binding(str(n), f"floor({n})", "board.key.floor", show=False, id=f"board.floor{n}")
            for n in range(1, 10)]


class BoardScreen(CareScreen):
    CSS_PATH = "board.tcss"
    COMPONENT_CLASSES = CARD_STYLES
    TITLE_KEY = "board.title"
    AUTO_FOCUS = None  # keys go to the board, not the (hidden) filter box
    BINDINGS = [
        Binding("enter", "open", "board.key.open", id="board.open"),
        # priority: handled as the key arrives, so the keys typed right after it go into the box
        Binding("slash", "filter", "board.key.filter", id="board.filter", priority=True),
        Binding("a", "actions", "guest_actions.key", id="board.actions"),
        Binding("up,k", "move('up')", "board.key.up", show=False, id="board.up"),
        Binding("down,j", "move('down')", "board.key.down", show=False, id="board.down"),
        Binding("left,h", "move('left')", "board.key.left", show=False, id="board.left"),
        Binding("right,l", "move('right')", "board.key.right", show=False, id="board.right"),
        Binding("escape", "clear", "board.key.clear", show=False, id="board.clear"),
        Binding("q", "app.quit", "board.key.quit", show=False, id="board.quit"),  # in ? help; footer keeps 6
        *_floor_bindings(),
    ]

    def __init__(self, room: str | None = None) -> None:
        super().__init__()
        self.board: Board | None = None
        self.cursor: int | None = None  # room id
        self.query_text = ""
        self._left_box = False  # Enter in the filter box has moved on to the cards
        self.sections: list[FloorSection] = []
        self._unmounted: list[FloorSection] = []  # the tail of `sections`, mounted one per frame
        self._composed_floors = False  # the floors in view came with compose (preloaded data)
        self._box: Input | None = None  # the filter box, mounted after the first frame
        self._box_mounting = None  # its mount, once started
        self._goto_room = room

    def compose_body(self) -> ComposeResult:
        yield Static(id="board-counts")
        yield Static(id="board-moves")
        yield Static(id="board-notice", classes="-hidden")  # guests planning skipped (managers)
        yield VerticalScroll(*self._first_floors(), id="board-scroll", can_focus=False)
        # the filter box is mounted after the first frame (_add_filter_box): 2-5 ms of the start

    def load(self) -> Board:
        board = load_board()
        actor = getattr(self.app, "actor", None)
        if actor is not None and actor.can(NOTICE_PERMISSION):
            from store.plan_failures import failures  # usually none: one small indexed read

            board = replace(board, failures=tuple(failures()))
        return board

    def show(self, board: Board) -> None:
        self.board = board
        self._show_strip(board)
        if [tuple(r.room_id for r in f.rooms) for f in board.floors] != self._layout():
            self._rebuild(board)
        else:
            for section, floor in zip(self.sections, board.floors):
                section.update_floor(floor)
            if self._composed_floors:  # the first show after composing the first floors: the rest
                self._composed_floors = False
                self.run_worker(self._mount_floors(None), group="board-floors", exclusive=True)
                self.call_after_refresh(self._reflow)
        self._apply_filter()
        if self._box_mounting is None:
            self.call_after_refresh(self._add_filter_box)
        if self._goto_room:
            self.goto_room(self._goto_room)
            self._goto_room = None

    def _first_floors(self) -> list[FloorSection]:
        """With the board read before the push (preload), the floors in view are composed with
        the screen: its first frame shows them, not the frame after (a start 10-15 ms sooner).
        Columns are guessed from the terminal; the reflow after the first frame corrects them."""
        board = self._preloaded
        if not isinstance(board, Board) or not board.floors:
            return []
        self.sections = [FloorSection(floor) for floor in board.floors]
        width, height = self.app.size.width, max(self.app.size.height - CHROME_LINES, 1)
        columns = fitting_columns(width)
        if floors_in_view(self.sections, columns, height) < len(self.sections):
            columns = fitting_columns(width - SCROLLBAR)  # it will scroll: the bar takes a column
        for section in self.sections:
            section.columns = columns
        first = floors_in_view(self.sections, columns, height)
        self._unmounted = self.sections[first:]
        self._composed_floors = True
        return self.sections[:first]

    def _layout(self) -> list:
        return [tuple(c.card.room_id for c in s.cards) for s in self.sections]

    def _rebuild(self, board: Board) -> None:
        """New floor sections: those in view at once, the others one per frame after it (mounting
        300 cards before the first frame held a large center's board back by ~200 ms)."""
        scroll = self.query_one("#board-scroll", VerticalScroll)
        scroll.remove_children()
        self.sections = [FloorSection(floor) for floor in board.floors]
        self._unmounted, self._composed_floors = [], False
        if not self.sections:
            scroll.mount(Static(t("board.empty"), id="board-empty"))
            return
        columns = self.columns()
        for section in self.sections:
            section.columns = columns  # applied on mount: no first layout at the stylesheet's 5
        first = floors_in_view(self.sections, columns, scroll.size.height)
        self._unmounted = self.sections[first:]
        self.run_worker(self._mount_floors(scroll.mount_all(self.sections[:first])),
                        group="board-floors", exclusive=True)
        self.call_after_refresh(self._reflow)

    async def _mount_floors(self, mounting) -> None:
        """After the floors in view are on screen, mount the next floor after each frame."""
        if mounting is not None:
            await mounting
        while self._unmounted:
            await self._next_frame()
            if self._unmounted:
                await self.query_one("#board-scroll").mount(self._unmounted.pop(0))

    def _next_frame(self):
        """An awaitable that ends after the screen's next refresh."""
        drawn = asyncio.Event()
        self.call_after_refresh(drawn.set)
        return drawn.wait()

    def mount_all_floors(self):
        """Mount the floors not mounted yet (before scrolling to one of them); an awaitable or None."""
        rest, self._unmounted = self._unmounted, []
        return self.query_one("#board-scroll").mount_all(rest) if rest else None

    def _show_strip(self, board: Board) -> None:
        counts = "  ".join(f"{t(f'board.status.{k}')} {v}" for k, v in board.counts.items())
        self.query_one("#board-counts", Static).update(counts)
        notice = self.query_one("#board-notice", Static)
        notice.set_class(not board.failures, "-hidden")
        if board.failures:
            notice.update(Text(failure_notice(board.failures)))
        width = self.app.size.width - 2  # the strip's padding
        self.query_one("#board-moves", Static).update(Text(moves_line(board.arrivals, board.departures, width)))

    # -- layout ----------------------------------------------------------------------
    def on_resize(self) -> None:
        if self.board is not None:
            self._show_strip(self.board)  # the arrivals and departures fitted to the new width
        self.call_after_refresh(self._reflow)

    def columns(self) -> int:
        return fitting_columns(self.query_one("#board-scroll").scrollable_content_region.width)

    def _reflow(self) -> None:
        columns = self.columns()
        for section in self.sections:
            section.set_columns(columns)

    # -- cursor and filter -----------------------------------------------------------
    def visible_cards(self) -> list[list[CardSlot]]:
        return [s.visible_cards() for s in self.sections]

    def _set_cursor(self, card: CardSlot | None) -> None:
        self.cursor = card.card.room_id if card else None
        for section in self.sections:
            section.set_cursor(self.cursor)
        if card is not None:
            self._scroll_to(card)

    def _scroll_to(self, target: CardSlot | FloorSection, top: bool = False) -> None:
        """Bring a card (or a floor's title) into view, once the floor is laid out."""
        section = self._section_of(target)
        if section is None:
            return  # rebuilt meanwhile
        if section.is_mounted:
            self.call_after_refresh(self._scroll_now, section, target, top)
        else:  # a floor still waiting for its frame: mount them all, then scroll
            self.call_later(self._scroll_when_mounted, section, target, top)

    def _section_of(self, target) -> FloorSection | None:
        return next((s for s in self.sections if target is s or any(target is c for c in s.cards)), None)

    async def _scroll_when_mounted(self, section: FloorSection, target, top: bool) -> None:
        if section in self._unmounted:
            self.mount_all_floors()
        await AwaitMount(self.query_one("#board-scroll"), [section])  # the floor and its grid
        self.call_after_refresh(self._scroll_now, section, target, top)

    def _scroll_now(self, section: FloorSection, target, top: bool) -> None:
        offset = 0 if target is section else section.card_y(target.card.room_id)
        if offset is None or section not in self.sections:
            return
        height = 1 if target is section else CARD_HEIGHT
        region = Region(0, section.virtual_region.y + offset, 1, height)
        self.query_one("#board-scroll", VerticalScroll).scroll_to_region(region, animate=False, top=top)

    def current_card(self) -> CardSlot | None:
        for section in self.sections:
            for card in section.cards:
                if card.card.room_id == self.cursor and card.display:
                    return card
        return None

    def action_move(self, direction: str) -> None:
        target = move_cursor(self.visible_cards(), self.current_card(), direction, self.columns())
        if target is not None:
            self._set_cursor(target)

    def action_floor(self, number: int) -> None:
        sections = [s for s in self.sections if s.visible_cards()]
        match = [s for s in sections if s.floor.number == number] or sections[number - 1:number]
        if match:
            self._set_cursor(match[0].visible_cards()[0])
            self._scroll_to(match[0], top=True)

    def goto_room(self, number: str) -> bool:
        """Put the cursor on room `number` (the palette's "rooms" uses this)."""
        self._clear_filter()
        for section in self.sections:
            for card in section.cards:
                if card.card.number == number:
                    self._set_cursor(card)
                    return True
        return False

    def action_open(self) -> None:
        card = self.current_card()
        if card is None:
            return
        if card.card.occupant is None:
            self.notify(t("board.no_guest", room=card.card.number))
            return
        self.app.show_screen("guest_file", guest_id=card.card.occupant.guest_id)

    def action_actions(self) -> None:
        """The actions menu for the guest in (or arriving to) the room under the cursor."""
        card = self.current_card()
        if card is None or card.card.occupant is None:
            if card is not None:
                self.notify(t("board.no_guest", room=card.card.number))
            return
        from screens.dialogs.guest_actions import open_guest_actions  # on use: keeps the board's start lean
        from tui.guest_actions import offers

        guest = card.card.occupant
        status = "admitted" if guest.in_house else "signed"
        open_guest_actions(self, guest.name, offers(guest.guest_id, "postpartum", guest.stay_id, status, self.app.actor))

    def _filter_box(self) -> Input | None:
        """The filter box, once mounted (after the first frame)."""
        return self._box if self._box is not None and self._box.is_mounted else None

    def _add_filter_box(self):
        """Mount the (hidden) filter box; an awaitable that ends when it is mounted."""
        if self._box_mounting is None:
            self._box = CareInput(placeholder=t("board.filter_placeholder"), id="board-filter", classes="-hidden")
            self._box.can_focus = False  # only while shown: keys belong to the board
            self._box_mounting = self.mount(self._box, before=self.query_one(KeyBar))
        return self._box_mounting

    async def action_filter(self) -> None:
        """Open the filter box; "/zxh" in one burst (ssh, a fast typist) types zxh into it."""
        box = self._filter_box()
        if box is None:  # `/` before the first frame was drawn: the keys after it wait for the box
            await self._add_filter_box()
            box = self._box
        box.remove_class("-hidden")
        self._left_box = False
        focus_box_now(self, box)

    def action_clear(self) -> None:
        box = self._filter_box()
        if self.query_text or (box is not None and box.has_focus):
            self._clear_filter()
        else:
            self.app.action_back()

    def _clear_filter(self) -> None:
        box = self._filter_box()
        if box is not None:
            box.value = ""
            box.add_class("-hidden")
            box.can_focus = False
        self.query_text = ""
        self.set_focus(None)
        self._apply_filter()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._left_box = False
        self._apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.query_text:
            self._clear_filter()
            return
        if self._left_box:  # the second Enter of one burst ("/602", Enter, Enter over ssh)
            self.action_open()  # reached the box before the first one had taken the focus away
            return
        self._left_box = True
        event.input.can_focus = False  # keys go back to the cards, also after the guest file
        self.set_focus(None)
        if self.current_card() is None:
            self.notify(t("board.no_match", query=self.query_text), severity="warning")

    def _apply_filter(self) -> None:
        for section in self.sections:
            section.filter(lambda card: card_matches(card, self.query_text))
        box = self._filter_box()
        if box is not None and self.query_text and not box.has_focus:
            box.border_title = t("board.filter_active", query=self.query_text)
        current = self.current_card()
        if current is None:
            first = next((cards[0] for cards in self.visible_cards() if cards), None)
            self._set_cursor(first)
        else:
            self._set_cursor(current)
