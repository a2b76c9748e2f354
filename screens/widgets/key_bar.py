"""The footer: the keys of the screen in front, drawn as one line of text by one widget.

Textual's Footer builds a widget per key and rebuilds them all whenever the bindings change
(a focus move, a key enabled or disabled): about 24 ms of a board's start (measured in tmux,
board with and without it). This draws the same line, " Enter Open file  / Filter ...", in the
Footer's colours, and a click on a key still presses it.
"""
from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


DIM = Style(dim=True)


class KeySpan(NamedTuple):
    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1;
        color: $footer-foreground; background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground; background: $footer-description-background;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[KeySpan] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def shown_keys(self) -> list[tuple[str, str, str, bool]]:
        """(key, how it is written, description, enabled) per action, as the Footer lists them."""
        seen: dict[str, tuple[str, str, str, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
        return list(seen.values())

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self.spans = []
        for key, shown, description, enabled in self.shown_keys():
            start = line.cell_len
            line.append(f" {shown} ", key_style if enabled else key_style + DIM)
            if description:
                line.append(f"{description} ", text_style if enabled else text_style + DIM)
            self.spans.append(KeySpan(start, line.cell_len, key, enabled))
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (the keyboard stays the way; the mouse is optional)."""
        for span in self.spans:
            if span.start <= event.x < span.end:
                if span.enabled:
                    self.app.simulate_key(span.key)
                else:
                    self.app.bell()
                return
