"""Writers killed with SIGKILL mid-burst, five times over: the file stays sound, no ack is lost."""
from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import time

import pytest

from tests.reliability.helpers import CTX, acking_writer, drain, prepare_center, read_acks

ROUNDS, WRITERS = 5, 6


@pytest.mark.slow
def test_sigkilled_writers_never_break_the_file_or_lose_an_acknowledged_write(sqlite_url):
    prepare_center(sqlite_url)
    rng = random.Random(8)
    acked: set[tuple[int, int, int]] = set()
    for rnd in range(ROUNDS):
        acks = _burst_then_kill(sqlite_url, f"crash{rnd}", rng.uniform(0.3, 0.8))
        assert acks, "the writers should have committed something before the kill"
        acked |= {(rnd, p, k) for p, k in acks}
        _assert_sound(sqlite_url, acked)
    asyncio.run(_app_opens(sqlite_url))


async def _app_opens(target: str) -> None:
    """The real app starts on the file that went through five crashes and shows its sign-in."""
    from screens.login import LoginScreen
    from store import db as store_db
    from tui import i18n
    from tui.app import make_app

    language = i18n.language()
    app = make_app(target, lang="en")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LoginScreen)
    finally:
        store_db.close()
        i18n.set_language(language)


def _burst_then_kill(target: str, tag: str, after_s: float) -> set[tuple[int, int]]:
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    writers = [CTX.Process(target=acking_writer, args=(target, p, tag, write_end)) for p in range(WRITERS)]
    for w in writers:
        w.start()
    os.close(write_end)
    raw = bytearray()
    started = time.monotonic() + 30  # a loaded machine can take a while to get every writer going
    while len(read_acks(bytes(raw))) < 3 * WRITERS and time.monotonic() < started:
        raw += drain(read_end)
        time.sleep(0.01)
    deadline = time.monotonic() + after_s  # then kill at a random moment of the burst
    while time.monotonic() < deadline:
        raw += drain(read_end)
        time.sleep(0.01)
    for w in writers:
        os.kill(w.pid, signal.SIGKILL)
    for w in writers:
        w.join(timeout=10)
    raw += drain(read_end)
    os.close(read_end)
    assert all(w.exitcode == -signal.SIGKILL for w in writers)
    return read_acks(bytes(raw))


def _assert_sound(target: str, acked: set[tuple[int, int, int]]) -> None:
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        texts = {row[0] for row in conn.execute("SELECT text FROM note")}
        missing = [a for a in acked if f"crash{a[0]} p{a[1]} k{a[2]} r0" not in texts]
        assert missing == []
        # a transaction is all or nothing: every note has its event, and no event lacks its note
        notes = conn.execute("SELECT COUNT(*) FROM note").fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM event WHERE entity = 'note'").fetchone()[0]
        assert notes == events
    finally:
        conn.close()
    _assert_app_store_opens(target)


def _assert_app_store_opens(target: str) -> None:
    from store import db as store_db
    from store.changes import latest_event_id

    store_db.open_database(target, create=False)
    try:
        assert latest_event_id() > 0
    finally:
        store_db.close()
