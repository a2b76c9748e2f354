"""The header line: center name and screen title on the left; local date, time and who is signed in on the right."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from store import clock
from store.text import inert
from tui.i18n import language, role_name, t


class CareHeader(Widget):
    DEFAULT_CSS = """
    CareHeader { dock: top; height: 1; background: $panel; color: $foreground; }
    """

    def on_mount(self) -> None:
        self._shown = ""
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self._clock_text() != self._shown:
            self.refresh()

    def _clock_text(self) -> str:
        now = clock.local_now()
        weekday = t("shell.weekdays").split(",")[now.weekday()]
        if language() == "zh":
            return f"{now.format('YYYY-MM-DD')} {weekday} {now.format('HH:mm')}"
        return f"{weekday} {now.format('YYYY-MM-DD HH:mm')}"

    def _who(self) -> str:
        actor = getattr(self.app, "actor", None)
        if actor is None:
            return t("shell.not_signed_in")
        return inert(f"{actor.name} ({role_name(actor.role)})")

    def render(self) -> Text:
        """Left part cut where the right part begins; the right part always whole."""
        self._shown = self._clock_text()
        center = getattr(self.app, "center_name", "") or t("common.app_name")
        title = inert(getattr(self.screen, "title_text", ""))  # a title may name a guest
        right = f"{self._shown}  {self._who()}"  # flush right, as the Rich grid drew it
        room = max(self.size.width - cell_len(right), 0)
        left = Text.assemble((f" {center}", "bold"), "  ", title)
        left.truncate(room, overflow="crop", pad=True)
        return Text.assemble(left, right)
