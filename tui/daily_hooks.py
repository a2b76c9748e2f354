"""The app-wide parts of the daily work: the quick-note key and offering drafts back at sign-in."""
from __future__ import annotations

from store import drafts
from store.errors import StoreError
from tui.i18n import t

NOTE_DRAFT = "quick_note"


def quick_note(app) -> None:
    """Open the one-line note; with a guest highlighted on the screen, it goes to her."""
    from screens.dialogs.quick_note import QuickNoteDialog

    if app.actor is None or isinstance(app.screen, QuickNoteDialog):
        return
    picker = getattr(app.screen, "selected_guest", None)
    guest = picker() if callable(picker) else None
    guest_id, name = guest if guest else (None, "")
    app.push_screen(QuickNoteDialog(guest_id, name), lambda saved: _noted(app, saved))


def _noted(app, saved) -> None:
    if saved is not None:
        app.notify(t("daily.note_saved", name=saved.guest_name, room=saved.room), timeout=3)


def offer_drafts(app) -> None:
    """At sign-in: an unsaved quick note opens again with its text; other drafts are mentioned."""
    try:
        waiting = drafts.drafts_for(app.actor)
    except StoreError:
        return
    others = [d for d in waiting if d.key != NOTE_DRAFT]
    if others:
        app.notify(t("daily.drafts_waiting", count=len(others)), timeout=8)
    if any(d.key == NOTE_DRAFT for d in waiting):
        from screens.dialogs.quick_note import QuickNoteDialog  # only then: not on every start

        app.push_screen(QuickNoteDialog(offered=True), lambda saved: _noted(app, saved))
