"""Demo history: notes, surveys, complaints, and the done work behind today's list.

After task generation, tasks that fell due before today are marked done (with the contact
log a call leaves), except a handful kept overdue so the lists show what overdue looks like.
"""
from __future__ import annotations

import datetime as dt

from seeds.demo_people import People
from store import clock
from store.models import Complaint, ContactLog, Guest, Note, Stay, Survey, Task
from store.writes import SYSTEM, write

KEEP_OVERDUE = 6
OVERDUE_KINDS = ("visit", "callback", "message")  # a missed checklist for a past event would read oddly
SURVEY_ITEMS = ("nursing", "baby_care", "meals", "recovery", "room", "service")


def add_notes_and_surveys(people: People, today: dt.date, staff: dict[str, list[int]]) -> None:
    """Notes for mothers in house, a discharge survey for most past stays."""
    write(SYSTEM, "demo.notes", lambda tx: _notes(tx, people, today, staff))
    write(SYSTEM, "demo.surveys", lambda tx: _surveys(tx, people))


def _notes(tx, people: People, today: dt.date, staff) -> None:
    writers = staff.get("nurse", []) + staff.get("nursery_nurse", [])
    stays = Stay.select(Stay.guest, Stay.admitted_on).where(Stay.status == "admitted").order_by(Stay.id)
    for guest_id, admitted in stays.tuples():
        for back in range(min(3, (today - admitted).days + 1)):
            day = today - dt.timedelta(days=back + 1) if back or admitted < today else today
            at = clock.at_local(day, people.rng.randint(8, 21), people.rng.choice((0, 15, 30, 45)))
            note = Note.create(guest=guest_id, staff=people.rng.choice(writers) if writers else None,
                               at=min(at, clock.now()), text=people.pick("notes"))
            tx.record("note", note.id, None, {"text": note.text}, guest=guest_id, action="note.add")


def _surveys(tx, people: People) -> None:
    stays = Stay.select(Stay.id, Stay.guest, Stay.discharged_on).where(Stay.status == "discharged").order_by(Stay.id)
    for stay_id, guest_id, left in stays.tuples():
        if not people.chance(0.8):
            continue
        scores = {item: people.rng.choice((3, 4, 4, 5, 5, 5)) for item in SURVEY_ITEMS}
        survey = Survey.create(guest=guest_id, stay=stay_id, at=clock.at_local(left - dt.timedelta(days=1), 16),
                               scores=scores, comment=people.pick("survey_comments"))
        tx.record("survey", survey.id, None, {"scores": scores}, guest=guest_id, action="survey.add")


def add_complaints(people: People, today: dt.date, staff: dict[str, list[int]]) -> None:
    """Four open complaints (one past its deadline) and a few closed ones."""
    owners = staff.get("supervisor", []) + staff.get("customer_service", []) or [None]
    guests = [g for (g,) in Guest.select(Guest.id).order_by(Guest.id).tuples()]
    in_house = [g for (g,) in Stay.select(Stay.guest).where(Stay.status == "admitted").order_by(Stay.id).tuples()]
    texts = list(people.data_list("complaints"))

    def apply(tx):
        plan = [(-3, -1, "investigating"), (-1, 1, "open"), (0, 2, "open"), (-2, 3, "investigating")]
        for i, (received, deadline, status) in enumerate(plan):
            _complaint(tx, people, in_house[i * 3 % len(in_house)] if in_house else None, texts[i],
                       today + dt.timedelta(days=received), today + dt.timedelta(days=deadline), status, owners)
        for i in range(3):
            when = today - people.days(40, 300)
            _complaint(tx, people, people.rng.choice(guests) if guests else None, texts[4 + i % 2], when,
                       when + dt.timedelta(days=3), "closed", owners)

    write(SYSTEM, "demo.complaints", apply)


def _complaint(tx, people, guest_id, what, received: dt.date, deadline: dt.date, status: str, owners) -> None:
    received_at = min(clock.at_local(received, people.rng.randint(9, 20)), clock.now())
    closed = clock.at_local(deadline, 15) if status == "closed" else None
    row = Complaint.create(guest=guest_id, channel=people.rng.choice(("phone", "in_person", "wechat")),
                           received_at=received_at, reporter="本人", what=what, owner=people.rng.choice(owners),
                           deadline=clock.at_local(deadline, 18), status=status, closed_at=closed,
                           reply="已致电说明并致歉" if closed else "", result_confirmed_at=closed,
                           investigation="已与当班人员核实经过,待定处理方案" if status == "investigating" else "")
    tx.record("complaint", row.id, None, {"what": what, "status": status}, guest=guest_id, action="complaint.record")


def complete_history(people: People, today: dt.date, staff: dict[str, list[int]]) -> int:
    """Mark generated tasks due before today done, keeping a few overdue; returns how many were done."""
    start = clock.local_day_bounds(today)[0]
    rows = list(Task.select(Task.id, Task.guest, Task.kind, Task.channel, Task.role, Task.due_at)
                .where((Task.status == "open") & (Task.due_at < start)).order_by(Task.due_at, Task.id).tuples())
    since = clock.local_day_bounds(today - dt.timedelta(days=2))[0]
    recent = [r for r in rows if r[5] >= since and r[2] in OVERDUE_KINDS]
    keep = {r[0] for r in people.rng.sample(recent, min(KEEP_OVERDUE, len(recent)))}
    todo = [r for r in rows if r[0] not in keep]
    write(SYSTEM, "demo.history", lambda tx: _mark_done(tx, people, todo, staff))
    return len(todo)


def _mark_done(tx, people: People, rows, staff) -> None:
    everyone = [s for ids in staff.values() for s in ids]
    by_doer: dict[tuple[int, str], list[int]] = {}
    logs, per_guest = [], {}
    for task_id, guest_id, kind, channel, role, due in rows:
        doer = people.rng.choice(staff.get(role) or everyone)
        outcome = "done" if kind in ("visit", "checklist") else ("sent" if channel in ("sms", "wechat") else "reached")
        by_doer.setdefault((doer, outcome), []).append(task_id)
        if kind not in ("visit", "checklist"):
            logs.append(dict(guest=guest_id, task=task_id, staff=doer, at=due, channel=channel, outcome=outcome,
                             note=people.pick("contact_notes") if outcome == "reached" else ""))
        per_guest[guest_id] = per_guest.get(guest_id, 0) + 1
    for (doer, outcome), ids in sorted(by_doer.items()):
        for chunk in range(0, len(ids), 500):
            Task.update(status="done", outcome=outcome, done_by=doer, done_at=Task.due_at, attempts=1).where(
                Task.id.in_(ids[chunk:chunk + 500])).execute()
    for chunk in range(0, len(logs), 500):
        ContactLog.insert_many(logs[chunk:chunk + 500]).execute()
    for guest_id, count in sorted(per_guest.items()):  # one event per guest: seeded history, not live work
        tx.record("guest", guest_id, None, {"tasks_done": count}, guest=guest_id, action="demo.history")
