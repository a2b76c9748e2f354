"""20 processes x 100 writes through the real write path: nothing fails, nothing lost, log in order,
the audit chain whole."""
from __future__ import annotations

import pytest

from tests.reliability.helpers import CTX, counting_writer, prepare_center

PROCS, WRITES = 20, 100


@pytest.mark.slow
def test_twenty_processes_write_without_errors_or_losses(db_url):
    from store import db as store_db

    store_db.close()
    prepare_center(db_url)
    barrier, queue = CTX.Barrier(PROCS), CTX.Queue()
    workers = [CTX.Process(target=counting_writer, args=(db_url, i, WRITES, "conc", barrier, queue))
               for i in range(PROCS)]
    for w in workers:
        w.start()
    reports = sorted(queue.get(timeout=240) for _ in workers)
    for w in workers:
        w.join(timeout=60)
    assert [(p, e, f) for p, e, f in reports if e] == []
    _assert_log_complete_and_ordered(db_url)


def _assert_log_complete_and_ordered(target: str) -> None:
    from store import db as store_db
    from store.models import Event, Note

    store_db.open_database(target)
    try:
        events = list(Event.select(Event.id, Event.staff_name, Event.after)
                      .where(Event.action == "conc.write").order_by(Event.id).tuples())
        assert len(events) == PROCS * WRITES
        assert Note.select().count() == PROCS * WRITES
        per_proc: dict[str, list[int]] = {}
        for _id, who, after in events:
            per_proc.setdefault(who, []).append(after["k"])
        assert sorted(per_proc) == sorted(f"proc {i}" for i in range(PROCS))
        # each process's events appear in the order it committed them, none missing or doubled
        assert all(ks == list(range(WRITES)) for ks in per_proc.values())
        ids = [e[0] for e in events]
        assert ids == sorted(set(ids))
        from store.auditverify import verify

        report = verify()  # sealed in commit order: each event chained to the one committed before it
        assert report.intact and report.checked == Event.select().count(), report
    finally:
        store_db.close()
