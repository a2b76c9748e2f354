"""New contract (签约): the guest, her package from the center's list, dates and first payment."""
from __future__ import annotations

from screens.forms.base import Field, FormScreen
from store import clock
from tui.i18n import pick


def _packages() -> list[tuple[str, str]]:
    from seeds.lifecycle import load_packages

    return [(f"{pick(p.name)} ({p.price_cents // 100})", p.id) for p in load_packages().values()]


class NewContractForm(FormScreen):
    TITLE_KEY = "lifecycle.new_contract.title"
    FIELDS = (
        Field("name", "lifecycle.f.name"),
        Field("phone", "lifecycle.f.phone", hint="lifecycle.hint.phone"),
        Field("contract_no", "lifecycle.f.contract_no"),
        Field("package", "lifecycle.f.package", "select", _packages),
        Field("signed_on", "lifecycle.f.signed_on", hint="lifecycle.hint.date"),
        Field("due_date", "lifecycle.f.due_date", hint="lifecycle.hint.date"),
        Field("first_payment", "lifecycle.f.first_payment", hint="lifecycle.hint.yuan"),
        Field("deposit", "lifecycle.f.deposit", hint="lifecycle.hint.yuan"),
    )

    def defaults(self):
        return {"signed_on": clock.today().isoformat()}

    def submit(self, actor, values):
        from store import stays

        return stays.new_contract(actor, **values)
