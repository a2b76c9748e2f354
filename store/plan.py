"""Compare what the playbooks want for one guest with the tasks she has: create, move, cancel, reopen.

Rules (docs/playbooks.md): a task keeps its dedupe key when its anchor moves, so re-anchoring
moves open tasks and leaves done ones; a task a person has touched (attempts or an outcome) is
never moved. Not applicable are only the steps that fell due before the guest was entered
(BEFORE_ENTRY) and those that fell due, before today, within what she was already planned for:
they appear now because a date or rule was entered late (ENTERED_LATE). A step her plan reaches
for the first time opens, even overdue: nobody had planned it yet. Whatever another guest or a
look-ahead did never enters into it.
Once a guest has checked out, a bedside visit still open is closed: missed (skipped, so the
handover counts it) if it fell due while she was there, cancelled if it falls due after.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping, NamedTuple

import arrow

from seeds.playbook_schema import Playbook, Step
from store import clock
from store.anchors import GuestAnchors
from store.occurrences import Occurrence, for_step
from store.schedule import add_months

AUTO = "auto_cancelled"  # outcome of a task generation cancelled (and may reopen)
CHECKED_OUT = "checked_out"  # outcome of a bedside visit closed as missed at checkout
MISSED, LEFT = "missed", "discharged"  # what checkout makes of an open bedside visit
NOT_APPLICABLE = "not_applicable"
BEFORE_ENTRY = "entered later"  # due before the guest was entered (her history)
ENTERED_LATE = "entered late"  # due before the date (or the step) that makes it was entered
DECLINE_MESSAGES_MONTHS = 6


class PlanFailed(Exception):
    """Planning one guest failed (bad data): the step to blame ("" when her dates are) and why."""

    def __init__(self, playbook: str, step: str, error: BaseException):
        super().__init__(f"{type(error).__name__}: {error}")
        self.playbook, self.step, self.error = playbook, step, error


class NewTask(NamedTuple):
    """A task to insert; store.task_rows adds the step's constant columns."""
    guest: int
    stay: int | None
    key: str
    due_at: dt.datetime
    window_end: dt.datetime | None
    assignee: int | None
    status: str
    step: Step
    festival: str
    reason: str = ""


class Existing(NamedTuple):
    id: int
    key: str
    playbook: str
    status: str
    due_at: dt.datetime
    window_end: dt.datetime | None
    attempts: int
    outcome: str
    done_at: dt.datetime | None


@dataclass
class GuestPlan:
    creates: list[NewTask] = field(default_factory=list)
    moves: list[tuple[int, dt.datetime, dt.datetime]] = field(default_factory=list)
    cancels: list[tuple[int, str]] = field(default_factory=list)
    reopens: list[tuple[int, dt.datetime, dt.datetime]] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)  # open bedside visits she checked out before
    late: list[tuple[int, dt.datetime, dt.datetime]] = field(default_factory=list)  # moved into the past

    def changed(self) -> bool:
        return bool(self.creates or self.moves or self.cancels or self.reopens or self.missed or self.late)


def books_for(ga: GuestAnchors, books: dict[str, Playbook]) -> list[Playbook]:
    """The playbooks that apply to this guest: her kind's, plus VIP for VIP guests."""
    return [b for b in books.values() if ga.kind in b.kinds and (ga.vip or not b.vip_only)]


@dataclass(frozen=True)
class Horizon:
    """One guest's planning dates: plan up to `through`; she was planned up to `planned` before
    (None: never); `today` is the center's day."""
    through: dt.date
    today: dt.date
    limit: dt.date  # occurrences are computed this far, so a task re-anchored beyond `through` moves
    planned: dt.date | None = None


def plan_guest(ga: GuestAnchors, books: dict[str, Playbook], existing: dict[str, Existing],
               horizon: Horizon) -> GuestPlan:
    """What to change so this guest's tasks match her playbooks up to `horizon.through`.
    Raises PlanFailed naming the step when her data cannot be planned."""
    plan, wanted = GuestPlan(), set()
    done = {k: (e.outcome, e.done_at) for k, e in existing.items() if e.status == "done" and e.done_at}
    limit = horizon.limit if existing else min(horizon.limit, horizon.through)  # nothing to move
    for book in books_for(ga, books):
        for step in book.steps:
            try:
                for occ in for_step(step, book, ga, limit, done):
                    key = occ.key(ga.id)
                    wanted.add(key)
                    _one(plan, ga, occ, key, existing.get(key), horizon)
            except Exception as exc:  # her data, this step: she is skipped, the others go on
                raise PlanFailed(book.name, step.id, exc) from exc
    for key, row in existing.items():
        if key not in wanted and row.status == "open" and row.playbook in books:
            plan.cancels.append((row.id, "unscheduled"))
    return plan


