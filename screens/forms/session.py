"""One session of a treatment course done (登记疗程治疗, manual 001): it starts the day-3 call;
the last session ends the course (its 1/2/3-month calls follow)."""
from __future__ import annotations

from typing import Any

from screens.forms.base import Field
from screens.forms.course import GuestForm, no_options, today_text
from store.errors import Invalid
from tui.i18n import t


class SessionForm(GuestForm):
    TITLE_KEY = "front_desk.session.title"
    FIELDS = (
        Field("course", "front_desk.f.course", "select", no_options),
        Field("done_on", "front_desk.f.done_on", hint="lifecycle.hint.date"),
    )

    def defaults(self) -> dict[str, Any]:
        return {"done_on": today_text()}

    def load_more(self) -> dict:
        from store import cases

        return {"courses": cases.courses_for(self.guest_id, open_only=True)}

    def info(self, data: dict) -> str:
        return data["name"] if data["courses"] else f"{data['name']}  {t('front_desk.no_open_courses')}"

    def fill(self, data: dict) -> None:
        self.set_choices("course", [(t("front_desk.course_line", name=c.name, done=c.done, planned=c.planned), c.id)
                                    for c in data["courses"]])

    def submit(self, actor, values):
        from store import cases

        if values["course"] == "":
            raise Invalid("course", t("front_desk.err.course"))
        return cases.log_session(actor, values["course"], values["done_on"] or None)

    def saved_text(self, result) -> str:
        return t("front_desk.session_saved", n=result)
