"""Guests planning had to skip: recorded (a PlanFailure row and an event), shown to managers.

One bad guest (a date that slipped past the checks, a step her data breaks) never stops the
others: store.generate skips her, records why here, and tries her again on every run; the row
goes once she plans. The board shows a notice to people with the `export` permission and
`carefloor due` names each on stderr.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store.models import Guest, PlanFailure, Room, Stay
from store.text import inert

ERROR_MAX = 300  # characters of the error kept: enough to say what broke


@dataclass(frozen=True)
class Failure:
    """One guest planning skipped: which step ("" when her dates as a whole), and the error."""
    guest: int
    playbook: str
    step: str
    error: str


@dataclass(frozen=True)
class FailureRow:
    """A failure as lists show it: who, where, which step, what, since when."""
    guest_id: int
    name: str
    room: str
    playbook: str
    step: str
    error: str
    since: dt.datetime
    at: dt.datetime


def failure_of(guest_id: int, playbook: str, step: str, error: BaseException) -> Failure:
    """The error made inert: it may quote the bad value that broke her plan."""
    text = inert(f"{type(error).__name__}: {error}", multiline=True)
    return Failure(guest_id, playbook, step, text[:ERROR_MAX])


def recorded() -> dict[int, tuple[str, str, str]]:
    """guest id -> (playbook, step, error) of every failure on record (usually none)."""
    return {gid: (pb, st, err) for gid, pb, st, err in
            PlanFailure.select(PlanFailure.guest, PlanFailure.playbook, PlanFailure.step, PlanFailure.error).tuples()}


def record(tx, failures: list[Failure], known: dict[int, tuple[str, str, str]]) -> None:
    """Inside a write: store these failures; an event for each that is new or different."""
    for f in failures:
        before = known.get(f.guest)
        if before == (f.playbook, f.step, f.error):
            PlanFailure.update(at=tx.now).where(PlanFailure.guest == f.guest).execute()
            continue
        PlanFailure.delete().where(PlanFailure.guest == f.guest).execute()
        PlanFailure.create(guest=f.guest, playbook=f.playbook, step=f.step, error=f.error,
                           first_at=tx.now, at=tx.now)
        what = {"step": f"{f.playbook}/{f.step}"} if f.step else {}
        tx.record("guest", f.guest, None, {**what, "error": f.error}, guest=f.guest, action="planning.failed")


def clear(tx, guest_ids: list[int]) -> None:
    """Inside a write: these guests planned again; their failures are over."""
    if not guest_ids:
        return
    PlanFailure.delete().where(PlanFailure.guest.in_(guest_ids)).execute()
    for gid in guest_ids:
        tx.record("guest", gid, None, None, guest=gid, action="planning.recovered")


def failures() -> list[FailureRow]:
    """Every guest planning is skipping, oldest first, with her name and room."""
    query = (PlanFailure.select(PlanFailure.guest, Guest.name, PlanFailure.playbook, PlanFailure.step,
                                PlanFailure.error, PlanFailure.first_at, PlanFailure.at)
             .join(Guest).order_by(PlanFailure.first_at, PlanFailure.id))
    rows = list(query.tuples())
    rooms = _rooms([r[0] for r in rows])
    return [FailureRow(gid, name, rooms.get(gid, ""), playbook, step, error, first_at, at)
            for gid, name, playbook, step, error, first_at, at in rows]


def _rooms(guest_ids: list[int]) -> dict[int, str]:
    if not guest_ids:
        return {}
    query = (Stay.select(Stay.guest, Room.number).join(Room).where(Stay.guest.in_(guest_ids))
             .order_by(Stay.id))
    return {gid: number for gid, number in query.tuples()}
