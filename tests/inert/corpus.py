"""The injection corpus: what a hostile CSV, a pasted text or a hand-edited database may hold.

Each entry would do something to a terminal (or a reader) if it reached one as it is. Tests
feed them through every entry (refused) and plant them under the store (shown inert).
"""
from __future__ import annotations

import re

# the issue's own two: a name that wipes the screen and retitles the window, a note that
# blinks and writes "echo pwned" to the clipboard (OSC 52)
ISSUE_NAME = "\x1b[2J\x1b[31mRED\x1b[0m王\x1b]0;PWNED\x07"
ISSUE_NOTE = "\x1b[5mblink\x1b]52;c;ZWNobyBwd25lZA==\x07 note"

CORPUS: dict[str, str] = {
    "csi": "\x1b[2J\x1b[31mRED\x1b[0m",
    "osc_title": "\x1b]0;PWNED\x07",
    "osc52": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "dcs": "\x1bP1$r\x1b\\",
    "c1_csi": "a\x9b31mb",
    "backspace": "abc\x08\x08\x08XYZ",
    "carriage_return": "paid\rUNPAID",
    "del": "ab\x7fc",
    "bidi_override": "room \u202e106",
    "bidi_isolate": "a\u2066b\u2069c",
    "rlm": "a\u200fb",
    "nul": "a\x00b",
    "bell": "ding\x07",
    "line_separator": "a\u2028b",
    "issue_name": ISSUE_NAME,
    "issue_note": ISSUE_NOTE,
}
# shown as they are and never interpreted: markup is not a control character
MARKUP = "[bold red]x[/]"
CLICK = "[@click=app.quit]q[/]"
LONG_LINE = "长" * 3000

# every character that may not reach a terminal: C0 (tab and newline too: a one-line output has
# none, a multi-line one draws them itself), DEL, C1, bidi controls, line/paragraph separators
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
RAW_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

# planted under the store: a visible marker first ("[b]ZQ": markup that must stay text), then
# everything of the corpus at once
MARK = "ZQ"
PLANT = f"[b]{MARK}[/b]" + "".join(CORPUS.values()) + "\t\n"


def raw_in(text: str, *, lines: bool = False) -> list[str]:
    """The raw control characters in `text` (newline and tab allowed with lines=True), as reprs."""
    return sorted({repr(c) for c in (RAW_BUT_LINES if lines else RAW).findall(text)})


def markup_obeyed(text: str) -> bool:
    """True when the marker shows without its literal "[b]": the markup was interpreted."""
    return any(text[max(0, m.start() - 3):m.start()] != "[b]" for m in re.finditer(MARK, text))
