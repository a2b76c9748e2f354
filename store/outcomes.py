"""One key, one outcome: each is ONE write transaction (task, contact log, follow-ups, events).

    outcomes.done(actor, task_id)
    outcomes.no_answer(actor, task_id)          # reschedules by the step's rule, or escalates
    outcomes.reschedule(actor, task_id, when)

Two people acting on the same task at once: the task row is claimed with a conditional
UPDATE (status still open, attempts unchanged) and its row count checked, so exactly one
wins on SQLite and PostgreSQL alike; the other gets `TaskTaken` ("already done by 李护士
at 10:42") and nothing of theirs is written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import arrow

from store import clock, schedule
from store.errors import Invalid
from store.models import Case, Complaint, ContactLog, Guest, Task
from store.task_claim import TaskTaken, claim, load_open  # noqa: F401  (TaskTaken re-exported)
from store.writes import Actor, Tx, write

VISIT_RETRY_MINUTES = 60
REMOTE_CHANNELS = ("phone", "sms", "wechat")
ESCALATE_ROLE = "supervisor"


@dataclass(frozen=True)
class Result:
    """What an outcome did, for the screen to show and the tests to check."""

    task_id: int
    guest_id: int
    outcome: str
    status: str
    due_at: dt.datetime | None
    log_id: int
    escalated: bool = False
    cancelled: tuple[int, ...] = ()
    complaint_id: int | None = None


def done(actor: Actor, task_id: int, note: str = "") -> Result:
    """A visit or call done as planned."""
    return _close(actor, task_id, "done", "done", note=note)


def done_with_issue(actor: Actor, task_id: int, note: str, complaint: bool = False) -> Result:
    """Done, but something needs attention: the note is required; optionally open a complaint."""
    note = _required(note, "note", "say what the issue is")

    def extra(tx: Tx, task: Task) -> dict:
        return {"complaint_id": _open_complaint(tx, task, note)} if complaint else {}

    return _close(actor, task_id, "done_with_issue", "done", note=note, extra=extra)


def skip(actor: Actor, task_id: int, reason: str) -> Result:
    """Not done, on purpose, with a reason a supervisor can read."""
    reason = _required(reason, "reason", "say why it is skipped")
    return _close(actor, task_id, "skipped", "skipped", note=reason, reason=reason)


def reached(actor: Actor, task_id: int, note: str = "") -> Result:
    """The guest answered: the call is done."""
    return _close(actor, task_id, "reached", "done", note=note)


def sent(actor: Actor, task_id: int, text: str) -> Result:
    """An SMS or WeChat text was copied out and sent: log the text itself."""
    text = _required(text, "text", "nothing to send")
    return _close(actor, task_id, "sent", "done", note=text)


def not_in_room(actor: Actor, task_id: int, retry_at: dt.datetime | None = None) -> Result:
    """Visit: nobody in the room; the visit stays open and comes back later."""
    when = retry_at or clock.now().shift(minutes=VISIT_RETRY_MINUTES).datetime
    return _retry(actor, task_id, "not_in_room", lambda task: when, count=True)


def busy(actor: Actor, task_id: int, call_back_at: dt.datetime, note: str = "") -> Result:
    """The guest picked up but asked to be called back at a time."""
    _future(call_back_at)
    return _retry(actor, task_id, "busy", lambda task: call_back_at, count=True, note=note)


def reschedule(actor: Actor, task_id: int, to: dt.datetime, note: str = "") -> Result:
    """Move the task to another time; not an attempt."""
    _future(to)
    return _retry(actor, task_id, "rescheduled", lambda task: to, count=False, note=note)


def no_answer(actor: Actor, task_id: int) -> Result:
    """Nobody answered: retry by the step's rule, or hand it to the step's escalation role after N tries."""
    step = _step_of(task_id)  # read before the write lock: loading a playbook may parse files

    def when(task: Task) -> dt.datetime | None:
        return schedule.next_attempt(step, task.due_at, task.attempts + 1, clock.now().datetime,
                                     window_end=task.window_end)

    escalate_to = step.outcome.escalate_to if step else ESCALATE_ROLE
    return _retry(actor, task_id, "no_answer", when, count=True, escalate_to=escalate_to)


def do_not_disturb(actor: Actor, task_id: int, note: str = "") -> Result:
    """The guest asks not to be contacted: mark her and cancel every future call and message."""
    def extra(tx: Tx, task: Task) -> dict:
        _mark_guest(tx, task.guest_id, do_not_disturb=True)
        return {"cancelled": _cancel_open(tx, task.guest_id, task.id, "do_not_disturb", REMOTE_CHANNELS)}

    return _close(actor, task_id, "do_not_disturb", "cancelled", note=note, extra=extra)


def converted(actor: Actor, task_id: int, note: str = "") -> Result:
    """Aesthetics lead booked: the case is converted and its lead follow-ups are cancelled."""
    def extra(tx: Tx, task: Task) -> dict:
        _convert_case(tx, task.guest_id)
        return {"cancelled": _cancel_lead_followups(tx, task)}

    return _close(actor, task_id, "converted", "done", note=note, extra=extra)


# -- the two shapes of an outcome -----------------------------------------------------------

def _close(actor: Actor, task_id: int, outcome: str, status: str, *, note: str = "",
           reason: str = "", extra=None) -> Result:
    """The task ends (done / skipped / cancelled)."""
    def apply(tx: Tx) -> Result:
        now = clock.now().datetime
        task = load_open(task_id)
        changes = dict(status=status, outcome=outcome, done_by=actor.staff_id, done_at=now)
        if reason:
            changes["reason"] = reason[:200]
        claim(tx, task, changes)
        log_id = _log(actor, task, outcome, note, now)
        more = extra(tx, task) if extra else {}
        _follow_up(tx, task)
        return Result(task.id, task.guest_id, outcome, status, None, log_id, **more)

    return write(actor, f"task.{outcome}", apply)


def _retry(actor: Actor, task_id: int, outcome: str, when, *, count: bool, note: str = "",
           escalate_to: str = ESCALATE_ROLE) -> Result:
    """The task stays open with a new due time (None from the rule: escalate)."""
    def apply(tx: Tx) -> Result:
        now = clock.now().datetime
        task = load_open(task_id)
        due = when(task)
        changes: dict = dict(outcome=outcome, attempts=task.attempts + (1 if count else 0))
        escalated = due is None
        if escalated:
            changes.update(role=escalate_to, assignee=None, due_at=now, window_end=None, outcome="escalated")
        else:
            changes.update(due_at=due, window_end=_moved_window_end(task, due))
        claim(tx, task, changes)
        log_id = _log(actor, task, outcome, note, now)
        return Result(task.id, task.guest_id, outcome, "open", changes["due_at"], log_id, escalated)

    return write(actor, f"task.{outcome}", apply)


# -- pieces ----------------------------------------------------------------------------------

def _step_of(task_id: int):
    task = Task.get_or_none(Task.id == task_id)
    return schedule.step_for(task.playbook, task.step) if task else None


def _moved_window_end(task: Task, due: dt.datetime) -> dt.datetime | None:
    """The window's end on the new day (same local clock time), or None if the new time is past it."""
    if task.window_end is None:
        return None
    end = arrow.get(task.window_end).to(clock.timezone())
    moved = clock.at_local(arrow.get(due).to(clock.timezone()).date(), end.hour, end.minute).datetime
    return moved if moved > due else None


