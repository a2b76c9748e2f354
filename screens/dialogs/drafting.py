"""Drafts as the person types: a debounced save in a thread worker, never on exit.

A dialog that holds free text mixes in `Drafting`, sets `draft_key`, and calls
`self.draft_changed(text)` from its Input.Changed handler; `self.draft_text()` offers a
saved draft back when it opens; `self.draft_done()` forgets it once the text is saved or discarded.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from store import db as store_db
from store import drafts

DEBOUNCE_S = 0.3
# One background thread, so saves and clears land in the order they were made (a late save can
# never resurrect a draft that was just cleared) and outlive the dialog that made them.
_SAVER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafts")


class Drafting:
    draft_key: str = ""

    def _draft_actor(self):
        actor = getattr(self.app, "actor", None)
        return actor if actor is not None and actor.staff_id is not None and self.draft_key else None

    def draft_text(self) -> str:
        """The person's saved draft for this key ("" if none): a small indexed read."""
        actor = self._draft_actor()
        return (drafts.load_draft(actor, self.draft_key) or "") if actor else ""

    def draft_changed(self, text: str) -> None:
        """Restart the debounce timer; the save happens DEBOUNCE_S after the last keystroke."""
        timer = getattr(self, "_draft_timer", None)
        if timer is not None:
            timer.stop()
        self._draft_pending = text
        self._draft_timer = self.set_timer(DEBOUNCE_S, self._draft_flush)

    def _draft_flush(self) -> None:
        actor = self._draft_actor()
        if actor is not None:
            _SAVER.submit(_save, actor, self.draft_key, self._draft_pending)

    def draft_done(self) -> None:
        """The text was saved for real (or discarded): drop the draft and any pending save."""
        timer = getattr(self, "_draft_timer", None)
        if timer is not None:
            timer.stop()
        actor = self._draft_actor()
        if actor is not None:
            _SAVER.submit(_save, actor, self.draft_key, "")


def _save(actor, key: str, text: str) -> None:
    try:
        drafts.save_draft(actor, key, text)
    except Exception:  # a draft is best effort: never crash the app over one
        pass
    finally:
        store_db.close()


def flush(timeout: float = 5.0) -> None:
    """Wait until every queued draft save has reached the database (tests, shutdown)."""
    marker: Future = _SAVER.submit(lambda: None)
    marker.result(timeout)
