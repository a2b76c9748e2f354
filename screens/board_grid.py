"""A floor of the board (title + grid of cards) and cursor movement across floors."""
from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Static

from screens.widgets.room_card import CARD_HEIGHT, RoomCardWidget
from store.board import FloorRooms, RoomCard
from tui.i18n import t


class FloorSection(Vertical):
    """One floor: a title line and its cards in a grid whose column count follows the width."""

    def __init__(self, floor: FloorRooms) -> None:
        super().__init__(classes="floor")
        self.floor = floor
        self.cards = [RoomCardWidget(card) for card in floor.rooms]
        self.title = Static(self._title(), classes="floor-title")
        self.columns = 0

    def compose(self) -> ComposeResult:
        yield self.title
        yield Grid(*self.cards, classes="floor-grid")

    def _title(self) -> str:
        name = self.floor.name or t("board.floor", number=self.floor.number)
        occupied = sum(1 for r in self.floor.rooms if r.occupant and r.occupant.in_house)
        return t("board.floor_count", floor=name, rooms=len(self.floor.rooms), occupied=occupied)

    def update_floor(self, floor: FloorRooms) -> None:
        self.floor = floor
        for widget, card in zip(self.cards, floor.rooms):
            widget.update_card(card)
        self.title.update(self._title())  # works before the section is mounted too

    def set_columns(self, columns: int) -> None:
        self.columns = columns
        for grid in self.query(".floor-grid"):  # not there yet if called before compose: on_mount applies it
            if grid.styles.grid_size_columns != columns:
                grid.styles.grid_size_columns = columns

    def on_mount(self) -> None:
        if self.columns:
            self.set_columns(self.columns)

    def visible_cards(self) -> list[RoomCardWidget]:
        return [card for card in self.cards if card.display]

    def filter(self, keep: Callable[[RoomCard], bool]) -> None:
        shown = 0
        for card in self.cards:
            card.display = keep(card.card)
            shown += card.display
        self.display = shown > 0


def floors_in_view(sections: list[FloorSection], columns: int, height: int) -> int:
    """How many floors (from the top) fill `height` lines at `columns` cards a row (at least one)."""
    lines, count = 0, 0
    for section in sections:
        if lines >= height:
            break
        rows = -(-len(section.cards) // max(columns, 1))
        lines += 1 + rows * (CARD_HEIGHT + 1)  # title, then each row and its gutter
        count += 1
    return max(count, 1)


def move_cursor(floors: list[list[RoomCardWidget]], current, direction: str, columns: int):
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
