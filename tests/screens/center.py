"""A small deterministic center for board, guest file and shell tests (independent of the demo builder).

Floors 6-8, rooms x01-x10 (30 rooms), at the frozen clock's day 2026-11-23 (Asia/Shanghai).
Inserted directly (fixtures may bypass store.writes), plus a few events through store.writes.
"""
from __future__ import annotations

import datetime as dt

from store import clock
from store.models import (Baby, Complaint, ContactLog, Floor, Guest, Note, Payment, Room, Setting, Staff,
                          Stay, Task)
from store.permissions import permissions_for
from store.writes import Actor, write

TODAY = dt.date(2026, 11, 23)

# room, name, initials, phone, admitted (days before today) or None, package days, extras
IN_HOUSE = [
    ("601", "张晓红", "zxh", "13800001234", 2, 28, dict(allergies="青霉素", delivery="c_section", baby="小米")),
    ("602", "李静", "lj", "13911112222", 0, 28, dict(baby="豆豆")),
    ("604", "王芳", "wf", "13622223333", 10, 42, dict(vip=True, baby="乐乐")),
    ("607", "陈美玲", "cml", "13733334444", 27, 28, dict(dnd=True, baby="安安", complaint=True)),
    ("702", "Mary Chen", "mc", "13544445555", 5, 28, dict(baby="Mia")),
    ("705", "赵雪", "zx", "13655556666", 14, 28, dict(baby="朵朵/果果")),
    ("801", "刘婷婷", "ltt", "13766667777", 1, 26, dict(baby="小宝", delivery="c_section")),
    ("806", "孙丽", "sl", "13877778888", 20, 28, dict(vip=True, allergies="海鲜", baby="星星")),
]
ARRIVING = [("603", "周敏", "zm", "13988889999", 0), ("708", "吴佳", "wj", "13499990000", 2)]
OTHER_STATUS = {"609": "cleaning", "710": "out_of_service", "808": "cleaning"}


def build_center() -> dict[str, int]:
    """Fill the (open, migrated) database; returns guest ids by room number."""
    now = clock.now()
    Setting.insert_many([{"key": "center_name", "value": "悦月子中心"},
                         {"key": "timezone", "value": "Asia/Shanghai"}]).execute()
    nurse = Staff.create(number="N1", name="李护士", role="nurse", created_at=now)
    Staff.create(number="M1", name="王店长", role="manager", created_at=now)
    rooms = _rooms()
    ids = {}
    for n, (room, name, ini, phone, ago, days, extra) in enumerate(IN_HOUSE):
        ids[room] = _in_house(n, rooms[room], name, ini, phone, ago, days, extra, nurse)
    for n, (room, name, ini, phone, ahead) in enumerate(ARRIVING):
        guest = _guest(name, ini, phone)
        Stay.create(guest=guest, contract_no=f"A{n}", room=rooms[room], status="signed",
                    planned_admission=TODAY + dt.timedelta(days=ahead), package_days=28)
        ids[room] = guest.id
    _departed_today(rooms["608"])
    return ids


def _rooms() -> dict[str, Room]:
    rooms = {}
    for floor_no in (6, 7, 8):
        floor = Floor.create(number=floor_no)
        for i in range(1, 11):
            number = f"{floor_no}{i:02d}"
            rooms[number] = Room.create(floor=floor, number=number, status=_status(number))
    return rooms


def _status(number: str) -> str:
    if number in OTHER_STATUS:
        return OTHER_STATUS[number]
    if any(number == r[0] for r in IN_HOUSE):
        return "occupied"
    return "reserved" if any(number == r[0] for r in ARRIVING) else "vacant"


def _guest(name: str, initials: str, phone: str, **extra) -> Guest:
    return Guest.create(name=name, initials=initials, phone=phone, phone_last4=phone[-4:],
                        entered_on=TODAY - dt.timedelta(days=60), created_at=clock.now(), **extra)


