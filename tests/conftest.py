"""Shared fixtures: a fresh database per test (temp-file SQLite, or PostgreSQL) and a movable clock."""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid

import peewee as pw
import pytest

from store import clock, db as store_db

PG_URL = os.environ.get("CAREFLOOR_TEST_PG", "")
PG_REQUIRED = os.environ.get("CAREFLOOR_TEST_PG_REQUIRED") == "1"
# 10:00 in Shanghai on the day the demo center is built for
DEFAULT_NOW = "2026-11-23T02:00:00+00:00"
# CAREFLOOR_TEST_WALL_SHIFT_DAYS=400 runs the suite as if the wall clock were that far ahead:
# a test that forgot to freeze the clock then fails today, not on the day CI first runs late.
WALL_SHIFT_DAYS = float(os.environ.get("CAREFLOOR_TEST_WALL_SHIFT_DAYS", "0") or 0)
if WALL_SHIFT_DAYS:
    _wall_now = clock.Clock.now
    clock.Clock.now = lambda self: _wall_now(self).shift(days=WALL_SHIFT_DAYS)


def pytest_sessionstart(session):
    # the state folder (PostgreSQL audit keys, errors.log) of this run, not the tester's own
    os.environ["XDG_STATE_HOME"] = _STATE_HOME
    if PG_URL and PG_REQUIRED and not _pg_reachable():
        pytest.exit(f"CAREFLOOR_TEST_PG={PG_URL} is set but PostgreSQL cannot be reached", returncode=3)


def pytest_sessionfinish(session):
    shutil.rmtree(_STATE_HOME, ignore_errors=True)


_STATE_HOME = tempfile.mkdtemp(prefix="cf-test-state-")


def _pg_reachable() -> bool:
    try:
        database = store_db.build(PG_URL)
        database.connect()
        database.close()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session", autouse=True)
def fixed_seat():
    """Events record who sits at the terminal (store/terminal.py): the same in every run, whatever
    account, terminal or ssh session runs the tests (session-wide: session fixtures such as the
    demo center write events too). Tests of the seat set their own environment and forget()."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SUDO_USER", "tester")
        patch.setenv("SSH_TTY", "/dev/pts/9")
        for name in ("SSH_CONNECTION", "SSH_CLIENT", "TEXTUAL_DRIVER"):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(autouse=True)
def seat_read_afresh():
    """A test that changed the environment leaves no seat read from it behind."""
    from store import terminal

    terminal.forget()
    yield
    terminal.forget()


@pytest.fixture
def frozen_clock():
    """A FixedClock installed as the process clock, at DEFAULT_NOW; restored afterwards."""
    previous = clock._clock
    fixed = clock.FixedClock(DEFAULT_NOW)
    clock.install(fixed)
    clock.set_timezone(clock.DEFAULT_TZ)
    yield fixed
    clock.install(previous)
    clock.set_timezone(clock.DEFAULT_TZ)


@pytest.fixture
def short_wait():
    """Writes give up after 0.5 s instead of 15 (store.writes.set_wait_limit); a test may set less."""
    from store import writes

    before = writes.WAIT_LIMIT_S
    writes.set_wait_limit(0.5)
    yield writes.set_wait_limit
    writes.set_wait_limit(before)


@pytest.fixture
def sqlite_url(tmp_path):
    return str(tmp_path / "center.db")


@pytest.fixture(scope="session")
def pg_database_url(worker_id):
    """A database of this test worker's own on the PostgreSQL server, dropped at the end."""
    if not PG_URL:
        pytest.skip("PostgreSQL run skipped: set CAREFLOOR_TEST_PG=postgresql://user@host/db to enable")
    name = f"carefloor_t_{worker_id}_{uuid.uuid4().hex[:8]}"
    admin = store_db.build(PG_URL)
    admin.connect()
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    admin.close()
    base = PG_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    store_db.close()
    admin.connect()
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db_url(request, tmp_path):
    """Each store test runs on a temp-file SQLite and, when configured, on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "center.db")
    url = request.getfixturevalue("pg_database_url")
    _reset_pg(url)
    return url


def _reset_pg(url: str) -> None:
    store_db.close()
    database = store_db.build(url)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    database.close()


@pytest.fixture
def store(db_url, frozen_clock):
    """An opened, migrated, empty center database on the db_url backend."""
    database = store_db.open_database(db_url)
    yield database
    store_db.close()


@pytest.fixture
def sqlite_store(sqlite_url, frozen_clock):
    """Like `store`, SQLite only (for tests about SQLite itself)."""
    database = store_db.open_database(sqlite_url)
    yield database
    store_db.close()


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's snap_compare, with text cursors held still: they blink every
    0.5 s, so on a busy machine the picture caught the cursor on or off at random."""
    import inspect

    def compare(app, *args, run_before=None, **kwargs):
        async def steady(pilot):
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            _hold_cursors(pilot.app)
            await pilot.pause()

        return snap_compare(app, *args, run_before=steady, **kwargs)

    return compare


def _hold_cursors(app) -> None:
    """No blinking in any input on any screen shown (a dialog shows the screen beneath it)."""
    from textual.widgets import Input, TextArea

    for screen in app.screen_stack:
        for field in [*screen.query(Input), *screen.query(TextArea)]:
            field.cursor_blink = False