def _log(actor: Actor, task: Task, outcome: str, note: str, now: dt.datetime) -> int:
    row = ContactLog.create(guest=task.guest_id, task=task.id, staff=actor.staff_id, at=now,
                            channel=task.channel, outcome=outcome, note=note.strip())
    return row.id


def _open_complaint(tx: Tx, task: Task, what: str) -> int:
    row = Complaint.create(guest=task.guest_id, channel=task.channel, received_at=clock.now(),
                           reporter=tx.actor.name, what=what, status="open")
    tx.record("complaint", row.id, None, {"what": what, "from_task": task.id},
              guest=task.guest_id, action="complaint.add")
    return row.id


def _mark_guest(tx: Tx, guest_id: int, **flags) -> None:
    guest = Guest.get_by_id(guest_id)
    before = {k: getattr(guest, k) for k in flags}
    Guest.update(**flags).where(Guest.id == guest_id).execute()
    tx.record("guest", guest_id, before, flags, guest=guest_id, action="guest.update")


def _cancel_open(tx: Tx, guest_id: int, except_id: int, reason: str,
                 channels: tuple[str, ...] | None = None, anchors: tuple[str, ...] | None = None) -> tuple[int, ...]:
    """Cancel the guest's other open tasks (optionally only these channels / anchors)."""
    query = Task.select(Task.id).where(Task.guest == guest_id, Task.status == "open", Task.id != except_id)
    if channels:
        query = query.where(Task.channel.in_(channels))
    if anchors:
        query = query.where(Task.anchor.in_(anchors))
    ids = tuple(row.id for row in query)
    if ids:
        Task.update(status="cancelled", outcome=reason, reason=reason).where(Task.id.in_(ids)).execute()
        for task_id in ids:
            tx.record("task", task_id, {"status": "open"}, {"status": "cancelled", "reason": reason},
                      guest=guest_id, action="task.cancel")
    return ids


def _convert_case(tx: Tx, guest_id: int) -> None:
    case = (Case.select().where(Case.guest == guest_id, Case.converted_on.is_null())
            .order_by(Case.consulted_on.desc(), Case.id.desc()).first())
    if case is None:
        raise Invalid("case", "this guest has no open consultation: converted is for aesthetics leads")
    today = clock.today()
    Case.update(converted_on=today).where(Case.id == case.id).execute()
    tx.record("case", case.id, {"converted_on": None}, {"converted_on": today.isoformat()},
              guest=guest_id, action="case.convert")


def _cancel_lead_followups(tx: Tx, task: Task) -> tuple[int, ...]:
    """Lead follow-ups anchored on the consultation or the 611 plan; the playbook engine then
    cancels whatever else its `while_not_converted` steps hold (e.g. the second call)."""
    return _cancel_open(tx, task.guest_id, task.id, "converted", anchors=("consultation", "plan_611"))


def _follow_up(tx: Tx, task: Task) -> None:
    """Let the playbook schedule what this result starts (e.g. the second lead call)."""
    from store import generate

    generate.run(guest_ids=[task.guest_id], actor=tx.actor)


def _required(text: str, field: str, why: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(field, why)
    return text


def _future(when: dt.datetime) -> None:
    if when.tzinfo is None:
        raise Invalid("when", "needs a time zone")
    if when <= clock.now().datetime:
        raise Invalid("when", "that time has already passed: pick a later one")
