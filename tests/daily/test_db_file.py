"""The database file changed under a running app: the screen says so, a note is refused with
its text kept, and after `carefloor restore` (another process) the app works on the restored file."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from screens.dialogs.quick_note import QuickNoteDialog
from store import backup
from tests.daily.app_helpers import daily_app, settle, wait_until
from tests.daily.fixtures import build_center


@pytest.fixture
def center(sqlite_store):
    return build_center()


def _said(app, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


def _notes(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM note ORDER BY id")]
    finally:
        conn.close()


async def _note(pilot, text: str) -> QuickNoteDialog:
    await pilot.press("n")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, QuickNoteDialog)
    dialog.query_one("#note-input").value = text
    await pilot.press("enter")
    await settle(pilot)
    return dialog


async def test_a_replaced_file_is_said_on_screen_and_a_room_note_goes_nowhere(center, sqlite_url, tmp_path):
    other = backup.backup_file(sqlite_url, tmp_path / "other.db")
    conn = sqlite3.connect(other)
    conn.execute("UPDATE guest SET name = '别人' WHERE id = ?", (center.guests["chen"],))  # 603 there
    conn.commit()
    conn.close()
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot, pilot.app.screen, loads=1)
        os.replace(other, sqlite_url)  # `mv other.db center.db` on the server
        await wait_until(pilot, lambda: _said(app, "was replaced by another file"))
        dialog = await _note(pilot, "603 slept 5h")
        assert "was replaced by another file" in str(dialog.query_one("#note-error").render())
        assert dialog.query_one("#note-input").value == "603 slept 5h"  # the text stays
    assert _notes(sqlite_url) == []


async def test_a_deleted_file_is_said_and_not_made_again(center, sqlite_url):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot, pilot.app.screen, loads=1)
        os.unlink(sqlite_url)
        await wait_until(pilot, lambda: _said(app, "is gone (deleted or moved)"))
        dialog = await _note(pilot, "603 slept 5h")
        assert "is gone" in str(dialog.query_one("#note-error").render())
        assert dialog.query_one("#note-input").value == "603 slept 5h"
    assert not Path(sqlite_url).exists()


async def test_after_carefloor_restore_the_app_says_so_and_works_on_the_restored_file(center, sqlite_url, tmp_path):
    copy = backup.backup_file(sqlite_url, tmp_path / "copy.db")
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        await settle(pilot, screen, loads=1)
        await _note(pilot, "603 before the restore")  # made after the backup: the restore drops it
        assert not isinstance(pilot.app.screen, QuickNoteDialog)  # saved and closed
        loads = screen.loads
        done = await asyncio.to_thread(
            subprocess.run, [str(Path(sys.executable).with_name("carefloor")), "restore", str(copy),
                             "--db", sqlite_url, "--yes"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        await wait_until(pilot, lambda: _said(app, "restored from a backup"), timeout=10)
        await wait_until(pilot, lambda: screen.loads > loads)  # the screen read the restored data
        assert not _said(app, "replaced") and not _said(app, "is gone")
        await _note(pilot, "603 after the restore")
        assert not isinstance(pilot.app.screen, QuickNoteDialog)
    assert _notes(sqlite_url) == ["after the restore"]
