"""Stored text on screen: inert (store/text.py) and never markup.

A `str` given to a Textual widget is parsed as markup, so a guest named "[@click=app.quit]x" would
be a button and "[red]" a colour; a stored ESC would reach the terminal as it is. Whatever shows
stored text goes through here:

    Text(...) pieces            plain(guest.name, style="bold")
    a Static's whole content    PlainStatic(...) / .update(...): str and Text made safe
    table cells                 CareTable does it for every row (screens/widgets/care_table.py)
    choices, prefilled boxes    safe_options(options), inert(value)
    a text box                  CareInput: what is typed or pasted is kept as it is (the store
                                refuses it with the reason, under the box) but drawn inert
"""
from __future__ import annotations

from typing import Any, Iterable

from rich.highlighter import Highlighter
from rich.text import Span, Text
from textual.widgets import Input, Static

from store.text import boxed, find_bad, inert


def plain(value: Any, style: str = "", *, multiline: bool = False) -> Text:
    """Stored text as a Rich Text: shown as written, its control characters as visible stand-ins."""
    return Text(inert(value, multiline=multiline), style=style)


def safe(content: Any, *, multiline: bool = True) -> Any:
    """A widget's content with no markup and no raw control character: a str becomes a Text; a
    Text keeps its styles; anything else (a Rich table, a Group) is left to whoever built it."""
    if isinstance(content, str):
        return Text(inert(content, multiline=multiline))
    if isinstance(content, Text):
        return inert_text(content, multiline=multiline)
    return content


def inert_text(text: Text, *, multiline: bool = True) -> Text:
    """`text` itself when clean, else a copy made inert piece by piece, each piece's styles kept."""
    if find_bad(text.plain, multiline=multiline) is None:
        return text
    cuts = sorted({0, len(text.plain)} | {s.start for s in text.spans} | {s.end for s in text.spans})
    out = Text(style=text.style, justify=text.justify, no_wrap=text.no_wrap, overflow=text.overflow, end=text.end)
    for piece in text.divide(cuts[1:-1]):
        shown = inert(piece.plain, multiline=multiline)
        out.append_text(Text(shown, spans=[Span(0, len(shown), s.style) for s in piece.spans]))
    return out


def safe_options(options: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A Select's (prompt, value) choices with their prompts made safe (a course's stored name)."""
    return [(safe(prompt, multiline=False), value) for prompt, value in options]


class PlainStatic(Static):
    """A Static that shows any str or Text it is given as plain inert text (see `safe`)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        super().__init__(safe(content), **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(safe(content), layout=layout)


class _Boxed(Highlighter):
    """Draws a box's value with each control or bidi character as one visible character (store.text.boxed)."""

    def __call__(self, text: str | Text) -> Text:
        text = Text(text) if isinstance(text, str) else text
        shown = boxed(text.plain)
        if shown == text.plain:
            return text.copy()
        return Text(shown, style=text.style, no_wrap=text.no_wrap, overflow=text.overflow, end=text.end)

    def highlight(self, text: Text) -> None:
        pass


class CareInput(Input):
    """A text box that never draws a pasted control character as it is (the value keeps it, so the
    store can refuse it by name and position)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", _Boxed())
        super().__init__(*args, **kwargs)
