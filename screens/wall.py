"""`carefloor wall`: a read-only board for a station screen. Names masked (王女士 / Ms. W.), no health
data (store.wall never hands it over), roomy cards that fill the screen, live refresh, q quits.

No login: it can show nothing a passer-by may not see. No palette, no other keys.
"""
from __future__ import annotations

import math

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from store import clock
from store import db as store_db
from store.errors import StoreError
from store.settings import get_setting
from store.text import inert
from store.wall import Masked, Wall, WallCard, WallMove, load_wall
from tui import humanize
from tui.i18n import language, t
from tui.keys import translate_bindings
from tui.live import ChangeWatcher

MIN_CARD_WIDTH = 16
MAX_CARD_HEIGHT = 6
PAGE_SECONDS = 12  # a center with more rooms than fit: the wall pages through them


def masked(guest: Masked) -> str:
    """王女士 / Ms. W.; "" for a name that shows nothing (store.wall.HIDDEN): the room alone."""
    if not guest:
        return ""
    return t("wall.masked", who=guest.surname if language() == "zh" else guest.initial)


def arriving(day) -> str:
    """'arrives today' / 'arrives tomorrow', else 'arrives 11-26' (short enough for a narrow card)."""
    soon = (day - clock.today()).days in (0, 1)
    return t("wall.arriving", date=humanize.days_relative(day) if soon else day.strftime("%m-%d"))


def card_text(card: WallCard, height: int) -> Text:
    """The card's lines: room and status, masked name, day of stay or arrival, then flags."""
    lines = [Text(card.number, style="bold")]
    if card.guest is None:
        lines.append(Text(t(f"wall.status.{card.status}")))
    else:
        if card.guest:
            lines.append(Text(masked(card.guest), style="bold"))
        if card.in_house and card.day is not None:
            lines.append(Text(t("wall.day_of", day=card.day, days=card.days)))
        elif card.arriving_on is not None:
            lines.append(Text(arriving(card.arriving_on)))
        flags = [t("wall.leaving")] if card.leaving_today else []
        flags += [t("wall.dnd")] if card.dnd else []
        if flags:
            lines.append(Text(" ".join(flags), style="bold"))
    if len(lines) > height:  # a short card: flags (leaving, do-not-disturb) matter more than the day
        lines = lines[:height - 1] + lines[-1:]
    text = Text("\n").join(lines)
    text.no_wrap, text.overflow = True, "crop"
    return text


class WallCardWidget(Widget):
    def __init__(self, card: WallCard) -> None:
        super().__init__(classes=f"wall-card -{card.status}")
        self.card = card

    def update_card(self, card: WallCard) -> None:
        self.remove_class(f"-{self.card.status}")
        self.add_class(f"-{card.status}")
        self.card = card
        self.refresh()

    def render(self) -> Text:
        return card_text(self.card, max(1, self.content_size.height))


def moves_text(label: str, moves: tuple[WallMove, ...]) -> str:
    items = ", ".join(f"{m.room} {masked(m.guest)}".rstrip() for m in moves) or t("wall.none")
    return f"{label}: {items}"


