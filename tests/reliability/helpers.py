"""Writer processes for the reliability tests: forked, each with its own connection."""
from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import traceback

CTX = mp.get_context("fork")


def prepare_center(target: str) -> None:
    """A migrated center with guest 1 to write notes to; closed again before any fork."""
    from store import clock, db as store_db
    from store.models import Guest

    store_db.open_database(target)
    Guest.insert(name="test", entered_on=dt.date(2026, 11, 1), created_at=clock.now()).execute()
    store_db.close()


def write_note(proc: int, k: int, tag: str, rows: int = 1) -> None:
    """One write through the real write path: `rows` notes and their events."""
    from store import clock
    from store.models import Note
    from store.writes import Actor, write

    actor = Actor(None, f"proc {proc}", "system", f"{tag} {proc}")

    def apply(tx):
        for r in range(rows):
            note = Note.create(guest=1, at=clock.now(), text=f"{tag} p{proc} k{k} r{r}")
            tx.record("note", note.id, None, {"proc": proc, "k": k, "r": r}, guest=1)

    write(actor, f"{tag}.write", apply)


def counting_writer(target: str, proc: int, n: int, tag: str, barrier, queue) -> None:
    """n writes after the barrier; reports (proc, errors, first error) on the queue."""
    errors, first = 0, ""
    try:
        from store import db as store_db

        store_db.open_database(target)
        barrier.wait(timeout=60)
        for k in range(n):
            try:
                write_note(proc, k, tag)
            except Exception as exc:
                errors += 1
                first = first or f"{type(exc).__name__}: {exc}"
        store_db.close()
    except Exception:
        errors, first = -1, traceback.format_exc()
    queue.put((proc, errors, first))


def acking_writer(target: str, proc: int, tag: str, ack_fd: int, limit: int = 10**9) -> None:
    """Write until killed (or `limit`), printing "proc k" to ack_fd after each commit returns."""
    import random

    from store import db as store_db

    store_db.open_database(target)
    rng = random.Random(proc)
    for k in range(limit):
        write_note(proc, k, tag, rows=rng.choice((1, 1, 5, 40)))
        os.write(ack_fd, f"{proc} {k}\n".encode())
    store_db.close()
    os._exit(0)


def read_acks(raw: bytes) -> set[tuple[int, int]]:
    """Complete "proc k" lines (a kill can cut the last one short: that write is simply unacked)."""
    acks = set()
    for line in raw.decode(errors="replace").split("\n")[:-1]:
        parts = line.split()
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            acks.add((int(parts[0]), int(parts[1])))
    return acks


def drain(fd: int) -> bytes:
    """Everything readable from a non-blocking pipe end right now."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
