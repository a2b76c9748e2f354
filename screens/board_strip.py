"""The board's line of today's arrivals and departures, fitted to the screen's width.

At 80 columns the whole line was cut where the screen ended ("今日离店 2: 704 梁晓雯,"), so a
departure could vanish mid-list. Now each list keeps the names that fit and says how many more:
"今日离店 2: 704 梁晓雯 +1". The counts always show.
"""
from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len, set_cell_size

from store.text import inert
from tui.i18n import t

GAP = "   "


class Fitted(NamedTuple):
    text: str
    names: int  # how many names it shows


class _Moves:
    """One list's texts by how many names they show, measured once: a large center has hundreds
    of moves a day, and re-measuring every split took 15 ms of the board's first frame."""

    def __init__(self, label: str, moves) -> None:
        self.label, self.count = label, len(moves)
        self.items = [inert(f"{m.room or '-'} {m.name}") + (f"({t('board.done')})" if m.done else "") for m in moves]
        self.head = f"{label} {self.count}: "
        self.ends = [cell_len(self.head)]  # ends[k]: cells of head + the first k names and their commas
        for i, item in enumerate(self.items):
            self.ends.append(self.ends[-1] + cell_len(item) + (2 if i else 0))

    def text(self, names: int) -> Fitted:
        if not self.items:
            return Fitted(f"{self.label}: {t('board.none')}", 0)
        if names == 0:
            return Fitted(f"{self.label} {self.count}", 0)
        rest = self.count - names
        return Fitted(self.head + ", ".join(self.items[:names]) + (f" +{rest}" if rest else ""), names)

    def width(self, names: int) -> int:
        if not self.items or names == 0:
            return cell_len(self.text(names).text)
        rest = self.count - names
        return self.ends[names] + (len(f" +{rest}") if rest else 0)

    def fit(self, width: int) -> int | None:
        """The most names whose text fits in `width` cells; None if not even the count fits."""
        if self.width(0) > width:
            return None
        lo, hi = 0, len(self.items)  # width(k) grows with k: each name adds more than "+N" saves
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if self.width(mid) <= width else (lo, mid - 1)
        return lo


def moves_line(arrivals, departures, width: int) -> str:
    """Arrivals, then departures, in at most `width` cells, showing the most names that fit
    (the fairest split between the two lists when counts tie; more arrivals when still tied)."""
    arriving, leaving = _Moves(t("board.arrivals"), arrivals), _Moves(t("board.departures"), departures)
    room = width - len(GAP)
    best: tuple[int, int] | None = None
    top = arriving.fit(room)
    for first in range(top, -1, -1) if top is not None else ():
        second = leaving.fit(room - arriving.width(first))
        if second is not None and (best is None or _score(first, second) > _score(*best)):
            best = (first, second)
    if best is None:  # not even the counts fit: a very narrow pane
        text = f"{arriving.label} {len(arrivals)}{GAP}{leaving.label} {len(departures)}"
        return set_cell_size(text, width).rstrip()
    return arriving.text(best[0]).text + GAP + leaving.text(best[1]).text


def _score(first: int, second: int) -> tuple[int, int]:
    return first + second, min(first, second)
