"""Drafts: text typed and not yet saved, kept per person and form so a dropped terminal loses nothing.

Saved as the person types (debounced by the screen), so saving must be cheap: one upsert in its
own short statement. Drafts are a person's scratch space, not care records: they are written
without an event row on purpose, so a keystroke neither fills the audit trail nor wakes every
live screen in the center. The text becomes a record (with its event) when it is saved for real.
A draft is kept inert (store/text.py): a pasted control character stays visible as its stand-in
rather than being refused, so a half-typed note is never lost to it (saving the note checks again).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store import clock
from store.errors import Invalid
from store.models import Draft
from store.text import inert
from store.writes import Actor

MAX_LEN = 4000


@dataclass(frozen=True)
class DraftRow:
    key: str
    text: str
    updated_at: dt.datetime


def save_draft(actor: Actor, key: str, text: str) -> None:
    """Keep `text` as the person's draft for `key`; empty text clears it."""
    staff_id = _staff(actor)
    if not (text or "").strip():
        clear_draft(actor, key)
        return
    text = inert(text, multiline=True)
    Draft.insert(staff=staff_id, key=_key(key), text=text[:MAX_LEN], updated_at=clock.now()).on_conflict(
        conflict_target=[Draft.staff, Draft.key],
        update={Draft.text: text[:MAX_LEN], Draft.updated_at: clock.now()},
    ).execute()


def load_draft(actor: Actor, key: str) -> str | None:
    """The person's draft for `key`, or None."""
    if actor.staff_id is None:
        return None
    row = Draft.get_or_none(Draft.staff == actor.staff_id, Draft.key == _key(key))
    return row.text if row else None


def drafts_for(actor: Actor) -> list[DraftRow]:
    """All of the person's drafts, newest first (offered back at login)."""
    if actor.staff_id is None:
        return []
    rows = Draft.select().where(Draft.staff == actor.staff_id).order_by(Draft.updated_at.desc(), Draft.id.desc())
    return [DraftRow(r.key, r.text, r.updated_at) for r in rows]


def clear_draft(actor: Actor, key: str) -> None:
    if actor.staff_id is None:
        return
    Draft.delete().where(Draft.staff == actor.staff_id, Draft.key == _key(key)).execute()


def _staff(actor: Actor) -> int:
    if actor.staff_id is None:
        raise Invalid("staff", "log in to keep drafts")
    return actor.staff_id


def _key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > 64:
        raise Invalid("key", "a draft key is 1 to 64 characters")
    return key
