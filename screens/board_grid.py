"""A floor of the board (title + its grid of cards) and cursor movement across floors."""
from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from screens.widgets.room_card import ROW_HEIGHT, CardSlot, FloorGrid
from store.board import FloorRooms, RoomCard
from store.text import inert
from tui.i18n import t


class FloorSection(Vertical):
    """One floor: a title line and its cards, drawn by one FloorGrid whose columns follow the width."""

    def __init__(self, floor: FloorRooms) -> None:
        super().__init__(classes="floor")
        self.floor = floor
        self.cards = [CardSlot(card) for card in floor.rooms]
        self.title = Static(self._title(), classes="floor-title")
        self.grid = FloorGrid(self.cards)

    @property
    def columns(self) -> int:
        return self.grid.columns

    @columns.setter
    def columns(self, columns: int) -> None:
        self.grid.columns = columns

    def compose(self) -> ComposeResult:
        yield self.title
        yield self.grid

    def _title(self) -> Text:
        name = inert(self.floor.name) or t("board.floor", number=self.floor.number)
        occupied = sum(1 for r in self.floor.rooms if r.occupant and r.occupant.in_house)
        return Text(t("board.floor_count", floor=name, rooms=len(self.floor.rooms), occupied=occupied))

    def update_floor(self, floor: FloorRooms) -> None:
        self.floor = floor
        changed = False
        for slot, card in zip(self.cards, floor.rooms):
            if slot.card != card:
                slot.card, changed = card, True
        if changed:
            self.grid.changed()
        self.title.update(self._title())  # works before the section is mounted too

    def set_columns(self, columns: int) -> None:
        self.grid.set_columns(columns)

    def set_cursor(self, room_id: int | None) -> None:
        self.grid.set_cursor(room_id)

    def visible_cards(self) -> list[CardSlot]:
        return self.grid.visible()

    def filter(self, keep: Callable[[RoomCard], bool]) -> None:
        self.display = self.grid.filter(keep) > 0

    def card_y(self, room_id: int) -> int | None:
        """Lines from the top of this floor to the room's card (None if it is not shown)."""
        row = self.grid.row_of(room_id)
        return None if row is None else 1 + row * ROW_HEIGHT


def floors_in_view(sections: list[FloorSection], columns: int, height: int) -> int:
    """How many floors (from the top) fill `height` lines at `columns` cards a row (at least one)."""
    lines, count = 0, 0
    for section in sections:
        if lines >= height:
            break
        rows = -(-len(section.cards) // max(columns, 1))
        lines += 1 + rows * ROW_HEIGHT  # title, then each row and its gutter
        count += 1
    return max(count, 1)


def move_cursor(floors: list[list[CardSlot]], current, direction: str, columns: int):
    """The card the cursor goes to: left/right along the rooms, up/down by grid row, across floors."""
    floors = [cards for cards in floors if cards]
    flat = [card for cards in floors for card in cards]
    if not flat:
        return None
    if current not in flat:
        return flat[0]
    if direction in ("left", "right"):
        index = flat.index(current) + (1 if direction == "right" else -1)
        return flat[min(max(index, 0), len(flat) - 1)]
    f = next(i for i, cards in enumerate(floors) if current in cards)
    index = floors[f].index(current)
    column = index % columns
    step = columns if direction == "down" else -columns
    if 0 <= index + step < len(floors[f]):
        return floors[f][index + step]
    if direction == "down" and index // columns < (len(floors[f]) - 1) // columns:
        return floors[f][-1]  # last, shorter row
    target = f + (1 if direction == "down" else -1)
    if not 0 <= target < len(floors):
        return current
    cards = floors[target]
    if direction == "down":
        return cards[min(column, len(cards) - 1)]
    last_row_start = (len(cards) - 1) // columns * columns
    return cards[min(last_row_start + column, len(cards) - 1)]
