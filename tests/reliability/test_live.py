"""Live refresh across processes, on SQLite and PostgreSQL: another process's commit is seen."""
from __future__ import annotations

import time

from tests.reliability.helpers import CTX, prepare_center


def _write_one(target: str) -> None:
    from store import db as store_db
    from tests.reliability.helpers import write_note

    store_db.open_database(target)
    write_note(3, 0, "live")
    store_db.close()


def test_a_commit_in_another_process_moves_the_change_feed(db_url):
    from store import changes, db as store_db

    store_db.close()
    prepare_center(db_url)
    store_db.open_database(db_url)
    try:
        before, version = changes.latest_event_id(), changes.data_version()
        child = CTX.Process(target=_write_one, args=(db_url,))
        child.start()
        child.join(30)
        assert child.exitcode == 0
        deadline = time.monotonic() + 2
        while changes.latest_event_id() == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert changes.latest_event_id() > before
        if version is not None:  # SQLite: the cheap poll moves too
            assert changes.data_version() != version
    finally:
        store_db.close()
