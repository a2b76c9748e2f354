"""A burst of parallel sign-in tries cannot check more PINs than the lockout allows.

Each PIN check is held open until every other try of the burst has either reached its own check
or been refused: the widest overlap there can be. Then the right PIN is tried: the account must
already be locked, so it is refused without being checked.
"""
from __future__ import annotations

import multiprocessing
import threading
from collections import Counter

import pytest

from store import auth, clock
from store import db as store_db
from store.models import Event, Staff
from tests.auth.helpers import add_staff
from tests.conftest import DEFAULT_NOW

LIMIT = auth.LOCKOUT_ATTEMPTS
RIGHT, WRONG = "1111", "0000"


def _outcome(pin: str) -> str:
    try:
        auth.login("N1", pin, "tty1")
        return "signed in"
    except auth.LoginFailed as exc:
        return exc.reason
    finally:
        store_db.close()


class _HeldChecks:
    """Counts PIN checks; each waits for `release` so that all tries overlap."""

    def __init__(self, real) -> None:
        self.real = real
        self.pins: list[str] = []
        self.lock = threading.Lock()
        self.settled = threading.Semaphore(0)  # one per try: in its check, or back unchecked
        self.release = threading.Event()
        self.local = threading.local()

    def verify(self, pin: str, stored: str) -> bool:
        with self.lock:
            self.pins.append(pin)
        self.local.settled = True
        self.settled.release()
        assert self.release.wait(30), "the test never released the checks"
        return self.real(pin, stored)

    def run(self, pin: str, results: list) -> None:
        self.local.settled = False
        results.append(_outcome(pin))
        if not self.local.settled:
            self.settled.release()

    def wait_settled(self, count: int) -> None:
        for _ in range(count):
            assert self.settled.acquire(timeout=30), "a sign-in try hung"


def test_thirty_threads_check_at_most_the_limit_and_the_right_pin_is_refused_while_locked(store, monkeypatch):
    add_staff("N1", "林红梅", "nurse", pin=RIGHT)
    held = _HeldChecks(auth.verify_pin)
    monkeypatch.setattr(auth, "verify_pin", held.verify)
    results: list[str] = []
    start = threading.Barrier(29)

    def wrong() -> None:
        start.wait(30)
        held.run(WRONG, results)

    threads = [threading.Thread(target=wrong) for _ in range(29)]
    for thread in threads:
        thread.start()
    held.wait_settled(29)
    right: list[str] = []
    last = threading.Thread(target=held.run, args=(RIGHT, right))
    last.start()
    held.wait_settled(1)
    held.release.set()
    for thread in [*threads, last]:
        thread.join(30)

    assert len(held.pins) == LIMIT and RIGHT not in held.pins
    assert right == ["locked"] and Counter(results) == {"locked": 29}
    actions = Counter(e.action for e in Event.select())
    assert actions["login.attempt"] == LIMIT and actions["login.refused"] == 30 - LIMIT
    assert actions["login.locked"] == 1 and actions["login.failed"] == LIMIT - 1 and actions["login"] == 0
    assert Staff.get(Staff.number == "N1").locked_until is not None


def test_right_pin_among_the_allowed_tries_signs_in_and_lifts_the_lock(store, frozen_clock):
    add_staff("N1", "林红梅", "nurse", pin=RIGHT)
    for _ in range(LIMIT - 1):
        assert _outcome(WRONG) == "bad_pin"
    assert _outcome(RIGHT) == "signed in"  # the last try allowed, and right
    row = Staff.get(Staff.number == "N1")
    assert (row.failed_pins, row.locked_until) == (0, None)
    assert _outcome(WRONG) == "bad_pin"


def test_a_lock_ends_after_its_minutes_and_the_tries_count_again(store, frozen_clock):
    add_staff("N1", "林红梅", "nurse", pin=RIGHT)
    assert [_outcome(WRONG) for _ in range(LIMIT)] == ["bad_pin"] * (LIMIT - 1) + ["locked"]
    assert _outcome(RIGHT) == "locked"
    frozen_clock.advance(minutes=5)
    assert [_outcome(WRONG) for _ in range(LIMIT)] == ["bad_pin"] * (LIMIT - 1) + ["locked"]
    frozen_clock.advance(minutes=5)
    assert _outcome(RIGHT) == "signed in"


def test_the_pin_is_hashed_outside_any_transaction(store, monkeypatch):
    """No sign-in holds the write turn (or any transaction) while the slow hash runs."""
    from store.models import db

    add_staff("N1", "林红梅", "nurse", pin=RIGHT)
    seen = []
    real = auth.verify_pin

    def verify(pin, stored):
        seen.append(db.in_transaction())
        return real(pin, stored)

    monkeypatch.setattr(auth, "verify_pin", verify)
    assert _outcome(WRONG) == "bad_pin" and _outcome(RIGHT) == "signed in"
    assert _outcome(WRONG) == "bad_pin"  # and an unknown number's dummy check:
    with pytest.raises(auth.LoginFailed):
        auth.login("X9", RIGHT)
    assert seen == [False] * 4


# -- the same burst from separate processes ---------------------------------------------
PROCESSES = 10


def _child(url: str, pin: str, checks, settled, release, out) -> None:
    """One process's sign-in try; its PIN check counts and waits like the threads' above."""
    store_db.open_database(url)
    clock.install(clock.FixedClock(DEFAULT_NOW))
    done = {"settled": False}
    real = auth.verify_pin

    def verify(candidate, stored):
        with checks.get_lock():
            checks.value += 1
        done["settled"] = True
        settled.release()
        release.wait(60)
        return real(candidate, stored)

    auth.verify_pin = verify
    out.put(_outcome(pin))
    if not done["settled"]:
        settled.release()


@pytest.mark.slow
def test_a_burst_from_separate_processes_checks_at_most_the_limit(store, db_url):
    add_staff("N1", "林红梅", "nurse", pin=RIGHT)
    store_db.close()
    spawn = multiprocessing.get_context("spawn")
    checks, settled, release, out = spawn.Value("i", 0), spawn.Semaphore(0), spawn.Event(), spawn.Queue()

    def start(pin: str):
        proc = spawn.Process(target=_child, args=(db_url, pin, checks, settled, release, out))
        proc.start()
        return proc

    procs = [start(WRONG) for _ in range(PROCESSES)]
    for _ in procs:
        assert settled.acquire(timeout=60), "a sign-in process hung"
    procs.append(start(RIGHT))
    assert settled.acquire(timeout=60)
    right_checked = checks.value > LIMIT
    release.set()
    outcomes = [out.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(60)
    assert checks.value == LIMIT and not right_checked
    assert Counter(outcomes) == {"locked": PROCESSES + 1}
    store_db.open_database(db_url)
    results = Counter(e.action for e in Event.select().where(Event.action.startswith("login")))
    assert results["login.failed"] + results["login.locked"] == LIMIT and results["login"] == 0
