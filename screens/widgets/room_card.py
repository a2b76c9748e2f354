"""A floor's rooms as one widget that draws its grid of cards line by line (Textual's line API).

One widget per floor, not one per room: the first paint of a large center's board (50 card
widgets in view) cost ~150 ms in the compositor; a floor drawn as whole lines costs ~40 ms.
A card is CARD_HEIGHT lines of its room's text on its status colour, cards CARD_GUTTER apart;
colours come from the screen's component classes (board.tcss), so themes apply.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from store import clock
from store.board import LATE_FLAGS, RoomCard
from store.text import inert
from tui.i18n import t

CARD_WIDTH = 14  # + 1 gutter: 5 cards in 80 columns, 10 in 160
CARD_HEIGHT = 6  # lines
CARD_GUTTER = 1  # blank columns between cards, blank lines under each row
ROW_HEIGHT = CARD_HEIGHT + CARD_GUTTER
STATUSES = ("vacant", "reserved", "occupied", "cleaning", "out_of_service")
# The screen's styles for a card (board.tcss): its status colours, the cursor, flag and overdue lines.
CARD_STYLES = frozenset({f"room-card--{s}" for s in STATUSES} | {
    "room-card--cursor", "room-card--flag", "room-card--overdue", "room-card--cursor-flag",
    "room-card--cursor-overdue"})
BOLD = Style(bold=True)


@dataclass
class CardSlot:
    """One room's place on a floor: what it shows and whether the filter keeps it."""

    card: RoomCard
    display: bool = True