class WallScreen(Screen):
    CSS_PATH = "wall.tcss"
    GUEST_DATA = False  # only masked data

    def __init__(self) -> None:
        super().__init__()
        self.wall: Wall | None = None
        self.cards: list[WallCardWidget] = []
        self.center = ""
        self.loads = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="wall-head")
        yield Static("", id="wall-moves")
        with VerticalScroll(id="wall-scroll", can_focus=False):
            yield Grid(id="wall-grid")

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(30, self._tick)
        self.set_interval(PAGE_SECONDS, self._page)

    def reload(self) -> None:
        self._load_worker()

    @work(thread=True, exclusive=True, group="wall-load")
    def _load_worker(self) -> None:
        try:
            wall, center = load_wall(), inert(get_setting("center_name", "") or "")
        except StoreError:
            self.app.call_from_thread(self.notify, t("wall.title") + ": " + t("shell.db_unreachable", error=""),
                                      severity="error")
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._show, wall, center)

    def _show(self, wall: Wall, center: str) -> None:
        self.wall, self.center = wall, center
        grid = self.query_one("#wall-grid", Grid)
        if [c.card.number for c in self.cards] != [c.number for c in wall.cards]:
            grid.remove_children()
            self.cards = [WallCardWidget(card) for card in wall.cards]
            grid.mount_all(self.cards)
        else:
            for widget, card in zip(self.cards, wall.cards):
                if widget.card != card:
                    widget.update_card(card)
        self._head()
        self._moves(wall)
        self.call_after_refresh(self._layout)
        self.loads += 1

    def _moves(self, wall: Wall) -> None:
        """Arrivals and departures on one line if they fit, else one line each."""
        parts = [moves_text(t("wall.arrivals"), wall.arrivals), moves_text(t("wall.departures"), wall.departures)]
        one = "    ".join(parts)
        fits = cell_len(one) <= self.size.width - 2
        moves = self.query_one("#wall-moves", Static)
        moves.update(Text(one if fits else "\n".join(parts)))  # Text: a room number is never markup
        moves.styles.height = 1 if fits else 2

    def _head(self) -> None:
        now = clock.local_now()
        left = f"{self.center}  {t('wall.title')}".strip()
        right = f"{humanize.day_label(now.date())} {now.format('HH:mm')}   {t('wall.quit_hint')}"
        self.query_one("#wall-head", Static).update(Text.assemble((left, "bold"), "   ", right))

    def _tick(self) -> None:
        if self.wall is not None and self.wall.day != clock.today():
            self.reload()
        elif self.wall is not None:
            self._head()

    def on_resize(self) -> None:
        self.call_after_refresh(self._layout)

    def _layout(self) -> None:
        """Few wide cards when the screen is big, many narrow ones when small; as tall as fits."""
        if not self.cards:
            return
        if self.wall is not None:
            self._moves(self.wall)
        moves = self.query_one("#wall-moves").styles.height
        width = self.size.width
        height = max(1, self.size.height - 1 - int(moves.value if moves else 1))  # below the head and moves
        count = len(self.cards)
        most = max(1, width // MIN_CARD_WIDTH)
        columns = min(most, max(math.ceil(count / max(1, (height + 1) // (MAX_CARD_HEIGHT + 1))), 1))
        rows = math.ceil(count / columns)
        card_height, gutter = min(MAX_CARD_HEIGHT, (height + 1) // rows - 1), 1
        if card_height < 3:  # tight: drop the gap between rows before the cards shrink
            card_height, gutter = max(2, min(MAX_CARD_HEIGHT, height // rows)), 0
        grid = self.query_one("#wall-grid", Grid)
        grid.styles.grid_size_columns = columns
        grid.styles.grid_rows = str(card_height)
        grid.styles.grid_gutter_horizontal = gutter  # Textual: the horizontal gutter lies between rows
        grid.styles.height = rows * card_height + (rows - 1) * gutter
        for card in self.cards:
            card.set_class(card_height >= 5, "-roomy")

    def _page(self) -> None:
        scroll = self.query_one("#wall-scroll", VerticalScroll)
        if scroll.max_scroll_y <= 0:
            return
        target = 0 if scroll.scroll_y >= scroll.max_scroll_y else scroll.scroll_y + scroll.size.height
        scroll.scroll_to(y=target, animate=False)

    def on_data_changed(self, message) -> None:
        self.reload()


class WallApp(App):
    """The wall's own app: no login, no palette, one key (q) to quit."""

    TITLE = "carefloor wall"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "wall.key.quit", id="wall.quit")]

    def __init__(self, poll_ms: int = 1000, theme: str = "carefloor-dark") -> None:
        super().__init__()
        from tui.themes import THEMES

        translate_bindings(self)
        self.poll_ms = poll_ms
        for item in THEMES:
            self.register_theme(item)
        self.theme = theme
        self.watcher: ChangeWatcher | None = None

    def get_theme_variable_defaults(self) -> dict[str, str]:
        from tui.themes import STATUS_DEFAULTS

        return dict(STATUS_DEFAULTS)

    def on_mount(self) -> None:
        self.watcher = ChangeWatcher()
        self.set_interval(self.poll_ms / 1000, self._poll)
        self.push_screen(WallScreen())

    def _poll(self) -> None:
        try:
            if self.watcher is not None:
                self.watcher.check_file()  # after `carefloor restore`, follow the restored file
            changed = self.watcher.poll() if self.watcher else None
        except Exception:  # database away: keep showing the last board, try again next poll
            return
        if changed is not None and isinstance(self.screen, WallScreen):
            self.screen.reload()
