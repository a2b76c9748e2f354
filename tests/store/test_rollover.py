"""The day's roll-over: once per database per local day, whoever comes first; its events by
`system (day roll-over)`; two processes on one file never both roll over."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from store import clock, db as store_db, generate, rollover
from store.guests_write import create_guest, create_stay
from store.models import Event, Guest, Setting, Task
from store.writes import SYSTEM, write
from tests.reliability.helpers import CTX

TODAY = dt.date(2026, 11, 23)


def _admitted(name: str, admitted: dt.date) -> int:
    def apply(tx):
        gid = create_guest(tx, name=name, entered_on=admitted)
        create_stay(tx, guest_id=gid, contract_no=f"C-{name}", signed_on=dt.date(2026, 6, 1),
                    due_date=admitted - dt.timedelta(days=3), admitted_on=admitted, status="admitted")
        return gid
    return write(SYSTEM, "guest.add", apply)


def _steps(gid: int) -> set[str]:
    return {t.step for t in Task.select(Task.step).where(Task.guest == gid)}


def test_the_first_after_midnight_rolls_over_and_the_next_finds_it_done(store):
    gid = _admitted("甲", TODAY - dt.timedelta(days=12))  # 28 days: the day before discharge is 12-08
    assert "discharge_t1" not in _steps(gid)  # beyond today + 14 days
    clock._clock.advance(days=1)
    assert rollover.pending()
    result = rollover.run("pts/1")
    assert result is not None and result.guests == 1 and "discharge_t1" in _steps(gid)
    assert not rollover.pending() and rollover.run("pts/2") is None  # done for today: no second
    claim = Setting.get_by_id(rollover.KEY).value
    assert (claim["day"], claim["by"], claim["done"] is not None) == ("2026-11-24", "pts/1", True)
    planned = Event.select().where(Event.action == "tasks.generate").order_by(Event.id.desc()).first()
    assert (planned.staff_name, planned.terminal) == ("system (day roll-over)", "pts/1")
    assert Guest.get_by_id(gid).planned_through == TODAY + dt.timedelta(days=15)


def test_a_claim_in_hand_is_left_to_its_holder_and_one_left_by_a_dead_process_is_taken_over(store):
    _admitted("甲", TODAY)
    clock._clock.advance(days=1)
    books = rollover.schedule.playbook_fingerprint()
    holder = {"day": "2026-11-24", "books": books, "by": "pts/9", "host": rollover.socket.gethostname(),
              "pid": os.getppid(), "at": clock.now().isoformat(), "done": None}
    write(SYSTEM, "x", lambda tx: rollover.put_setting(tx, rollover.KEY, holder))
    assert rollover.run("pts/1") is None  # someone alive is on it: skip
    dead = CTX.Process(target=os._exit, args=(0,))
    dead.start()
    dead.join()
    write(SYSTEM, "x", lambda tx: rollover.put_setting(tx, rollover.KEY, {**holder, "pid": dead.pid}))
    assert rollover.run("pts/1") is not None  # its process is gone: taken over
    clock._clock.advance(days=1)
    stale = {**holder, "day": "2026-11-25", "host": "elsewhere", "at": (clock.now() - rollover.LEASE * 2).isoformat()}
    write(SYSTEM, "x", lambda tx: rollover.put_setting(tx, rollover.KEY, stale))
    assert rollover.run("pts/1") is not None  # another machine's claim, older than the lease


def test_a_roll_over_that_fails_gives_its_claim_back(store, monkeypatch):
    _admitted("甲", TODAY)
    clock._clock.advance(days=1)

    def broken(**_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(generate, "run", broken)
    with pytest.raises(RuntimeError):
        rollover.run("pts/1")
    monkeypatch.undo()
    assert rollover.pending() and rollover.run("pts/2") is not None  # the next terminal tries again


def test_edited_playbooks_make_a_new_roll_over_the_same_day(store, monkeypatch):
    _admitted("甲", TODAY)
    assert rollover.run("pts/1") is not None and rollover.run("pts/1") is None
    monkeypatch.setattr(rollover.schedule, "playbook_fingerprint", lambda: "edited")
    assert rollover.pending() and rollover.run("pts/1") is not None


def _roll_over(target: str, terminal: str, barrier, queue) -> None:
    """A second process on the same file (the clock is the parent's, inherited at the fork)."""
    try:
        store_db.open_database(target)
        barrier.wait(timeout=60)
        result = rollover.run(terminal)
        queue.put((terminal, None if result is None else result.guests, ""))
    except BaseException as exc:  # reported to the parent, which fails the test
        queue.put((terminal, None, f"{type(exc).__name__}: {exc}"))
    finally:
        store_db.close()


@pytest.mark.parametrize("procs", [4])
def test_terminals_opening_together_after_midnight_roll_over_once(db_url, frozen_clock, procs):
    store_db.open_database(db_url)
    guests = [_admitted(f"客{n}", TODAY - dt.timedelta(days=12)) for n in range(5)]
    before = Task.select().count()
    store_db.close()
    frozen_clock.advance(days=1)
    barrier, queue = CTX.Barrier(procs), CTX.Queue()
    workers = [CTX.Process(target=_roll_over, args=(db_url, f"pts/{n}", barrier, queue)) for n in range(procs)]
    for w in workers:
        w.start()
    reports = sorted(queue.get(timeout=120) for _ in workers)
    for w in workers:
        w.join(timeout=60)
    assert [r[2] for r in reports] == [""] * procs
    assert sorted(r[1] is not None for r in reports) == [False] * (procs - 1) + [True]  # exactly one rolled over
    store_db.open_database(db_url)
    try:
        by = {e.terminal for e in Event.select().where(Event.action == "tasks.generate", Event.at >= clock.now().datetime)}
        assert len(by) == 1
        assert all("discharge_t1" in _steps(g) for g in guests)
        keys = [k for (k,) in Task.select(Task.dedupe_key).tuples()]
        assert len(keys) == len(set(keys)) and len(keys) > before
    finally:
        store_db.close()


def test_a_terminal_finding_the_day_rolled_over_plans_anyone_still_behind(store):
    assert rollover.catch_up("pts/1") is None  # today's roll-over is still to do: it plans them
    assert rollover.run("pts/1") is not None
    from tests.playbooks.helpers import guest, stay

    late = guest("直接写入", entered_on=TODAY)  # her write's planning cut short (a crash), or put in by hand
    stay(late, signed_on=dt.date(2026, 6, 1), due_date=TODAY, admitted_on=TODAY, status="admitted")
    result = rollover.catch_up("pts/2")
    assert result is not None and result.guests == 1 and "visit_day1" in _steps(late)
    assert rollover.catch_up("pts/3").guests == 0  # and then nobody