class FloorGrid(Widget):
    """The cards of one floor, `columns` a row; the card whose room id is `cursor` is highlighted."""

    DEFAULT_CSS = "FloorGrid { height: auto; }"

    def __init__(self, slots: list[CardSlot]) -> None:
        super().__init__(classes="floor-grid")
        self.slots = slots
        self.columns = 1
        self.cursor: int | None = None
        # (card, under cursor, width) -> its lines drawn; the screen's card styles by name. Looking
        # the styles up for each line of each card was a third of drawing the board's first frame.
        self._drawn: dict[tuple[RoomCard, bool, int], list[list[Segment]]] = {}
        self._styles: dict[str, Style] = {}

    def visible(self) -> list[CardSlot]:
        return [slot for slot in self.slots if slot.display]

    def set_columns(self, columns: int) -> None:
        if columns != self.columns:
            self.columns = columns
            self.refresh(layout=True)

    def set_cursor(self, room_id: int | None) -> None:
        """Highlight another card: only the rows of the old and the new one are drawn again."""
        if room_id == self.cursor:
            return
        rows = {self.row_of(r) for r in (self.cursor, room_id) if r is not None} - {None}
        self.cursor = room_id
        if rows:
            self.refresh(*(Region(0, row * ROW_HEIGHT, self.size.width, CARD_HEIGHT) for row in rows))

    def changed(self, layout: bool = False) -> None:
        """The slots' cards or filter changed: draw again (re-layout when the rows may differ)."""
        self._drawn.clear()
        self.refresh(layout=layout)

    def notify_style_update(self) -> None:
        """A theme change (Ctrl+P Contrast): the cached lines and styles carry the old colours."""
        super().notify_style_update()
        self._drawn.clear()
        self._styles.clear()

    def row_of(self, room_id: int) -> int | None:
        """The grid row of a visible room, for scrolling to it."""
        for index, slot in enumerate(self.visible()):
            if slot.card.room_id == room_id:
                return index // self.columns
        return None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return -(-len(self.visible()) // self.columns) * ROW_HEIGHT

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._styles.get("")
        if base is None:
            base = self._styles[""] = self.rich_style  # the grid's own: a lookup up the DOM each time
        row, line = divmod(y, ROW_HEIGHT)
        cards = self.visible()[row * self.columns:(row + 1) * self.columns]
        if line >= CARD_HEIGHT or not cards:
            return Strip.blank(width, base)
        segments: list[Segment] = []
        for index, (start, end) in enumerate(column_spans(width, self.columns)[:len(cards)]):
            if index:
                segments.append(Segment(" " * CARD_GUTTER, base))
            segments.extend(self._card_line(cards[index].card, line, end - start))
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def _card_line(self, card: RoomCard, line: int, width: int) -> list[Segment]:
        """Line `line` of a card `width` cells wide."""
        cursor = card.room_id == self.cursor
        if len(self._drawn) > 4 * len(self.slots) + 8:  # widths of earlier sizes
            self._drawn.clear()
        drawn = self._drawn.get((card, cursor, width))
        if drawn is None:
            drawn = self._drawn[(card, cursor, width)] = self._draw(card, cursor, width)
        return drawn[line]

    def _draw(self, card: RoomCard, cursor: bool, width: int) -> list[list[Segment]]:
        """A card's lines `width` cells wide: one cell of padding each side, on its colour."""
        if width < 2:
            return [[] for _ in range(CARD_HEIGHT)]
        texts = card_lines(card, self._style("flag", cursor), self._style("overdue", cursor))
        colour, inner, console = self._style("cursor" if cursor else card.status, False), width - 2, self.app.console
        pad = Segment(" ", colour)
        return [[pad, *_fitted(_segments(texts[line], console) if line < len(texts) else [], inner, colour), pad]
                for line in range(CARD_HEIGHT)]

    def _style(self, name: str, cursor: bool) -> Style:
        """The screen's `room-card--[cursor-]<name>` style (bold where the screen has none)."""
        key = f"room-card--{'cursor-' if cursor else ''}{name}"
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.screen.get_component_rich_style(key, partial=True, default=BOLD)
        return style

    def filter(self, keep: Callable[[RoomCard], bool]) -> int:
        """Show only the cards `keep` accepts; returns how many are shown."""
        before = [slot.display for slot in self.slots]
        for slot in self.slots:
            slot.display = bool(keep(slot.card))
        if before != [slot.display for slot in self.slots]:
            self.changed(layout=True)
        return sum(slot.display for slot in self.slots)


def _segments(text: Text, console) -> list[Segment]:
    """A one-line Text as segments, its own style under its spans' (Text.render leaves it out)."""
    base = console.get_style(text.style) if text.style else None
    if base is None:
        return list(text.render(console))
    return [Segment(seg.text, base + seg.style if seg.style else base) for seg in text.render(console)]


def _fitted(segments: list[Segment], width: int, colour: Style) -> list[Segment]:
    """The segments cut or filled to `width` cells, on `colour` (what Strip's crop_extend and
    apply_style did, without building three Strips a line: a fifth of drawing a card)."""
    out, used = [], 0
    for segment in segments:
        if used >= width:
            break
        text, cells = segment.text, cell_len(segment.text)
        if used + cells > width:  # cut; half of a wide character becomes a space
            text, cells = set_cell_size(text, width - used), width - used
        out.append(Segment(text, colour + segment.style if segment.style else colour))
        used += cells
    if used < width:
        out.append(Segment(" " * (width - used), colour))
    return out


def column_spans(width: int, columns: int) -> list[tuple[int, int]]:
    """(start, end) cells of each card column: equal shares of the width, gutters between."""
    usable = max(width - CARD_GUTTER * (columns - 1), columns)
    spans, start = [], 0
    for index in range(columns):
        end = start + usable * (index + 1) // columns - usable * index // columns
        spans.append((start, end))
        start = end + CARD_GUTTER
    return spans


def card_lines(card: RoomCard, flag_style="bold", overdue_style="bold") -> list[Text]:
    """Up to six lines: room and day of stay, name, baby, discharge, flags, next visit."""
    guest = card.occupant
    head = Text(inert(card.number), style="bold")  # stored text: inert (store/text.py), and Text, never markup
    if guest is None:
        return [head, Text(t(f"board.status.{card.status}")), Text(inert(card.note))]
    if not guest.in_house:
        when = guest.planned_admission.strftime("%m-%d") if guest.planned_admission else ""
        return [head, Text(inert(guest.name), style="bold"), Text(t("board.arrives", date=when))]
    if guest.day is not None:
        head.append(" " + t("board.day_of_stay", day=guest.day, days=guest.days))
    lines = [head, Text(inert(guest.name), style="bold")]
    lines.append(Text(t("board.baby", name=inert(guest.baby))) if guest.baby else Text(""))
    out = guest.planned_discharge.strftime("%m-%d") if guest.planned_discharge else "-"
    lines.append(Text(t("board.discharge", date=out)))
    lines.append(_flags(guest.flags, flag_style, overdue_style))
    lines.append(_next_visit(guest.next_visit_at, overdue_style))
    return lines


def _flags(flags, flag_style, overdue_style) -> Text:
    """Flags on one line; a late complaint or a missing sign-off takes the overdue colour."""
    line = Text()
    for i, flag in enumerate(flags):
        if i:
            line.append(" ")
        line.append(t(f"board.flag.{flag}"), style=overdue_style if flag in LATE_FLAGS else flag_style)
    return line


def _next_visit(at, overdue_style) -> Text:
    if at is None:
        return Text("")
    local = at.to(clock.timezone())
    if at < clock.now():
        return Text(t("board.next_visit", when=t("board.overdue")), style=overdue_style)
    when = local.format("HH:mm") if local.date() == clock.today() else local.format("MM-DD")
    return Text(t("board.next_visit", when=when))
