"""Record a payment (收款登记) on a contract: amount in yuan, kind, note.

Shows the contract's figures (first payment, total paid, balance owed, deposit held: the same
names and amounts as the guest file; needs the "money" permission; without it the form says so
instead of the figures, and saving shows the store's refusal). A balance
payment larger than what is owed is explained under the amount.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Static

from screens.forms.base import Field, FormScreen
from store.errors import PermissionDenied, StoreError
from tui.i18n import t
from tui.money import figures_lines


def kind_options() -> list[tuple[str, str]]:
    """The kinds record_payment accepts (a deposit refund is part of the discharge)."""
    from store.payments import KINDS

    return [(t(f"stay_forms.kind.{k}"), k) for k in KINDS if k != "deposit_refund"]


@dataclass(frozen=True)
class Loaded:
    notice: object  # store.stays.Notice
    money: object | None  # store.payments.Figures; None without the "money" permission


class PaymentForm(FormScreen):
    TITLE_KEY = "stay_forms.payment.title"
    FIELDS = (
        Field("amount", "stay_forms.f.amount", hint="stay_forms.hint.yuan"),
        Field("kind", "stay_forms.f.kind", "select", options=kind_options),
        Field("note", "stay_forms.f.note", hint="stay_forms.hint.optional"),
    )

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id
        self.guest_id: int | None = None

    def on_mount(self) -> None:
        # The refusal line sits right under the note (it is blank until there is one), so the
        # buttons still fit in 80x24. Inline: forms.tcss is app CSS and outranks DEFAULT_CSS.
        self.query_one("#form-error").styles.margin = (0, 0, 0, 0)
        super().on_mount()

    def defaults(self):
        return {"kind": "balance"}

    def load(self) -> Loaded:
        from store import payments, stays

        notice = stays.notice(self.app.actor, self.stay_id)
        # Ask for the figures only when allowed: a refused money() is logged as a denial on every reload.
        money = payments.money(self.app.actor, self.stay_id) if self.app.actor.can("money") else None
        return Loaded(notice, money)

    def show(self, data: Loaded) -> None:
        self.guest_id = data.notice.guest_id
        if data.money is None:
            figures = t("stay_forms.payment.no_money")
        else:
            figures = figures_lines(data.money)
        self.query_one("#form-info", Static).update(
            t("stay_forms.guest", name=data.notice.name, contract_no=data.notice.contract_no) + "\n" + figures)

    def submit(self, actor, values):
        from store import stays
        from store.payments import record_payment

        guest_id = self.guest_id or stays.notice(actor, self.stay_id).guest_id
        return record_payment(actor, guest_id, values["amount"], values["kind"], stay_id=self.stay_id,
                              note=values["note"])

    def refused(self, exc: StoreError) -> None:
        super().refused(exc)
        if isinstance(exc, PermissionDenied):  # say plainly that nothing was recorded, then the store's why
            above = self.query_one("#form-error", Static)
            above.update(t("stay_forms.payment.refused", reason=str(above.content)))
