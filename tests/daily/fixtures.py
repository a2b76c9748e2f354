"""A small deterministic center for the daily-work tests, inserted directly (fixtures skip the write path).

Frozen at 2026-11-23 10:00 Asia/Shanghai (Monday). Floor 6: 601 王小红 (day 2), 602 李娜 (day 5),
603 陈静 (day 1, C-section), 610 empty. Tasks: day-of-stay visits for the nurse, callbacks for
customer service (one overdue, two today, one upcoming, an SMS, an aesthetics lead).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from store import clock
from store.models import Baby, Case, Floor, Guest, Room, Staff, Stay, Task
from store.permissions import permissions_for
from store.writes import Actor

TODAY = dt.date(2026, 11, 23)


@dataclass
class Center:
    staff: dict[str, int] = field(default_factory=dict)
    guests: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)
    tasks: dict[str, int] = field(default_factory=dict)

    def actor(self, who: str) -> Actor:
        row = Staff.get_by_id(self.staff[who])
        return Actor(row.id, row.name, row.role, "test", permissions_for(row.role))


def at(day_offset: int, hour: int, minute: int = 0) -> dt.datetime:
    return clock.at_local(TODAY + dt.timedelta(days=day_offset), hour, minute).datetime


def build_center() -> Center:
    c = Center()
    for key, number, name, role in (("nurse", "N1", "李护士", "nurse"), ("nurse2", "N2", "张护士", "nurse"),
                                    ("cs", "C1", "赵客服", "customer_service"), ("cs2", "C2", "孙客服", "customer_service"),
                                    ("consultant", "A1", "周顾问", "consultant"), ("manager", "M1", "钱店长", "manager")):
        c.staff[key] = Staff.create(number=number, name=name, role=role, created_at=clock.now()).id
    floor = Floor.create(number=6, name="6F")
    for number in ("601", "602", "603", "610"):
        c.rooms[number] = Room.create(floor=floor, number=number, status="vacant").id
    _guests(c)
    _visits(c)
    _callbacks(c)
    return c


def _guest(c: Center, key: str, name: str, salutation: str, phone: str, **extra) -> int:
    row = Guest.create(name=name, salutation=salutation, phone=phone, phone_last4=phone[-4:],
                       entered_on=TODAY - dt.timedelta(days=60), created_at=clock.now(), **extra)
    c.guests[key] = row.id
    return row.id


def _stay(c: Center, guest: str, room: str, day_of_stay: int, contract: str, **extra) -> int:
    admitted = TODAY - dt.timedelta(days=day_of_stay - 1)
    Room.update(status="occupied").where(Room.id == c.rooms[room]).execute()
    return Stay.create(guest=c.guests[guest], contract_no=contract, room=c.rooms[room], admitted_on=admitted,
                       planned_discharge=admitted + dt.timedelta(days=28), status="admitted", **extra).id


def _guests(c: Center) -> None:
    _guest(c, "wang", "王小红", "王小姐", "13800001111", call_window="afternoon")
    _guest(c, "li", "李娜", "李姐", "13900002222")
    _guest(c, "chen", "陈静", "陈女士", "13700003333")
    _guest(c, "zhou", "周婷", "周小姐", "13600004444", kind="aesthetics")
    _guest(c, "past", "吴芳", "吴姐", "13500005555", call_window="14:00-17:00")
    for key, room, day, contract in (("wang", "601", 2, "C-001"), ("li", "602", 5, "C-002"), ("chen", "603", 1, "C-003")):
        c.tasks[f"stay_{key}"] = _stay(c, key, room, day, contract)
    Baby.create(guest=c.guests["wang"], name="小宝", sex="f", born_on=TODAY - dt.timedelta(days=6))
    Case.create(guest=c.guests["zhou"], consulted_on=TODAY - dt.timedelta(days=3), category="consulted_not_booked",
                item="光子嫩肤", consultant=c.staff["consultant"])


def task(c: Center, key: str, guest: str, *, kind: str, step: str, due: dt.datetime, role: str, channel: str,
         title: str, playbook: str = "postpartum", anchor: str = "admission", attempts: int = 0,
         status: str = "open", stay: int | None = None) -> int:
    row = Task.create(guest=c.guests[guest], stay=stay, kind=kind, playbook=playbook, step=step, anchor=anchor,
                      dedupe_key=f"{guest}/{step}/{key}", title=title, due_at=due, channel=channel, role=role,
                      attempts=attempts, status=status, created_at=clock.now(),
                      checklist=[{"item": "check", "done": False}] if kind == "visit" else None)
    c.tasks[key] = row.id
    return row.id


def _visits(c: Center) -> None:
    task(c, "v_wang", "wang", kind="visit", step="visit_day2", due=at(0, 9), role="nurse", channel="in_person",
         title="第2天探访: 睡眠", stay=c.tasks["stay_wang"])
    task(c, "v_li", "li", kind="visit", step="visit_day5", due=at(0, 10), role="nurse", channel="in_person",
         title="第5天探访: 饮食", stay=c.tasks["stay_li"])
    task(c, "v_chen", "chen", kind="visit", step="visit_day1", due=at(0, 11), role="nurse", channel="in_person",
         title="第1天探访: 入住须知", stay=c.tasks["stay_chen"])


def _callbacks(c: Center) -> None:
    task(c, "cb_overdue", "past", kind="callback", step="aftercare_call", due=at(-1, 15), role="customer_service",
         channel="phone", title="出所3天回访", anchor="discharge")
    task(c, "cb_today", "wang", kind="callback", step="hospital_followup", due=at(0, 14), role="customer_service",
         channel="phone", title="住院期间关怀电话", anchor="delivery", stay=c.tasks["stay_wang"])
    task(c, "sms_today", "li", kind="message", step="signing_day_sms", due=at(0, 16), role="customer_service",
         channel="sms", title="签约当天短信", anchor="signing", stay=c.tasks["stay_li"])
    task(c, "cb_later", "past", kind="callback", step="aftercare_care_call", due=at(3, 10), role="customer_service",
         channel="wechat", title="出所一个月关怀", anchor="discharge")
    task(c, "lead_d3", "zhou", kind="callback", step="lead_first_call", due=at(0, 15), role="consultant",
         channel="phone", title="咨询后第3天回访", playbook="aesthetics", anchor="consultation")
    task(c, "lead_m1", "zhou", kind="callback", step="lead_second_call", due=at(20, 15), role="consultant",
         channel="phone", title="咨询后一个月内回访", playbook="aesthetics", anchor="consultation")
