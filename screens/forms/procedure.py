"""A procedure (登记项目/手术, manual 001): kind, name, day; it starts the post-op schedule.

Choosing the consultation it came from converts that consultation (its lead calls stop).
"""
from __future__ import annotations

from typing import Any

from screens.forms.base import Field
from screens.forms.convert import case_label
from screens.forms.course import GuestForm, no_options, today_text
from tui.i18n import has, t


def _kinds() -> list[tuple[str, str]]:
    from seeds.lifecycle import load_lifecycle

    return [(t(f"front_desk.kind.{kind}") if has(f"front_desk.kind.{kind}") else kind, kind)
            for kind in load_lifecycle().procedure_kinds]


class ProcedureForm(GuestForm):
    TITLE_KEY = "front_desk.procedure.title"
    FIELDS = (
        Field("kind", "front_desk.f.kind", "select", _kinds),
        Field("name", "front_desk.f.procedure"),
        Field("performed_on", "front_desk.f.performed_on", hint="lifecycle.hint.date"),
        Field("case_id", "front_desk.f.from_case", "select", no_options),
        Field("discharged_on", "front_desk.f.discharged_on", hint="front_desk.hint.date_optional"),
        Field("stitch_removal_on", "front_desk.f.stitch_removal_on", hint="front_desk.hint.date_optional"),
    )

    def defaults(self) -> dict[str, Any]:
        return {"performed_on": today_text()}

    def load_more(self) -> dict:
        from store import cases

        return {"cases": cases.cases_for(self.guest_id)}

    def fill(self, data: dict) -> None:
        # optional: never chosen for her, even when she has one consultation
        self.set_choices("case_id", [(case_label(c), c.id) for c in reversed(data["cases"])],
                         preselect_only=False)

    def submit(self, actor, values):
        from store import cases

        return cases.add_procedure(actor, self.guest_id, kind=values["kind"], name=values["name"],
                                   performed_on=values["performed_on"], case_id=values["case_id"] or None,
                                   discharged_on=values["discharged_on"] or None,
                                   stitch_removal_on=values["stitch_removal_on"] or None)

    def saved_text(self, result) -> str:
        return t("front_desk.procedure_saved")
