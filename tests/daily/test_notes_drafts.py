"""Quick notes find the guest by room; drafts are per person and key, cheap and event-free."""
from __future__ import annotations

import pytest

from store import drafts, notes
from store.errors import Invalid
from store.models import Event, Note, Stay
from tests.daily.fixtures import build_center


@pytest.fixture
def center(store):
    return build_center()


def test_note_to_room_goes_to_the_guest_staying_there(center):
    saved = notes.add_note(center.actor("nurse"), "603 slept 5h, latch ok")
    note = Note.get_by_id(saved.id)
    assert (note.guest_id, note.text, note.staff_id) == (center.guests["chen"], "slept 5h, latch ok",
                                                         center.staff["nurse"])
    assert (saved.guest_name, saved.room) == ("陈静", "603")
    event = Event.get(Event.action == "note.add")
    assert (event.guest, event.entity_id) == (center.guests["chen"], note.id)


def test_note_with_chinese_separator(center):
    saved = notes.add_note(center.actor("nurse"), "601：宝宝黄疸已退")
    assert (saved.guest_id, saved.text) == (center.guests["wang"], "宝宝黄疸已退")


def test_note_to_selected_guest(center):
    saved = notes.add_note(center.actor("nurse"), "prefers warm water", guest_id=center.guests["li"])
    assert (saved.guest_id, saved.room, saved.text) == (center.guests["li"], "602", "prefers warm water")


def test_explicit_room_beats_selected_guest(center):
    saved = notes.add_note(center.actor("nurse"), "601 ok", guest_id=center.guests["li"])
    assert saved.guest_id == center.guests["wang"]


@pytest.mark.parametrize("text, field, words", [
    ("699 slept well", "room", "no room 699"),
    ("610 slept well", "room", "nobody is staying in room 610"),
    ("slept well", "note", "start with a room number"),
    ("   ", "note", "type the note"),
    ("603", "note", "after the room number"),
])
def test_bad_notes_say_what_to_fix_and_save_nothing(center, text, field, words):
    with pytest.raises(Invalid) as err:
        notes.add_note(center.actor("nurse"), text)
    assert err.value.field == field and words in str(err.value)
    assert Note.select().count() == 0 and Event.select().count() == 0


def test_discharged_guest_is_not_in_her_old_room(center):
    Stay.update(status="discharged").where(Stay.id == center.tasks["stay_chen"]).execute()
    with pytest.raises(Invalid, match="nobody is staying in room 603"):
        notes.add_note(center.actor("nurse"), "603 hello")


def test_drafts_are_per_person_and_key(center):
    nurse, other = center.actor("nurse"), center.actor("nurse2")
    drafts.save_draft(nurse, "note", "603 slept")
    drafts.save_draft(nurse, "note", "603 slept 5h")
    drafts.save_draft(nurse, "reason", "asleep")
    assert drafts.load_draft(nurse, "note") == "603 slept 5h"
    assert drafts.load_draft(other, "note") is None
    assert {d.key for d in drafts.drafts_for(nurse)} == {"note", "reason"}
    drafts.clear_draft(nurse, "note")
    assert drafts.load_draft(nurse, "note") is None


def test_saving_empty_text_clears_and_drafts_make_no_events(center):
    nurse = center.actor("nurse")
    drafts.save_draft(nurse, "note", "abc")
    drafts.save_draft(nurse, "note", "")
    assert drafts.drafts_for(nurse) == []
    assert Event.select().count() == 0  # a keystroke must not wake every live screen


def test_system_actor_has_no_drafts(center):
    from store.writes import SYSTEM

    assert drafts.load_draft(SYSTEM, "note") is None
    with pytest.raises(Invalid):
        drafts.save_draft(SYSTEM, "note", "x")


def test_unknown_room_is_refused_even_with_a_guest_selected(center):
    with pytest.raises(Invalid, match="no room 699"):
        notes.add_note(center.actor("nurse"), "699 slept well", guest_id=center.guests["li"])
