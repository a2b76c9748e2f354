"""Over many simulated days, no guest's plan changes because of a look-ahead or another guest.

Two centers live the same days: guests signed, admitted, born, discharged, some of it entered
late. The second also runs look-aheads (`carefloor due --on <later>`) on random days and has
guests of its own, one of them impossible to plan (a year 9999 put in past the checks). Every
evening what a nurse or customer service could see of the shared guests, up to the horizon, must
be the same in both: the same open tasks at the same times, the same not-applicable ones.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from store import clock, db as store_db, generate
from store.guests_write import create_guest, create_stay
from store.models import Guest, Stay, Task
from store.writes import SYSTEM, write

START = dt.date(2026, 11, 23)
DAYS = 40
SHOWN = ("open", "not_applicable")  # cancelled rows are nobody's list


@dataclass(frozen=True)
class NewGuest:
    signed_ago: int
    due_in: int
    admit_after_due: int


@dataclass(frozen=True)
class Change:
    pick: int  # which guest (modulo how many there are)
    kind: str  # admit | birth | discharge
    late: int  # days after the fact it is entered


@dataclass(frozen=True)
class LookAhead:
    days: int


@dataclass(frozen=True)
class Other:
    poison: bool
    due_in: int


new_guests = st.builds(NewGuest, st.integers(0, 200), st.integers(-25, 120), st.integers(-3, 8))
changes = st.builds(Change, st.integers(0, 50), st.sampled_from(["admit", "birth", "discharge"]), st.integers(0, 4))
shared = st.one_of(new_guests, changes)
only_second = st.one_of(st.builds(LookAhead, st.integers(15, 150)), st.builds(Other, st.booleans(), st.integers(-10, 60)))
day_plans = st.lists(st.tuples(st.lists(shared, max_size=3), st.lists(only_second, max_size=2)),
                     min_size=DAYS, max_size=DAYS)


def _enter(name: str, today: dt.date, g: NewGuest) -> None:
    due = today + dt.timedelta(days=g.due_in)
    dates = {"signed_on": today - dt.timedelta(days=g.signed_ago), "due_date": due,
             "planned_admission": due + dt.timedelta(days=g.admit_after_due)}

    def apply(tx):
        gid = create_guest(tx, name=name, entered_on=today)
        create_stay(tx, guest_id=gid, contract_no=f"C-{name}", **dates)
    write(SYSTEM, "guest.add", apply)


def _change(names: list[str], today: dt.date, c: Change) -> None:
    if not names:
        return
    name = names[c.pick % len(names)]
    stay = Stay.select().join(Guest).where(Guest.name == name).get()
    day = today - dt.timedelta(days=c.late)
    if c.kind == "admit" and stay.status == "signed" and stay.planned_admission <= today:
        values = {"admitted_on": max(day, stay.planned_admission), "status": "admitted"}
    elif c.kind == "birth" and stay.delivery_date is None and abs((stay.due_date - today).days) <= 20:
        values = {"delivery_date": day}
    elif c.kind == "discharge" and stay.status == "admitted" and stay.admitted_on <= day:
        values = {"discharged_on": day, "status": "discharged"}
    else:
        return
    write(SYSTEM, "stay.edit", lambda tx: (Stay.update(**values).where(Stay.id == stay.id).execute(),
                                           generate.mark_anchors_changed(tx, stay.guest_id)))


def _other(n: int, today: dt.date, o: Other) -> None:
    name = f"x{n}"
    if o.poison:  # straight into the tables, as a file edited by hand would put it
        gid = Guest.create(name=name, entered_on=today, created_at=clock.now()).id
        Stay.create(guest=gid, contract_no=f"C-{name}", due_date=dt.date(9999, 12, 31),
                    planned_admission=dt.date(9999, 12, 30))
        return
    _enter(name, today, NewGuest(100, o.due_in, 1))


def _seen(today: dt.date) -> dict:
    """What the lists could show of the shared guests up to the horizon."""
    horizon = clock.at_local(today + dt.timedelta(days=generate.HORIZON_DAYS + 1)).datetime
    rows = (Task.select(Guest.name, Task.dedupe_key, Task.status, Task.due_at, Task.reason).join(Guest)
            .where(Task.status.in_(SHOWN), Task.due_at < horizon, ~Guest.name.startswith("x")).tuples())
    out = {}
    for name, key, status, due, reason in rows:
        _, playbook, step, _ref, occ = key.split("/")  # ids differ between the centers; one stay each
        out[(name, playbook, step, occ)] = (status, due, reason)
    return out


def _live(path: Path, plans, with_others: bool) -> list[dict]:
    store_db.open_database(str(path))
    clock.install(clock.FixedClock(clock.at_local(START, 10)))
    names: list[str] = []
    seen = []
    try:
        for day_index, (common, extra) in enumerate(plans):
            today = clock.today()
            generate.run()  # the day's roll-over (first terminal after midnight)
            for action in common:
                if isinstance(action, NewGuest):
                    names.append(f"g{len(names)}")
                    _enter(names[-1], today, action)
                else:
                    _change(names, today, action)
            for n, action in enumerate(extra if with_others else ()):
                if isinstance(action, LookAhead):
                    generate.run(through=today + dt.timedelta(days=action.days))
                else:
                    _other(day_index * 10 + n, today, action)
            generate.run(through=today)  # `carefloor due` in the evening
            seen.append(_seen(today))
            clock._clock.advance(days=1)
    finally:
        store_db.close()
    return seen


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans=day_plans)
def test_look_aheads_and_other_guests_never_change_a_guests_plan(frozen_clock, plans):
    with tempfile.TemporaryDirectory() as folder:
        alone = _live(Path(folder) / "alone.db", plans, with_others=False)
        crowded = _live(Path(folder) / "crowded.db", plans, with_others=True)
    for day, (a, b) in enumerate(zip(alone, crowded)):
        assert a == b, (START + dt.timedelta(days=day), sorted(set(a.items()) ^ set(b.items()))[:6])
