"""The wall display's data: the board with names masked and no health data, for a screen anyone can see.

Only what a station screen may show leaves this module: room, status, the guest's surname (or its
initial), day N of M, do-not-disturb, arriving / leaving. No given name, phone, baby, allergy,
delivery type or complaint ever reaches the wall screen, so it cannot show one by mistake.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from store import clock
from store.board import Board, load_board
from store.names import initials

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
                     "司徒", "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "闻人", "呼延", "澹台", "钟离")


@dataclass(frozen=True)
class Masked:
    surname: str  # 王 / Chen
    initial: str  # W / C


@dataclass(frozen=True)
class WallCard:
    number: str
    floor: int
    status: str
    guest: Masked | None
    in_house: bool
    day: int | None
    days: int
    dnd: bool
    leaving_today: bool
    arriving_on: dt.date | None


@dataclass(frozen=True)
class WallMove:
    room: str
    guest: Masked
    done: bool


@dataclass(frozen=True)
class Wall:
    day: dt.date
    cards: tuple[WallCard, ...]
    arrivals: tuple[WallMove, ...]
    departures: tuple[WallMove, ...]
    counts: dict[str, int]


def mask(name: str) -> Masked:
    """张晓红 -> (张, Z); 欧阳娜娜 -> (欧阳, O); Mary Chen -> (Chen, C)."""
    name = name.strip()
    if not name:
        return Masked("", "")
    if re.search(r"[\u4e00-\u9fff]", name[:1]):
        surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[:1])
        letter = initials(surname)[:1]
        return Masked(surname, letter.upper() or surname)
    surname = name.split()[-1]
    return Masked(surname, surname[:1].upper())


def load_wall(day: dt.date | None = None) -> Wall:
    board = load_board(day or clock.today())
    return _masked(board)


def _masked(board: Board) -> Wall:
    cards = []
    for floor in board.floors:
        for room in floor.rooms:
            guest = room.occupant
            cards.append(WallCard(
                room.number, room.floor, room.status, mask(guest.name) if guest else None,
                bool(guest and guest.in_house), guest.day if guest else None, guest.days if guest else 0,
                bool(guest and "dnd" in guest.flags),
                bool(guest and guest.in_house and guest.planned_discharge == board.day),
                guest.planned_admission if guest and not guest.in_house else None))
    moves = lambda items: tuple(WallMove(m.room, mask(m.name), m.done) for m in items)  # noqa: E731
    return Wall(board.day, tuple(cards), moves(board.arrivals), moves(board.departures), dict(board.counts))
