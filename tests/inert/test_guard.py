"""The store refuses control characters whatever the write: every text column checks (store/fields.py)."""
from __future__ import annotations

import peewee as pw
import pytest

from store.errors import BadText
from store.fields import DataField, JsonField, LineField, NotesField
from store.models import MODELS, Event, Guest, Note, Staff
from store.writes import SYSTEM, write
from tests.inert.corpus import CORPUS, ISSUE_NAME, ISSUE_NOTE

# Columns that copy what was stored elsewhere (old text included): the event log's, and the name
# a handover acknowledgement keeps. They are shown inert, never refused: refusing them would
# stop every write by someone whose old record holds such a character.
COPIES = {("event", "staff_name"), ("event", "terminal"), ("event", "action"), ("event", "entity"),
          ("event", "before"), ("event", "after"), ("handover_ack", "staff_name"), ("handover_ack", "summary"),
          # the seat comes from the environment, made printable and cut to size (store/terminal.py)
          ("event", "os_user"), ("event", "tty"), ("event", "client"),
          ("event", "seal")}  # a hex digest the store computes (store/auditchain.py)
GUARDED = (LineField, NotesField, DataField)


def _text_fields():
    for model in MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, (pw.CharField, pw.TextField)) and not isinstance(field, pw.ForeignKeyField):
                yield model, field


def test_every_text_column_is_guarded_except_the_copies():
    unguarded = {(m._meta.table_name, f.name) for m, f in _text_fields() if not isinstance(f, GUARDED)}
    assert unguarded == COPIES, "a new text column: use LineField / NotesField / DataField (store/fields.py)"
    assert all(isinstance(f, JsonField) and not isinstance(f, DataField) for f in (Event.before, Event.after))


@pytest.mark.parametrize("model, field", [(m, f) for m, f in _text_fields() if isinstance(f, GUARDED)],
                         ids=lambda v: getattr(v, "name", None) or v.__name__)
def test_every_guarded_column_refuses_the_corpus_in_an_update(sqlite_store, model, field):
    for value in CORPUS.values():
        hostile = {"x": value} if isinstance(field, DataField) else value
        with pytest.raises(BadText) as caught:
            model.update({field: hostile}).sql()  # the values are converted (and checked) as the SQL is built
        assert caught.value.field == field.name


def test_a_multi_line_column_takes_lines_and_a_one_line_column_does_not(sqlite_store):
    Note.update(text="睡了5小时\n\t哺乳顺利").sql()
    with pytest.raises(BadText, match="one line"):
        Guest.update(name="王\n美丽").sql()


def test_a_write_with_hostile_text_writes_nothing_not_even_its_event(sqlite_store):
    events = Event.select().count()
    for value in (ISSUE_NAME, ISSUE_NOTE):
        with pytest.raises(BadText):
            write(SYSTEM, "staff.add", lambda tx: Staff.create(number="Z9", name=value, role="nurse",
                                                              created_at=tx.now))
    assert Staff.select().count() == 0 and Event.select().count() == events


def test_an_insert_many_is_checked_too(sqlite_store):
    rows = [{"number": "A1", "name": "ok", "role": "nurse"}, {"number": "A2", "name": "\x9bbad", "role": "nurse"}]
    with pytest.raises(BadText):
        Staff.insert_many(rows).sql()


def test_a_draft_keeps_a_pasted_control_character_visible_instead_of_losing_the_note(sqlite_store):
    from store.drafts import load_draft, save_draft

    staff = Staff.create(number="N1", name="李护士", role="nurse", created_at="2026-11-23 02:00:00")
    actor = SYSTEM.__class__(staff.id, staff.name, "nurse")
    save_draft(actor, "quick_note", "603 " + ISSUE_NOTE)
    assert load_draft(actor, "quick_note") == "603 ␛[5mblink␛]52;c;ZWNobyBwd25lZA==␇ note"
