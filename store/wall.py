"""The wall display's data: the board with names masked and no health data, for a screen anyone can see.

Only what a station screen may show leaves this module: room, status, the guest's surname (or its
initial), day N of M, do-not-disturb, arriving / leaving. No given name, phone, baby, allergy,
delivery type or complaint ever reaches the wall screen, so it cannot show one by mistake.
A name that does not start with a Chinese surname (store/surnames.py: "VIP王美丽", "(二胎)李娜娜",
"Mary Chen") shows nothing at all: the room alone, never a prefix that may say more than the name.
The room number is made inert (store/text.py) here, so the wall shows no stored control character.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store import clock
from store.board import Board, load_board
from store.names import initials
from store.surnames import surname_of
from store.text import inert


@dataclass(frozen=True)
class Masked:
    surname: str  # 王 / 欧阳; "" when the name shows nothing (HIDDEN)
    initial: str  # W / O

    def __bool__(self) -> bool:
        return bool(self.surname)


HIDDEN = Masked("", "")


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
    """张晓红 -> (张, Z); 欧阳娜娜 -> (欧阳, O); VIP王美丽, Mary Chen -> HIDDEN (no surname first)."""
    surname = surname_of(name)
    if surname is None:
        return HIDDEN
    return Masked(surname, initials(surname)[:1].upper() or surname)


def load_wall(day: dt.date | None = None) -> Wall:
    board = load_board(day or clock.today())
    return _masked(board)


def _masked(board: Board) -> Wall:
    cards = []
    for floor in board.floors:
        for room in floor.rooms:
            guest = room.occupant
            cards.append(WallCard(
                inert(room.number), room.floor, room.status, mask(guest.name) if guest else None,
                bool(guest and guest.in_house), guest.day if guest else None, guest.days if guest else 0,
                bool(guest and "dnd" in guest.flags),
                bool(guest and guest.in_house and guest.planned_discharge == board.day),
                guest.planned_admission if guest and not guest.in_house else None))
    moves = lambda items: tuple(WallMove(inert(m.room), mask(m.name), m.done) for m in items)  # noqa: E731
    return Wall(board.day, tuple(cards), moves(board.arrivals), moves(board.departures), dict(board.counts))
