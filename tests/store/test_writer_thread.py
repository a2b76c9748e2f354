"""The writer thread: generation's derived writes commit without fsync, everyone else's stay FULL."""
from __future__ import annotations

from store.models import db
from store.writer_thread import Writer

NORMAL, FULL = 1, 2


def _pragmas() -> tuple[int, int]:
    sync = db.execute_sql("PRAGMA synchronous").fetchone()[0]
    return sync, db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]


def test_derived_writes_relax_only_the_threads_own_connection(sqlite_store):
    seen = []
    with Writer(True, derived=True) as writer:
        writer.submit(lambda: seen.append(_pragmas()))
    assert seen == [(NORMAL, 0)]  # checkpoints run after each write, outside the write turn
    assert _pragmas()[0] == FULL  # the caller's connection (and every screen's) is untouched


def test_other_writes_in_the_thread_stay_full(sqlite_store):
    seen = []
    with Writer(True) as writer:
        writer.submit(lambda: seen.append(_pragmas()[0]))
    assert seen == [FULL]


def test_an_error_in_the_thread_reaches_the_caller(sqlite_store):
    import pytest

    def boom():
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        with Writer(True, derived=True) as writer:
            writer.submit(boom)



def test_the_gil_changes_hands_quickly_only_while_a_writer_runs(sqlite_store):
    """A statement that released the GIL waits less to get it back from the planning thread."""
    import sys

    from store.writer_thread import SWITCH_INTERVAL_S

    before, seen = sys.getswitchinterval(), []
    with Writer(True, derived=True) as outer:
        with Writer(True) as inner:  # two at once: the first to end must not restore it early
            inner.submit(lambda: seen.append(sys.getswitchinterval()))
        outer.submit(lambda: seen.append(sys.getswitchinterval()))
    assert seen == [SWITCH_INTERVAL_S, SWITCH_INTERVAL_S] and SWITCH_INTERVAL_S < before
    assert sys.getswitchinterval() == before
    with Writer(False) as plain:  # no thread, nothing to hand over
        plain.submit(lambda: seen.append(sys.getswitchinterval()))
    assert seen[-1] == before
