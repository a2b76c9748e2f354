"""Text from outside is hostile: refuse control characters at the door, neutralise them at every output.

Refused by `check` (every store write goes through it: store/fields.py calls it for each text
column, the importer for each cell):
- C0 controls U+0000-U+001F (NUL, BS, CR, ESC ...), DEL U+007F and C1 controls U+0080-U+009F
  (U+009B is a one-byte CSI): a terminal obeys them, so a stored one could wipe the screen,
  retitle the window or write to the clipboard (OSC 52);
- tab and newline too, except in a multi-line field (notes, health notes, complaint texts);
- bidi embeddings, overrides, isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
  U+061C): they reorder what is shown around them, so "12" can read as "21";
- line and paragraph separators (U+2028, U+2029), which some programs break lines at;
- lone surrogates, which cannot be written out at all.

`inert(s)` shows text already stored (an older database, a file edited by hand) without any of
them taking effect: each becomes a visible stand-in of its own, so a reader can see something
was there and what:
- a C0 control or DEL becomes its Unicode control picture, one cell wide: ESC -> ␛, NUL -> ␀,
  BS -> ␈, CR -> ␍, DEL -> ␡ (a tab -> ␉ and a newline -> ␤ on one line);
- anything else refused becomes `<U+XXXX>` in ASCII: C1 U+009B -> <U+009B>, U+202E -> <U+202E>.
`inert(s, multiline=True)` keeps tab and newline (a note shown over several lines).
`boxed(s)` is the same one character for one (anything but a C0 control or DEL becomes ⍰), for a
text box drawing what is being typed or pasted: its cursor counts characters.

Markup is not this module's concern: a screen shows stored text as a Rich `Text` (or a Textual
`Content`), never as a markup string, so "[red]" in a name stays four characters.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from store.errors import BadText

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_OTHER = "\u2028\u2029\ud800-\udfff"
# one class for each mode: which characters a field refuses and an output replaces
_MULTI = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_OTHER}]")
_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_OTHER}]")
_BIDI_RE = re.compile(f"[{_BIDI}]")

C0_NAMES = ("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR",
            "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
            "FS", "GS", "RS", "US")


def _pattern(multiline: bool) -> re.Pattern:
    return _MULTI if multiline else _LINE


def find_bad(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """(0-based index, character) of the first character `check` refuses, or None."""
    match = _pattern(multiline).search(value)
    return (match.start(), match.group()) if match else None


def describe(char: str) -> str:
    """A refused character named in plain ASCII: 'ESC, U+001B', 'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    code = ord(char)
    if code < 0x20:
        return f"{C0_NAMES[code]}, U+{code:04X}"
    if code == 0x7F:
        return "DEL, U+007F"
    name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


def is_bidi(char: str) -> bool:
    return _BIDI_RE.match(char) is not None


def check(field: str, value: Any, *, multiline: bool = False, max_len: int | None = None) -> Any:
    """`value` unchanged when it is clean text (or not text); BadText (an Invalid) naming `field` otherwise."""
    if not isinstance(value, str):
        return value
    bad = find_bad(value, multiline=multiline)
    if bad is not None:
        index, char = bad
        if char in "\n\r" and not multiline:
            raise BadText(field, "must be one line: remove the line break at character {position}", position=index + 1)
        if is_bidi(char):
            raise BadText(field, "has a text-direction character ({char}) at character {position}: remove it",
                          char=describe(char), position=index + 1)
        raise BadText(field, "has a control character ({char}) at character {position}: remove it",
                      char=describe(char), position=index + 1)
    if max_len is not None and len(value) > max_len:
        raise BadText(field, "is too long: use at most {most} characters (this has {count})",
                      most=max_len, count=len(value))
    return value


def check_data(field: str, value: Any) -> Any:
    """Every string (keys too) in a JSON-like value checked as multi-line text; `value` unchanged."""
    if isinstance(value, str):
        check(field, value, multiline=True)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_data(field, key)
            check_data(field, item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            check_data(field, item)
    return value


def _stand_in(match: re.Match) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\u2424"  # ␤ SYMBOL FOR NEWLINE reads better than the picture of LF
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def inert(value: Any, *, multiline: bool = False) -> str:
    """`value` as text that shows what it holds and does nothing else (see the module docstring)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    pattern = _pattern(multiline)
    return pattern.sub(_stand_in, text) if pattern.search(text) else text


def _one_for_one(match: re.Match) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else ("\u2421" if code == 0x7F else "\u2370")


def boxed(value: str) -> str:
    """`value` with each refused character as one visible character (see the module docstring)."""
    return _LINE.sub(_one_for_one, value) if _LINE.search(value) else value


def inert_data(value: Any, *, multiline: bool = True) -> Any:
    """A JSON-like value with every string (keys too) made inert; others as they are."""
    if isinstance(value, str):
        return inert(value, multiline=multiline)
    if isinstance(value, dict):
        return {inert_data(k, multiline=multiline): inert_data(v, multiline=multiline) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [inert_data(v, multiline=multiline) for v in value]
    return value
