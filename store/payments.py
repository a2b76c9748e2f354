"""Money in and out of a guest's account: needs the "money" permission.

Kinds: first_payment, balance (settles the stay's balance), deposit, deposit_refund
(negative, at checkout), service (aesthetics / wellness spend). Extra charges raise the
stay's balance without a payment row until they are paid.

A contract's figures (first payment, total paid, balance owed, deposit held) are computed in ONE
place, `figures()`, from the payment rows and the stay's open balance; every screen shows that
result under the same names (docs/money.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from store.errors import Invalid
from store.lifecycle import guest_or_404, parse_money, stay_or_404
from store.models import Payment, Stay
from store.permissions import require
from store.writes import Actor, write

KINDS = ("first_payment", "balance", "deposit", "deposit_refund", "service")


DEPOSIT_KINDS = ("deposit", "deposit_refund")


@dataclass(frozen=True)
class Figures:
    """A contract's money as every screen shows it (manual 000 §4.5.1 1.2: 首付, 尾款, 押金)."""

    first_payment_cents: int  # 首付款: what was paid as the first payment
    paid_cents: int  # 已付合计: everything paid for the contract (first payment, balance, services); no deposit
    balance_cents: int  # 未结尾款: still owed (package price and charges less what settled them)
    deposit_cents: int  # 押金: held now (received less refunded; nothing once she has checked out)
    deposit_refunded_cents: int  # 已退押金: given back at checkout


def figures(balance_cents: int, payments: Iterable[tuple[str, int]], *, checked_out: bool) -> Figures:
    """The figures of one contract from its open balance and its payment rows (kind, cents).

    A deposit refund is negative in the ledger. At checkout the part of the deposit not refunded
    is kept (a lost room card), so nothing is held after it."""
    first = paid = received = refunded = 0
    for kind, cents in payments:
        if kind == "deposit":
            received += cents
        elif kind == "deposit_refund":
            refunded -= cents
        else:
            paid += cents
            if kind == "first_payment":
                first += cents
    held = 0 if checked_out else max(received - refunded, 0)
    return Figures(first, paid, balance_cents, held, refunded)


def stay_figures(stay_id: int) -> Figures:
    """The figures of one contract, read now (callers check the "money" permission)."""
    stay = stay_or_404(stay_id)
    rows = Payment.select(Payment.kind, Payment.amount_cents).where(Payment.stay == stay_id).tuples()
    return figures(stay.balance_cents, rows, checked_out=stay.status == "discharged")


def record_payment(actor: Actor, guest_id: int, amount, kind: str, *, stay_id: int | None = None,
                   note: str = "") -> int:
    """A payment received; a balance payment lowers the stay's open balance."""
    require(actor, "money", guest=guest_id)
    if kind not in KINDS or kind == "deposit_refund":
        raise Invalid("kind", "use one of {choices}", choices=", ".join(k for k in KINDS if k != "deposit_refund"))
    cents = parse_money("amount", amount, required=True)
    if cents == 0:
        raise Invalid("amount", "the amount must be more than 0")
    guest_or_404(guest_id)
    if kind in ("balance", "deposit", "first_payment") and stay_id is None:
        raise Invalid("stay", "a {kind} belongs to a contract", kind=kind.replace("_", " "))

    def apply(tx):
        if stay_id is not None:
            _apply_to_stay(tx, stay_id, kind, cents)
        row = Payment.create(guest=guest_id, stay=stay_id, amount_cents=cents, at=tx.now, kind=kind,
                             note=(note or "").strip()[:200])
        tx.record("payment", row.id, None, {"kind": kind, "cents": cents}, guest=guest_id)
        return row.id

    return write(actor, "payment.record", apply)


def _apply_to_stay(tx, stay_id: int, kind: str, cents: int) -> None:
    stay = stay_or_404(stay_id)
    if kind == "balance":
        if cents > stay.balance_cents:
            raise Invalid("amount", "more than the open balance of {amount}", amount=f"{stay.balance_cents / 100:.2f}")
        Stay.update(balance_cents=Stay.balance_cents - cents).where(Stay.id == stay_id).execute()
    elif kind == "deposit":
        Stay.update(deposit_cents=Stay.deposit_cents + cents).where(Stay.id == stay_id).execute()
    elif kind == "first_payment":
        Stay.update(first_payment_cents=Stay.first_payment_cents + cents,
                    balance_cents=Stay.balance_cents - cents).where(Stay.id == stay_id).execute()
    tx.record("stay", stay_id, {"balance_cents": stay.balance_cents}, None, guest=stay.guest_id,
              action="stay.money")


def add_charge(actor: Actor, stay_id: int, amount, note: str) -> None:
    """An extra charge (room phone, self-paid recovery item): raises the open balance."""
    require(actor, "money")
    cents = parse_money("amount", amount, required=True)
    if not (note or "").strip():
        raise Invalid("note", "say what the charge is for")
    stay = stay_or_404(stay_id)

    def apply(tx):
        Stay.update(balance_cents=Stay.balance_cents + cents).where(Stay.id == stay_id).execute()
        tx.record("stay", stay_id, {"balance_cents": stay.balance_cents},
                  {"balance_cents": stay.balance_cents + cents, "charge": note.strip()}, guest=stay.guest_id)

    write(actor, "stay.charge", apply)


def money(actor: Actor, stay_id: int) -> Figures:
    """The contract's figures for a person allowed to see money."""
    require(actor, "money")
    return stay_figures(stay_id)
