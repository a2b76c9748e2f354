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

