"""Discharge (出所, manual 000 §4.7.2): checklist, deposit refund, and a manager's override
when a balance is still unpaid (logged with the reason)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from screens.forms.base import Field, FormScreen
from tui.i18n import pick, t
from tui.money import figures_lines


def _checklist_fields() -> tuple[Field, ...]:
    from seeds.lifecycle import load_lifecycle

    return tuple(Field(f"item_{i.id}", "", "check", names={k: v + (" *" if i.required else "")
                                                           for k, v in i.name.items()})
                 for i in load_lifecycle().checkout)


class DischargeForm(FormScreen):
    TITLE_KEY = "lifecycle.discharge.title"

    def __init__(self, stay_id: int) -> None:
        self.FIELDS = _checklist_fields() + (
            Field("refund", "lifecycle.f.refund", hint="lifecycle.hint.yuan"),
            Field("deduction", "lifecycle.f.deduction"),
            Field("override_reason", "lifecycle.f.override_reason", hint="lifecycle.hint.override"),
        )
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id
        self.state = None

    def extra(self) -> ComposeResult:
        yield Static("", id="e-checklist", classes="field-error -empty -under-check")

    def load(self):
        from store.checkout import checkout_state

        return checkout_state(self.app.actor, self.stay_id)

    def show(self, state) -> None:
        first = self.state is None
        self.state = state
        info = figures_lines(state.money)
        if state.survey_done:
            info += "  " + t("lifecycle.discharge.survey_done")
        self.query_one("#form-info", Static).update(info)
        if first and not self.dirty():
            self.set_value("refund", f"{state.money.deposit_cents / 100:.2f}".rstrip("0").rstrip("."))
            self.initial = self.values()

    def submit(self, actor, values):
        from store.checkout import discharge

        ticked = [key[len("item_"):] for key, value in values.items() if key.startswith("item_") and value]
        discharge(actor, self.stay_id, ticked=ticked, refund=values["refund"],
                  deduction_reason=values["deduction"], override_reason=values["override_reason"])
