"""A consultation converted (成交, manual 001): the guest's open lead follow-ups are cancelled."""
from __future__ import annotations

from typing import Any

from screens.forms.base import Field
from screens.forms.course import GuestForm, no_options, today_text
from store.errors import Invalid
from tui.i18n import pick, t


def case_label(case) -> str:
    from seeds.lifecycle import load_lifecycle

    category = load_lifecycle().categories.get(case.category)
    text = t("front_desk.case_line", day=case.consulted_on.isoformat(),
             category=pick(category["name"]) if category else case.category, item=case.item)
    return f"{text} {t('front_desk.case_converted')}" if case.converted_on else text


class ConvertForm(GuestForm):
    TITLE_KEY = "front_desk.convert.title"
    FIELDS = (
        Field("case", "front_desk.f.case", "select", no_options),
        Field("converted_on", "front_desk.f.converted_on", hint="lifecycle.hint.date"),
    )

    def defaults(self) -> dict[str, Any]:
        return {"converted_on": today_text()}

    def load_more(self) -> dict:
        from store import cases

        return {"cases": [c for c in cases.cases_for(self.guest_id) if c.converted_on is None]}

    def info(self, data: dict) -> str:
        return data["name"] if data["cases"] else f"{data['name']}  {t('front_desk.no_guest_cases')}"

    def fill(self, data: dict) -> None:
        self.set_choices("case", [(case_label(c), c.id) for c in reversed(data["cases"])])

    def submit(self, actor, values):
        from store import cases

        if values["case"] == "":
            raise Invalid("case", t("front_desk.err.case"))
        return cases.convert(actor, values["case"], values["converted_on"] or None)

    def saved_text(self, result) -> str:
        return t("front_desk.converted", n=result)
