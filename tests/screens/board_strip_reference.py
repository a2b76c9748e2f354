"""The board strip as first written (tries every split): the reference the fast one is tested against."""
from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len, set_cell_size

from tui.i18n import t

GAP = "   "


class Fitted(NamedTuple):
    text: str
    names: int  # how many names it shows


def moves_line(arrivals, departures, width: int) -> str:
    """Arrivals, then departures, in at most `width` cells, showing the most names that fit
    (the fairest split between the two lists when counts tie)."""
    arriving, leaving = t("board.arrivals"), t("board.departures")
    room = width - len(GAP)
    best: tuple[Fitted, Fitted] | None = None
    for first_width in range(room, -1, -1):  # a handful of names: trying every split is cheap
        first = moves_text(arriving, arrivals, first_width)
        second = moves_text(leaving, departures, room - cell_len(first.text))
        if cell_len(first.text) + cell_len(second.text) > room:
            continue
        score = (first.names + second.names, min(first.names, second.names))
        if best is None or score > (best[0].names + best[1].names, min(best[0].names, best[1].names)):
            best = (first, second)
    if best is None:  # not even the counts fit: a very narrow pane
        return set_cell_size(f"{arriving} {len(arrivals)}{GAP}{leaving} {len(departures)}", width).rstrip()
    return best[0].text + GAP + best[1].text


def moves_text(label: str, moves, width: int | None = None) -> Fitted:
    """"今日入住 3: 807 卢梦瑶(已), 809 胡春梅 +1": the names that fit in `width`, then how many more;
    "今日入住 3" when none fits; whole when no width is given."""
    if not moves:
        return Fitted(f"{label}: {t('board.none')}", 0)
    items = [f"{m.room or '-'} {m.name}" + (f"({t('board.done')})" if m.done else "") for m in moves]
    head = f"{label} {len(moves)}: "
    shown: list[str] = []
    for item in items:
        rest = len(items) - len(shown) - 1
        if width is not None and cell_len(head + ", ".join([*shown, item]) + (f" +{rest}" if rest else "")) > width:
            break
        shown.append(item)
    if not shown:
        return Fitted(f"{label} {len(moves)}", 0)
    rest = len(items) - len(shown)
    return Fitted(head + ", ".join(shown) + (f" +{rest}" if rest else ""), len(shown))