def _in_house(n, room, name, ini, phone, ago, days, extra, nurse) -> int:
    guest = _guest(name, ini, phone, allergies=extra.get("allergies", ""), vip=extra.get("vip", False),
                   do_not_disturb=extra.get("dnd", False), health_notes="产后血压偏高" if n == 0 else "",
                   wechat=f"wx_{ini}", call_window="14:00-17:00", salutation=name[0] + "女士")
    admitted = TODAY - dt.timedelta(days=ago)
    stay = Stay.create(guest=guest, contract_no=f"C{n:03d}", room=room, status="admitted", package="尊享套餐",
                       admitted_on=admitted, planned_admission=admitted, package_days=days,
                       planned_discharge=admitted + dt.timedelta(days=days),
                       delivery_type=extra.get("delivery", "vaginal"), hospital="市妇幼保健院",
                       due_date=admitted - dt.timedelta(days=5), delivery_date=admitted - dt.timedelta(days=4),
                       first_payment_cents=2000000, balance_cents=1880000, deposit_cents=200000)
    signed = clock.at_local(admitted - dt.timedelta(days=120), 11)
    for kind, cents in (("first_payment", 2000000), ("deposit", 200000)):  # the ledger the figures come from
        Payment.create(guest=guest, stay=stay, amount_cents=cents, at=signed, kind=kind)
    for baby in extra.get("baby", "").split("/"):
        Baby.create(guest=guest, name=baby, sex="女", born_on=stay.delivery_date)
    _tasks(n, guest, stay)
    if extra.get("complaint"):
        Complaint.create(guest=guest, channel="in_person", received_at=clock.now().shift(hours=-20),
                         what="夜里走廊太吵", owner=nurse, status="open")
    return guest.id


def _tasks(n: int, guest: Guest, stay: Stay) -> None:
    hour = 9 + n  # the first two are overdue at 10:00, the rest later today
    Task.create(guest=guest, stay=stay, kind="visit", playbook="postpartum", step=f"day{n}", anchor="admission",
                dedupe_key=f"v{n}", title=f"Visit {n}", due_at=clock.at_local(TODAY, hour), created_at=clock.now())
    Task.create(guest=guest, stay=stay, kind="callback", playbook="postpartum", step=f"cb{n}",
                anchor="admission", dedupe_key=f"c{n}", title="Callback", due_at=clock.at_local(TODAY, 8),
                created_at=clock.now())
    Task.create(guest=guest, stay=stay, kind="visit", playbook="postpartum", step=f"later{n}", anchor="admission",
                dedupe_key=f"l{n}", title="Later", due_at=clock.at_local(TODAY + dt.timedelta(days=2), 10),
                created_at=clock.now())


def _departed_today(room: Room) -> None:
    guest = _guest("何青", "hq", "13300001111")
    Stay.create(guest=guest, contract_no="D1", room=room, status="discharged", package_days=28,
                admitted_on=TODAY - dt.timedelta(days=28), planned_discharge=TODAY, discharged_on=TODAY)


def actor(role: str = "manager", staff_id: int | None = None, name: str = "王店长") -> Actor:
    """A signed-in person of `role` (staff id 2 = the manager M1, 1 = the nurse N1)."""
    staff_id = staff_id if staff_id is not None else (2 if role == "manager" else 1)
    return Actor(staff_id, name, role, "test", permissions_for(role))


def history(guest_id: int, who: Actor) -> None:
    """A note, a call and a change for the guest file timeline."""
    def apply(tx):
        note = Note.create(guest=guest_id, staff=who.staff_id, at=tx.now.shift(hours=-2), text="睡了5小时, 哺乳顺利")
        tx.record("note", note.id, None, {"text": note.text}, guest=guest_id)
        log = ContactLog.create(guest=guest_id, staff=who.staff_id, at=tx.now.shift(hours=-1), channel="phone",
                                outcome="reached", note="确认出院时间")
        tx.record("contact_log", log.id, None, {"outcome": "reached"}, guest=guest_id)
    write(who, "note.add", apply)
    write(who, "guest.update", lambda tx: tx.record("guest", guest_id, {"call_window": "morning"},
                                                    {"call_window": "14:00-17:00"}, guest=guest_id))
