"""The quick-note key from anywhere, drafts typed into it, and drafts offered back at sign-in."""
from __future__ import annotations

import pytest

from screens.dialogs import drafting
from screens.dialogs.quick_note import QuickNoteDialog
from store import drafts
from store.models import Note
from tests.daily.app_helpers import daily_app, settle
from tests.daily.fixtures import build_center


@pytest.fixture
def center(sqlite_store):
    return build_center()


async def _open_note(pilot) -> QuickNoteDialog:
    await settle(pilot)
    await settle(pilot, pilot.app.screen, loads=1)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, QuickNoteDialog)
    return pilot.app.screen


async def test_n_then_room_note_goes_to_the_guest_in_that_room(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_note(pilot)
        await pilot.press(*"603 slept 5h, latch ok", "enter")
        await settle(pilot)
        note = Note.get()
        assert (note.guest_id, note.text) == (center.guests["chen"], "slept 5h, latch ok")
        assert not isinstance(app.screen, QuickNoteDialog)
        assert drafts.load_draft(center.actor("nurse"), "quick_note") is None


async def test_note_without_room_goes_to_the_highlighted_guest(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_note(pilot)  # the first row (601 王小红) is highlighted
        assert "王小红" in str(dialog.query_one(".hint").render())
        dialog.query_one("#note-input").value = "wants more soup"
        await pilot.press("enter")
        await settle(pilot)
        assert (Note.get().guest_id, Note.get().text) == (center.guests["wang"], "wants more soup")


async def test_unknown_room_is_explained_and_the_text_stays(center):
    app = daily_app(center, "cs")  # callbacks screen; nothing highlighted that matters for a room note
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_note(pilot)
        dialog.query_one("#note-input").value = "699 slept well"
        await pilot.press("enter")
        await settle(pilot)
        assert "no room 699" in str(dialog.query_one("#note-error").render())
        assert dialog.query_one("#note-input").value == "699 slept well" and Note.select().count() == 0
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, QuickNoteDialog)


async def test_typing_saves_a_draft_and_esc_discards_it(center):
    nurse = center.actor("nurse")
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_note(pilot)
        await pilot.press(*"602 nap")
        await pilot.pause(drafting.DEBOUNCE_S + 0.2)
        drafting.flush()
        assert drafts.load_draft(nurse, "quick_note") == "602 nap"
        await pilot.press("escape")
        await settle(pilot)
        assert drafts.load_draft(nurse, "quick_note") is None


async def test_draft_is_offered_back_at_the_next_sign_in(center):
    nurse = center.actor("nurse")
    drafts.save_draft(nurse, "quick_note", "601 baby fed 60ml")
    drafts.save_draft(nurse, "skip:1", "asleep")
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QuickNoteDialog)
        assert app.screen.query_one("#note-input").value == "601 baby fed 60ml"
        assert any("1 unsaved draft" in n.message for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        assert Note.get().text == "baby fed 60ml"
    assert drafts.load_draft(nurse, "quick_note") is None


async def test_another_persons_draft_is_not_offered(center):
    drafts.save_draft(center.actor("nurse2"), "quick_note", "secret")
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, QuickNoteDialog)


async def test_skip_reason_draft_comes_back_when_the_prompt_reopens(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot, app.screen, loads=1)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"guest out")
        await pilot.pause(drafting.DEBOUNCE_S + 0.2)
        drafting.flush()
        app.screen.dismiss(None)  # the terminal "closes" here without Esc: the draft stays
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.query_one("#prompt-input").value == "guest out"


async def test_n_and_the_note_typed_in_one_burst_all_go_into_the_note(center):
    """'n' then text in one packet (ssh, a fast typist): the text lands in the note box; nothing
    typed is lost and no key is taken as a command of the screen underneath (d = done)."""
    from textual import events

    from store.models import Task

    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot, pilot.app.screen, loads=1)
        before = sorted((t.id, t.status) for t in Task.select())
        for char in "ndid feed":
            app._driver.send_message(events.Key("space" if char == " " else char, char))
        await settle(pilot)
        assert isinstance(app.screen, QuickNoteDialog)
        assert app.screen.query_one("#note-input").value == "did feed"
        assert sorted((t.id, t.status) for t in Task.select()) == before
        await pilot.press("n")  # in the box, n is text
        assert app.screen.query_one("#note-input").value == "did feedn"