def has_new(ga: GuestAnchors, books: dict[str, Playbook], keys: set[str],
            done: Mapping[str, tuple[str, dt.datetime]], through: dt.date) -> bool:
    """Would planning create a task (an occurrence up to `through` with no task yet)? A guest
    whose plan only moves on to a new day is planned in full only then. Raises PlanFailed."""
    for book in books_for(ga, books):
        for step in book.steps:
            try:
                for occ in for_step(step, book, ga, through, done):
                    if occ.day <= through and occ.key(ga.id) not in keys and blocked(ga, occ) is None:
                        return True
            except Exception as exc:
                raise PlanFailed(book.name, step.id, exc) from exc
    return False


def new_status(ga: GuestAnchors, day: dt.date, horizon: Horizon) -> tuple[str, str]:
    """(status, reason) of a task made now for an occurrence on `day` (module docstring)."""
    if day < ga.entered_on:
        return NOT_APPLICABLE, BEFORE_ENTRY
    if horizon.planned is not None and day <= horizon.planned and day < horizon.today:
        return NOT_APPLICABLE, ENTERED_LATE
    return "open", ""


def _one(plan: GuestPlan, ga, occ: Occurrence, key: str, row: Existing | None, horizon: Horizon) -> None:
    reason, left = blocked(ga, occ), checked_out(occ)
    today = horizon.today
    if row is None:
        if reason is None and occ.day <= horizon.through:
            plan.creates.append(_new(ga, occ, key, *new_status(ga, occ.day, horizon)))
        return
    moved = row.due_at != occ.due_at or row.window_end != occ.window_end
    if row.status == "open":
        if reason or left == LEFT:
            plan.cancels.append((row.id, reason or LEFT))
        elif left == MISSED:
            plan.missed.append(row.id)
        elif _untouched(row) and moved:
            if occ.day < today <= _day(row.due_at):  # not due yet, and now due before today: entered late
                plan.late.append((row.id, occ.due_at, occ.window_end))
            else:
                plan.moves.append((row.id, occ.due_at, occ.window_end))
    elif (row.status == "cancelled" and row.outcome == AUTO and reason is None and left is None
          and occ.day >= today):
        plan.reopens.append((row.id, occ.due_at, occ.window_end))
    elif (row.status == NOT_APPLICABLE and _untouched(row) and reason is None and left is None
          and occ.day >= max(today, ga.entered_on)):  # its date moved on: it is due after all
        plan.reopens.append((row.id, occ.due_at, occ.window_end))


def _day(at: dt.datetime) -> dt.date:
    return arrow.get(at).to(clock.timezone()).date()


def checked_out(occ: Occurrence) -> str | None:
    """A bedside visit of a stay that has ended: MISSED if it fell due while she was there
    (the nurses' list is not the place for it any more, the handover is), LEFT if after."""
    step, left_on = occ.step, occ.inst.dates.get("discharge")  # a stay's; procedures have their own
    if left_on is None or step.kind != "visit" or step.channel != "in_person":
        return None
    return MISSED if occ.day <= left_on else LEFT


def _untouched(row: Existing) -> bool:
    return row.attempts == 0 and row.outcome in ("", AUTO)


def blocked(ga: GuestAnchors, occ: Occurrence) -> str | None:
    """Why this occurrence must not be (or stay) open, or None."""
    step, conds = occ.step, occ.step.conditions
    if ga.do_not_disturb and (step.is_outreach or "stop_on_dnd" in conds):
        return "do_not_disturb"
    if "while_not_converted" in conds and occ.inst.converted_on is not None:
        return "converted"
    if "skip_if_visited" in conds and _visited(ga, occ):
        return "visited"
    if "after_decline_messages_only" in conds and ga.declined_on and occ.day >= ga.declined_on:
        if step.channel in ("phone", "in_person"):
            return "declined"
        if occ.day > add_months(ga.declined_on, DECLINE_MESSAGES_MONTHS):
            return "declined"
    return None


def _visited(ga: GuestAnchors, occ: Occurrence) -> bool:
    """The guest came in after the anchor and before the reminder day."""
    since = occ.inst.dates.get("consultation") or occ.anchor_day
    return any(since < day <= occ.day for day in ga.visits)


def _new(ga: GuestAnchors, occ: Occurrence, key: str, status: str, reason: str) -> NewTask:
    step = occ.step
    assignee = ga.owner_id if step.assign == "owner" else occ.inst.consultant_id if step.assign == "consultant" else None
    return NewTask(ga.id, occ.inst.stay_id, key, occ.due_at, occ.window_end, assignee, status, step, occ.festival,
                   reason)
