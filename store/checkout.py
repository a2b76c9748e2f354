"""Discharge per manual 000 §4.7.2: balance settled (or a manager's logged override), the
checklist ticked, the deposit refunded, the day-before-discharge task closed (store/form_tasks.py),
the room to cleaning, after-care planned."""
from __future__ import annotations

from dataclasses import dataclass

from seeds.lifecycle import CheckItem, load_lifecycle
from store import clock
from store.errors import Conflict, Invalid
from store.form_tasks import close_for_form
from store.lifecycle import anchors_changed, parse_money, stay_or_404
from store.models import Payment, Room, Stay, Survey
from store.payments import Figures, stay_figures
from store.permissions import require
from store.stays import SignOffRow, signatures
from store.writes import Actor, write


class UnpaidBalance(Conflict):
    """Checkout refused: money still owed; a manager may override with a reason."""

    def __init__(self, cents: int):
        super().__init__("unpaid balance of {amount}: settle it first, or a manager overrides with a reason",
                         amount=f"{cents / 100:.2f}")
        self.cents = cents


@dataclass(frozen=True)
class CheckoutState:
    stay_id: int
    money: Figures  # the same figures the guest file and the payment form show
    survey_done: bool
    items: tuple[CheckItem, ...]
    signed: tuple[SignOffRow, ...]
    missing: tuple[str, ...]


def checkout_state(actor: Actor, stay_id: int) -> CheckoutState:
    """What the discharge form shows before checkout (money fields need "money")."""
    require(actor, "money")
    stay = stay_or_404(stay_id)
    signed, missing = signatures(stay_id, "discharge_form")
    return CheckoutState(stay.id, stay_figures(stay.id), _survey_done(stay_id),
                         load_lifecycle().checkout, signed, missing)


def discharge(actor: Actor, stay_id: int, *, ticked, refund, deduction_reason: str = "",
              override_reason: str = "") -> None:
    """Check the guest out. `ticked`: checklist item ids done; `refund`: deposit returned."""
    require(actor, "money")
    stay = stay_or_404(stay_id)
    if stay.status != "admitted":
        raise Conflict("contract {contract_no} is {status}: only a guest in house checks out",
                       contract_no=stay.contract_no, status=stay.status)
    done = set(ticked) | ({"survey"} if _survey_done(stay_id) else set())
    _check_items(done)
    refund_cents = _check_refund(stay, refund, deduction_reason)
    override = _override(actor, stay, override_reason)

    def apply(tx):
        fresh = Stay.get_by_id(stay_id)
        if fresh.status != "admitted":
            raise Conflict("contract {contract_no} was checked out a moment ago", contract_no=fresh.contract_no)
        if fresh.balance_cents > 0 and not override:
            raise UnpaidBalance(fresh.balance_cents)
        record = {"ticked": sorted(done), "refund_cents": refund_cents, "deduction": deduction_reason.strip(),
                  "by": actor.name, "at": tx.now.isoformat(), "override": override}
        _close_stay(tx, fresh, record, refund_cents)
        if override:
            tx.record("stay", stay_id, {"balance_cents": fresh.balance_cents}, override,
                      guest=fresh.guest_id, action="checkout.override")
        anchors_changed(tx, fresh.guest_id)

    write(actor, "stay.discharge", apply)


def _close_stay(tx, stay: Stay, record: dict, refund_cents: int) -> None:
    today = clock.today()
    Stay.update(status="discharged", discharged_on=today, checkout=record,
                deposit_refunded_on=today if refund_cents else None).where(Stay.id == stay.id).execute()
    tx.record("stay", stay.id, {"status": "admitted"}, {"status": "discharged", "discharged_on": today,
                                                         "refund_cents": refund_cents}, guest=stay.guest_id)
    if refund_cents:
        Payment.create(guest=stay.guest_id, stay=stay.id, amount_cents=-refund_cents, at=tx.now,
                       kind="deposit_refund", note=record["deduction"][:200])
        tx.record("payment", stay.id, None, {"kind": "deposit_refund", "cents": -refund_cents}, guest=stay.guest_id)
    close_for_form(tx, stay, "discharge")  # the form was the day-before checklist: it is done now
    if stay.room_id and Room.update(status="cleaning").where(
            (Room.id == stay.room_id) & (Room.status == "occupied")).execute():
        tx.record("room", stay.room_id, {"status": "occupied"}, {"status": "cleaning"}, guest=stay.guest_id,
                  action="room.status")


def _check_items(done: set[str]) -> None:
    items = load_lifecycle().checkout
    unknown = done - {i.id for i in items}
    if unknown:
        raise Invalid("checklist", "unknown checklist item {item!r}", item=sorted(unknown)[0])
    missing = [i.name for i in items if i.required and i.id not in done]
    if missing:
        names = {lang: "; ".join(name.get(lang) or name["en"] for name in missing) for lang in ("en", "zh")}
        raise Invalid("checklist", "not done yet: {items}", items=names)


def _check_refund(stay: Stay, refund, reason: str) -> int:
    held = stay_figures(stay.id).deposit_cents
    cents = parse_money("refund", refund, required=held > 0)
    if cents > held:
        raise Invalid("refund", "more than the deposit held ({amount})", amount=f"{held / 100:.2f}")
    if cents < held and not (reason or "").strip():
        raise Invalid("deduction", "say why part of the deposit is kept (e.g. lost room card 200)")
    return cents


def _override(actor: Actor, stay: Stay, reason: str) -> dict | None:
    """None when nothing is owed; an override record when a manager checks out anyway."""
    if stay.balance_cents <= 0:
        return None
    if not (reason or "").strip():
        raise UnpaidBalance(stay.balance_cents)
    require(actor, "override", guest=stay.guest_id)
    return {"by": actor.name, "reason": reason.strip(), "balance_cents": stay.balance_cents}


def _survey_done(stay_id: int) -> bool:
    return Survey.select().where(Survey.stay == stay_id).exists()
