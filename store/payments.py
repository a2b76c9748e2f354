"""Money in and out of a guest's account: needs the "money" permission.

Kinds: first_payment, balance (settles the stay's balance), deposit, deposit_refund
(negative, at checkout), service (aesthetics / wellness spend). Extra charges raise the
stay's balance without a payment row until they are paid.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.errors import Invalid
from store.lifecycle import guest_or_404, parse_money, stay_or_404
from store.models import Payment, Stay
from store.permissions import require
from store.writes import Actor, write

KINDS = ("first_payment", "balance", "deposit", "deposit_refund", "service")


@dataclass(frozen=True)
class Money:
    balance_cents: int
    deposit_cents: int
    paid_cents: int


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


def money(actor: Actor, stay_id: int) -> Money:
    require(actor, "money")
    stay = stay_or_404(stay_id)
    paid = sum(p.amount_cents for p in Payment.select().where(Payment.stay == stay_id))
    return Money(stay.balance_cents, stay.deposit_cents, paid)
