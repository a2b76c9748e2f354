"""The postpartum demo: mothers in house at every stage, arrivals, departures, signed and past guests."""
from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from seeds.demo_people import People
from store import clock
from store.guests_write import create_baby, create_guest, create_stay, set_room_status
from store.writes import SYSTEM, write

PACKAGES_FILE = Path(__file__).with_name("packages.toml")
# day of stay for each mother in house (admission day is day 1), and her package's days
IN_HOUSE = [(1, 28), (2, 28), (3, 28), (3, 42), (4, 28), (5, 28), (6, 42), (7, 28), (9, 28), (12, 28),
            (14, 42), (16, 28), (18, 28), (20, 28), (22, 42), (25, 28), (29, 28), (33, 42), (40, 42), (43, 42)]
PREGNANT_DUE_IN = [9, 20, 35, 50, 75, 100, 140, 190]
PAST_GUESTS = 150
DEPOSIT = 500_000
# flags the board must show whatever the seed: by position in IN_HOUSE
FORCED = {1: {"vip": True}, 2: {"allergies": "青霉素"}, 4: {"do_not_disturb": True},
          6: {"night_shift": True, "call_window": "afternoon"}, 10: {"vip": True, "allergies": "海鲜"}}


class Postpartum:
    def __init__(self, people: People, today: dt.date, rooms: dict[str, int], owners: list[int]):
        self.p, self.today, self.rooms, self.owners = people, today, rooms, owners
        self.packages = _packages()
        self._contracts = 0
        self._prices: dict[str, int] = {}  # contract no. -> package price, for the payment rows

    def build(self) -> dict[str, int]:
        """Lay out the rooms, then fill them; returns counts for the summary."""
        usable = sorted(n for n in self.rooms if not n.endswith("10"))
        self.p.rng.shuffle(usable)
        closed, cleaning, reserved = usable[0], usable[1:3], usable[3:5]
        occupied = usable[5:5 + len(IN_HOUSE)]
        write(SYSTEM, "demo.rooms", lambda tx: self._room_states(tx, closed, cleaning))
        write(SYSTEM, "demo.in_house", lambda tx: [self._in_house(tx, d, days, room, FORCED.get(i, {}))
                                                   for i, ((d, days), room) in enumerate(zip(IN_HOUSE, occupied))])
        write(SYSTEM, "demo.signed", lambda tx: self._signed(tx, reserved))
        write(SYSTEM, "demo.past", lambda tx: self._past(tx, cleaning))
        return {"in_house": len(occupied), "arrivals": len(reserved), "past": PAST_GUESTS + len(cleaning)}

    def _room_states(self, tx, closed: str, cleaning: list[str]) -> None:
        from store.models import Room

        set_room_status(tx, self.rooms[closed], "out_of_service")
        Room.update(note="空调维修中 / AC repair").where(Room.id == self.rooms[closed]).execute()
        for number in cleaning:
            set_room_status(tx, self.rooms[number], "cleaning")

    def _in_house(self, tx, day: int, days: int, room: str, flags: dict) -> None:
        admitted = self.today - dt.timedelta(days=day - 1)
        guest_id, delivered = self._mother(tx, admitted - self.p.days(2, 6), flags=flags)
        stay = self._contract(delivered, days, guest_id)
        stay.update(status="admitted", admitted_on=admitted, hospital_discharge_on=admitted,
                    planned_admission=admitted, room=self.rooms[room],
                    balance_cents=0 if self.p.chance(0.85) else stay["balance_cents"])
        self._paid(stay, create_stay(tx, **stay))
        set_room_status(tx, self.rooms[room], "occupied", guest=guest_id)
        create_baby(tx, guest_id=guest_id, **self._baby(delivered))

    def _signed(self, tx, reserved: list[str]) -> None:
        """Arrivals today (rooms reserved), delivered and still in hospital, and pregnant guests."""
        for offset, room in zip((3, 4), reserved):
            guest_id, delivered = self._mother(tx, self.today - dt.timedelta(days=offset))
            stay = self._contract(delivered, 28, guest_id)
            stay.update(planned_admission=self.today, hospital_discharge_on=self.today, room=self.rooms[room])
            self._paid(stay, create_stay(tx, **stay))
            set_room_status(tx, self.rooms[room], "reserved", guest=guest_id)
            create_baby(tx, guest_id=guest_id, **self._baby(delivered))
        for born_ago, arrive_in in ((1, 2), (2, 3)):
            guest_id, delivered = self._mother(tx, self.today - dt.timedelta(days=born_ago))
            stay = self._contract(delivered, 28, guest_id)
            stay.update(planned_admission=self.today + dt.timedelta(days=arrive_in))
            self._paid(stay, create_stay(tx, **stay))
            create_baby(tx, guest_id=guest_id, **self._baby(delivered))
        for due_in in PREGNANT_DUE_IN:
            due = self.today + dt.timedelta(days=due_in)
            guest_id, _ = self._mother(tx, None, due=due)
            stay = self._contract(None, self.p.rng.choice((28, 28, 42)), guest_id, due=due)
            self._paid(stay, create_stay(tx, **stay))

    def _past(self, tx, cleaning: list[str]) -> None:
        """Discharged mothers over the last two years; two left yesterday (their rooms are being cleaned)."""
        numbers = sorted(self.rooms)
        leaving = [(self.today - dt.timedelta(days=1), room) for room in cleaning]
        leaving += [(self.today - self.p.days(10, 730), self.p.rng.choice(numbers)) for _ in range(PAST_GUESTS)]
        for left, room in sorted(leaving):
            days = self.p.rng.choice((28, 28, 28, 42))
            early = self.p.rng.choice((0, 0, 0, 0, 1, 2))
            admitted = left - dt.timedelta(days=days - early)
            guest_id, delivered = self._mother(tx, admitted - self.p.days(2, 6))
            stay = self._contract(delivered, days, guest_id)
            stay.update(status="discharged", admitted_on=admitted, planned_admission=admitted,
                        hospital_discharge_on=admitted, discharged_on=left, room=self.rooms[room],
                        balance_cents=0, deposit_refunded_on=left)
            self._paid(stay, create_stay(tx, **stay))
            create_baby(tx, guest_id=guest_id, **self._baby(delivered))

    def _mother(self, tx, delivered: dt.date | None, *, due: dt.date | None = None, flags=None):
        """A mother entered on her signing day; returns (id, delivery date)."""
        due = due or (delivered + self.p.days(-6, 8))
        signed = min(due - self.p.days(60, 200), self.today - self.p.days(3, 40))
        self._pending = {"signed_on": signed, "due_date": due}
        fields = {**self.p.guest_flags(), **(flags or {})}
        if self.owners and self.p.chance(0.7):
            fields["owner"] = self.p.rng.choice(self.owners)
        guest_id = create_guest(tx, name=self.p.name(), phone=self.p.phone(), entered_on=signed,
                                wechat=f"wx_{self.p.rng.randint(100000, 999999)}",
                                birthday=due - dt.timedelta(days=365 * self.p.rng.randint(24, 39)),
                                created_at=clock.at_local(signed, 10, 30), **fields)
        return guest_id, delivered

    def _contract(self, delivered, days: int, guest_id: int, due: dt.date | None = None) -> dict:
        pending = self._pending
        package_id, price = self._package(days)
        first = price * self.p.rng.choice((30, 40, 50)) // 100
        c_section = self.p.chance(0.35)
        self._contracts += 1
        contract_no = f"YX{pending['signed_on']:%Y%m}{self._contracts:04d}"
        self._prices[contract_no] = price
        return dict(
            guest_id=guest_id, contract_no=contract_no,
            package=package_id, package_days=days, signed_on=pending["signed_on"],
            due_date=due or pending["due_date"], delivery_date=delivered,
            delivery_type=("c_section" if c_section else "vaginal") if delivered else "",
            hospital=self.p.pick("hospitals"), first_payment_cents=first, balance_cents=price - first,
            deposit_cents=DEPOSIT,
        )

    def _paid(self, stay: dict, stay_id: int) -> None:
        """The money a real contract leaves behind: first payment and deposit on signing, the balance
        on admission once paid, the deposit back on the way out (so "paid" and tiers add up)."""
        from store.models import Payment

        signed = clock.at_local(stay["signed_on"], 11).datetime
        rows = [(stay["first_payment_cents"], signed, "first_payment"), (stay["deposit_cents"], signed, "deposit")]
        admitted = stay.get("admitted_on")
        if admitted and stay["balance_cents"] == 0:
            rest = self._prices[stay["contract_no"]] - stay["first_payment_cents"]
            rows.append((rest, clock.at_local(admitted, 15).datetime, "balance"))
        if stay.get("deposit_refunded_on"):
            rows.append((-stay["deposit_cents"], clock.at_local(stay["deposit_refunded_on"], 11).datetime,
                         "deposit_refund"))
        for amount, at, kind in rows:
            Payment.create(guest=stay["guest_id"], stay=stay_id, amount_cents=amount, at=at, kind=kind)

    def _package(self, days: int) -> tuple[str, int]:
        choices = sorted(k for k, v in self.packages.items() if v["days"] == days) or sorted(self.packages)
        key = self.p.rng.choice(choices)
        return key, int(self.packages[key].get("price_cents", 0))

    def _baby(self, born: dt.date) -> dict:
        return {"name": self.p.baby_name(""), "sex": self.p.rng.choice(("female", "male")), "born_on": born,
                "weight_g": self.p.rng.randint(2650, 3950)}


def _packages() -> dict[str, dict]:
    if PACKAGES_FILE.exists():
        with PACKAGES_FILE.open("rb") as fh:
            found = tomllib.load(fh).get("packages", {})
        if found:
            return found
    return {"classic28": {"days": 28, "price_cents": 8_800_000}, "classic42": {"days": 42, "price_cents": 12_600_000}}

