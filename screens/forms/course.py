"""Start a treatment course (开疗程): its name and how many sessions (manual 001).

Also home of GuestForm, the base of the front-desk forms opened for one guest from the guest
actions menu (`guest_id=`): her name above the fields, selects filled from her records in the
load worker, a notification that says what the save started.
"""
from __future__ import annotations

from typing import Any

from textual.widgets import Select, Static

from screens.forms.base import Field, FormScreen
from screens.widgets.plain import safe_options
from store import clock
from store.errors import Invalid
from tui.i18n import t


def no_options() -> list[tuple[str, Any]]:
    """A select's options before load(): filled from the guest's records by `set_choices`."""
    return []


def today_text() -> str:
    return clock.today().isoformat()


class GuestForm(FormScreen):
    """A form for one guest. Subclasses add `load_more()` / `fill()` / `info()` / `saved_text()`."""

    def __init__(self, guest_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(guest_id=guest_id, **kwargs)
        self.guest_id = guest_id
        self._choices: dict[str, list] = {}

    def values(self) -> dict[str, Any]:
        # Not base.py's: it tests `Select.BLANK`, which in Textual 8 is the widget's BLANK flag
        # (False), not the no-selection value, so an unchosen select reached the store as
        # Select.NULL and an unticked checkbox read as "".
        out = {}
        for field in self.FIELDS:
            value = self.query_one(f"#f-{field.key}").value
            if value is Select.NULL:
                value = ""
            out[field.key] = value.strip() if isinstance(value, str) else value
        return out

    def load(self) -> dict:
        from store.lifecycle import guest_or_404

        data = {"name": guest_or_404(self.guest_id).name if self.guest_id is not None else ""}
        data.update(self.load_more())
        return data

    def load_more(self) -> dict:
        """More of the guest's records for the selects (thread)."""
        return {}

    def show(self, data: dict) -> None:
        if self not in self.app.screen_stack:  # saved and popped while a live reload ran: widgets going
            return
        self.query_one("#form-info", Static).update(self.info(data))
        self.fill(data)

    def info(self, data: dict) -> str:
        return data["name"]

    def fill(self, data: dict) -> None:
        """Put loaded choices and prefills into the fields (UI thread; runs on every reload)."""

    def set_choices(self, key: str, options: list[tuple[str, Any]], *, preselect_only: bool = True) -> None:
        """Replace a select's options, keeping the choice made; one option is chosen for her."""
        if self._choices.get(key) == options:
            return  # a live reload with nothing new: leave the open select alone
        was_dirty = self.dirty()
        select = self.query_one(f"#f-{key}", Select)
        keep = select.value
        select.set_options(safe_options(options))  # a case's or course's stored name: plain text
        self._choices[key] = options
        values = [value for _, value in options]
        if keep in values:
            select.value = keep
        elif preselect_only and len(values) == 1:
            select.value = values[0]
        if not was_dirty:
            self.initial = self.values()

    def saved_text(self, result: Any) -> str:
        return t("lifecycle.saved")

    def done(self, result: Any) -> None:
        self.busy = False
        self.saved = True
        self.notify(self.saved_text(result))
        self.app.pop_screen()


class CourseForm(GuestForm):
    TITLE_KEY = "front_desk.course.title"
    FIELDS = (
        Field("name", "front_desk.f.course_name"),
        Field("sessions", "front_desk.f.sessions", hint="front_desk.hint.sessions"),
    )

    def defaults(self) -> dict[str, Any]:
        return {"sessions": "6"}

    def submit(self, actor, values):
        from store import cases

        text = values["sessions"]
        if not text.isdigit():
            raise Invalid("sessions", t("front_desk.err.sessions"))
        return cases.start_course(actor, self.guest_id, values["name"], int(text))

    def saved_text(self, result) -> str:
        return t("front_desk.course_saved")
