"""One room on the board: a fixed-size card, coloured by status through theme variables (board.tcss)."""
from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from store import clock
from store.board import LATE_FLAGS, RoomCard
from tui.i18n import t

CARD_WIDTH = 14  # + 1 gutter: 5 cards in 80 columns, 10 in 160
CARD_HEIGHT = 6  # lines (board.tcss)
STATUSES = ("vacant", "reserved", "occupied", "cleaning", "out_of_service")
# Styles of a card's flag and overdue lines, declared by the screen (board.tcss), not per card:
# component classes on 300 cards cost ~100 ms of the board's start (two style matches per card).
CARD_STYLES = frozenset({"room-card--flag", "room-card--overdue", "room-card--cursor-flag", "room-card--cursor-overdue"})
BOLD = Style(bold=True)


class RoomCardWidget(Widget):
    """Renders a RoomCard; `card` is replaced in place on refresh so the cursor stays."""

    def __init__(self, card: RoomCard) -> None:
        super().__init__(classes=f"room-card -{card.status}")
        self.card = card

    def update_card(self, card: RoomCard) -> None:
        if card == self.card:
            return
        if card.status != self.card.status:
            self.remove_class(f"-{self.card.status}")
            self.add_class(f"-{card.status}")
        self.card = card
        self.refresh()

    def line_style(self, name: str) -> Style:
        """The screen's `room-card--[cursor-]<name>` style (bold where the screen has none)."""
        cursor = "cursor-" if self.has_class("-cursor") else ""
        return self.screen.get_component_rich_style(f"room-card--{cursor}{name}", partial=True, default=BOLD)

    def render(self) -> Text:
        flag, overdue = self.line_style("flag"), self.line_style("overdue")
        text = Text("\n").join(card_lines(self.card, flag, overdue))
        text.no_wrap, text.overflow = True, "crop"
        return text


def card_lines(card: RoomCard, flag_style="bold", overdue_style="bold") -> list[Text]:
    """Up to six lines: room and day of stay, name, baby, discharge, flags, next visit."""
    guest = card.occupant
    head = Text(card.number, style="bold")
    if guest is None:
        return [head, Text(t(f"board.status.{card.status}")), Text(card.note)]
    if not guest.in_house:
        when = guest.planned_admission.strftime("%m-%d") if guest.planned_admission else ""
        return [head, Text(guest.name, style="bold"), Text(t("board.arrives", date=when))]
    if guest.day is not None:
        head.append(" " + t("board.day_of_stay", day=guest.day, days=guest.days))
    lines = [head, Text(guest.name, style="bold")]
    lines.append(Text(t("board.baby", name=guest.baby)) if guest.baby else Text(""))
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
