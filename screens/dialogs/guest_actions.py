"""The actions menu (key `a`): what can be done for this guest now; Enter opens its form."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from screens.widgets.plain import plain
from tui.guest_actions import Offer
from tui.i18n import t
from tui.keys import translate_bindings


class GuestActionsDialog(ModalScreen[Offer | None]):
    DEFAULT_CSS = """
    GuestActionsDialog { align: center middle; }
    GuestActionsDialog > #actions-box { width: 50; max-width: 95%; height: auto; max-height: 90%;
                                        border: thick $accent; background: $surface; padding: 0 1; }
    GuestActionsDialog OptionList { height: auto; max-height: 18; border: none; }
    GuestActionsDialog .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "close", "common.back", id="guest_actions.close")]

    def __init__(self, name: str, offers: list[Offer]) -> None:
        super().__init__()
        translate_bindings(self)
        self.guest_name, self.offers = name, offers

    def compose(self) -> ComposeResult:
        with Vertical(id="actions-box") as box:
            box.border_title = plain(f"{t('guest_actions.title')} · {self.guest_name}")
            if self.offers:
                yield OptionList(*[_option(i, o) for i, o in enumerate(self.offers)], id="actions-list")
            else:
                yield Static(t("guest_actions.none"), id="actions-none")
            yield Static(t("guest_actions.hint"), classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.offers[int(event.option.id)])

    def action_close(self) -> None:
        self.dismiss(None)


def _option(index: int, offer: Offer) -> Option:
    """A menu line; one the store would refuse is dimmed with the reason and cannot be chosen."""
    if not offer.refusal:
        return Option(t(offer.action.label), id=str(index))
    line = Text(t(offer.action.label))
    line.append(f"  {offer.refusal}", style="italic")
    return Option(line, id=str(index), disabled=True)


def open_guest_actions(screen, name: str, offers: list[Offer]) -> None:
    """Show the menu over `screen`; the chosen action's form opens on top."""

    def chosen(offer: Offer | None) -> None:
        if offer is not None:
            screen.app.show_screen(offer.action.screen, **offer.kwargs)

    screen.app.push_screen(GuestActionsDialog(name, offers), chosen)
