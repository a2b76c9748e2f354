"""Keys typed in one burst (a paste, tmux, one ssh packet) go where the typist meant them.

Tab: out of a text box only after it has taken every key typed before the Tab.

Textual hands a key to the widget focused when the key arrives. A text box keeps its keys,
so in a burst ("Wang<Tab>138": a paste, tmux, one ssh packet) the digits followed the name
into the same box. A screen with text boxes binds TAB_BINDINGS (priority: handled as the Tab
arrives) to an action that awaits next_field(): the box finishes its queue, then focus moves
before the next keys are handed out. For any other widget (a list, a button, which resolve
their keys on the way back up through the app, in order with a plain Tab) it steps aside
(SkipAction) and Textual's own Tab runs.

A key that opens a text box ("/" for a filter) is bound with priority and calls focus_box_now,
so the keys typed right after it are handed to the box, not to the screen's other bindings.
"""
from __future__ import annotations

import asyncio

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

TAB_BINDINGS = [
    Binding("tab", "next_field(1)", show=False, priority=True),
    Binding("shift+tab", "next_field(-1)", show=False, priority=True),
]


async def next_field(screen: Screen, step: int, boxes: tuple[type, ...] = (Input,)) -> None:
    """Move focus by `step` once the focused box (one of `boxes`) has taken its queued keys."""
    widget = screen.focused
    if not isinstance(widget, boxes):
        raise SkipAction()
    await drained(widget)
    screen.focus_next() if step > 0 else screen.focus_previous()


async def drained(widget) -> None:
    """Return once `widget` has handled every key queued for it before now (at most 1 s)."""
    done = asyncio.Event()
    widget.call_later(done.set)
    try:
        await asyncio.wait_for(done.wait(), 1.0)
    except asyncio.TimeoutError:
        pass  # a busy box must not hold the keyboard: move anyway


def focus_box_now(screen: Screen, box: Input, key: str = "/") -> None:
    """On `key`: focus `box` before the next key is handed out; where the focus takes the key as
    text (the box itself, a list's type-to-search) it is just text. (Textual leaves a letter to
    such a widget by itself, but not "/": its key name, "slash", maps to no character.)"""
    focused = screen.focused
    if focused is not None and focused.check_consume_key(key, key):
        raise SkipAction()
    box.can_focus = True
    screen.set_focus(box)
