"""Postpartum contracts and the days before admission (manual 000 §4.5.1).

New contract, the admission notice (入所通知单) and its department sign-offs, the car
request (用车申请单) and the room readiness checklist. Admission, room change and
discharge live in store/admit.py and store/checkout.py.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from seeds.lifecycle import load_lifecycle, load_packages
from store import clock
from store.errors import Conflict, Invalid, PermissionDenied
from store.guests_write import create_guest, create_stay
from store.lifecycle import (anchors_changed, check_phone, local_hm, need_text, parse_date,
                             parse_money, stay_or_404)
from store.models import Guest, Payment, Room, SignOff, Staff, Stay
from store.permissions import phone_for, require
from store.writes import Actor, write


@dataclass(frozen=True)
class SignOffRow:
    department: str
    staff_name: str
    at: dt.datetime


@dataclass(frozen=True)
class Notice:
    """The admission notice as the departments see it, with who signed and when."""

    stay_id: int
    guest_id: int
    name: str
    phone: str
    contract_no: str
    package: str
    hospital: str
    room: str
    admission_date: dt.date | None
    vouchers: str
    gifts: str
    signed: tuple[SignOffRow, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class MissingSignOffs:
    stay_id: int
    name: str
    room: str
    admission_date: dt.date
    missing: tuple[str, ...]


def new_contract(actor: Actor, *, name: str, phone: str, contract_no: str, package: str,
                 signed_on, due_date, first_payment="", deposit="") -> int:
    """A signed contract: the guest, her stay and the first payment; returns the stay id."""
    require(actor, "money")
    name = need_text("name", name, "the guest's name")
    phone = check_phone(phone)
    contract_no = _contract_no(contract_no)
    pkg = load_packages().get((package or "").strip())
    if pkg is None:
        raise Invalid("package", "choose one of the center's packages: {choices}", choices=", ".join(load_packages()))
    signed = parse_date("signed_on", signed_on)
    if signed > clock.today():
        raise Invalid("signed_on", "a contract cannot be signed in the future")
    due = parse_date("due_date", due_date)
    if not signed - dt.timedelta(days=30) <= due <= signed + dt.timedelta(days=300):
        raise Invalid("due_date", "the due date must be within 300 days after signing")
    paid = parse_money("first_payment", first_payment)
    if paid > pkg.price_cents:
        raise Invalid("first_payment", "the first payment is more than the package price")
    held = parse_money("deposit", deposit)

    def apply(tx):
        if Stay.get_or_none(Stay.contract_no == contract_no):
            raise Invalid("contract_no", "contract number {contract_no} is already used", contract_no=contract_no)
        guest_id = create_guest(tx, name=name, phone=phone, entered_on=signed, kind="postpartum")
        stay_id = create_stay(tx, guest_id=guest_id, contract_no=contract_no, package=pkg.id,
                              package_days=pkg.days, signed_on=signed, due_date=due,
                              first_payment_cents=paid, balance_cents=pkg.price_cents - paid,
                              deposit_cents=held)
        for kind, cents in (("first_payment", paid), ("deposit", held)):
            if cents:
                Payment.create(guest=guest_id, stay=stay_id, amount_cents=cents, at=tx.now, kind=kind)
                tx.record("payment", stay_id, None, {"kind": kind, "cents": cents}, guest=guest_id)
        anchors_changed(tx, guest_id)
        return stay_id

    try:
        return write(actor, "contract.new", apply)
    except pw.IntegrityError:  # two desks typed the same number at the same moment
        raise Invalid("contract_no", "contract number {contract_no} is already used", contract_no=contract_no) from None


def _contract_no(value: str) -> str:
    text = need_text("contract_no", value, "the contract number")
    if len(text) > 32 or any(ch.isspace() for ch in text):
        raise Invalid("contract_no", "up to 32 characters, no spaces")
    return text


def save_notice(actor: Actor, stay_id: int, *, hospital: str, room_number: str, admission_date,
                vouchers: str = "", gifts: str = "") -> None:
    """Fill the admission notice; reserves the room. A changed room or date voids the signatures."""
    stay = stay_or_404(stay_id)
    if stay.status != "signed":
        raise Conflict("contract {contract_no} is {status}: the notice is for arrivals",
                       contract_no=stay.contract_no, status=stay.status)
    hospital = need_text("hospital", hospital, "the hospital")
    day = parse_date("admission_date", admission_date)
    if day < clock.today():
        raise Invalid("admission_date", "the admission date has passed")
    number = need_text("room", room_number, "a room number")

    def apply(tx):
        fresh = Stay.get_by_id(stay_id)
        room = _reserve(tx, fresh, number)
        moved = (fresh.room_id, fresh.planned_admission) != (room.id, day)
        before = {"room": fresh.room_id, "planned_admission": fresh.planned_admission,
                  "hospital": fresh.hospital, "notice": fresh.notice}
        after = {"room": room.id, "planned_admission": day, "hospital": hospital,
                 "notice": {"vouchers": vouchers.strip(), "gifts": gifts.strip()}}
        Stay.update(**after, planned_discharge=day + dt.timedelta(days=fresh.package_days)).where(
            Stay.id == stay_id).execute()
        tx.record("stay", stay_id, before, after, guest=fresh.guest_id)
        if moved:
            _void_signatures(tx, fresh, "admission_notice")
            anchors_changed(tx, fresh.guest_id)

    write(actor, "notice.save", apply)


def _reserve(tx, stay: Stay, number: str) -> Room:
    """Hold `number` for this stay (vacant -> reserved); free the room it held before."""
    room = Room.get_or_none(Room.number == number)
    if room is None:
        raise Invalid("room", "there is no room {number}", number=number)
    if stay.room_id == room.id:
        return room
    taken = Room.update(status="reserved").where((Room.id == room.id) & (Room.status == "vacant")).execute()
    if not taken:
        raise Conflict("room {number} is {status}: choose a vacant room", number=number, status=room.status)
    tx.record("room", room.id, {"status": "vacant"}, {"status": "reserved"}, guest=stay.guest_id,
              action="room.status")
    if stay.room_id:
        Room.update(status="vacant").where((Room.id == stay.room_id) & (Room.status == "reserved")).execute()
        tx.record("room", stay.room_id, {"status": "reserved"}, {"status": "vacant"}, guest=stay.guest_id,
                  action="room.status")
    return room


def _void_signatures(tx, stay: Stay, form: str) -> None:
    query = SignOff.select().where((SignOff.stay == stay.id) & (SignOff.form == form))
    gone = [s.department for s in query]
    if gone:
        SignOff.delete().where((SignOff.stay == stay.id) & (SignOff.form == form)).execute()
        tx.record("signoff", stay.id, {"departments": gone}, None, guest=stay.guest_id, action="signoff.void")


def sign(actor: Actor, stay_id: int, department: str, form: str = "admission_notice") -> None:
    """The actor signs for their department with their own login."""
    rules = load_lifecycle()
    if form not in rules.forms or department not in rules.forms[form]:
        raise Invalid("department", "{department!r} does not sign the {form}", department=department,
                      form=form.replace("_", " "))
    dept = {"en": department.replace("_", " "), "zh": rules.departments[department].name.get("zh", department)}
    if actor.staff_id is None:
        raise PermissionDenied(f"sign for {department}", actor.name, "{who} may not sign for {department}",
                               department=dept)
    if actor.role not in rules.departments[department].roles:
        raise PermissionDenied(f"sign for {department}", actor.name, "{who} may not sign for {department} (role {role})",
                               department=dept, role=actor.role)
    stay = stay_or_404(stay_id)
    if form == "admission_notice" and (stay.room_id is None or stay.planned_admission is None):
        raise Conflict("fill in the room and admission date before signing the notice")

    def apply(tx):
        done = SignOff.get_or_none(stay=stay_id, form=form, department=department)
        if done:
            who = Staff.get_by_id(done.staff_id).name
            raise Conflict("{department} already signed by {who} at {at}", department=dept, who=who, at=local_hm(done.at))
        SignOff.create(stay=stay_id, form=form, department=department, staff=actor.staff_id, at=tx.now)
        tx.record("signoff", stay_id, None, {"form": form, "department": department}, guest=stay.guest_id)

    try:
        write(actor, "signoff.sign", apply)
    except pw.IntegrityError:
        raise Conflict("{department} was signed a moment ago by someone else", department=dept) from None


def signatures(stay_id: int, form: str = "admission_notice") -> tuple[tuple[SignOffRow, ...], tuple[str, ...]]:
    """(who signed, departments still missing) in the form's department order."""
    wanted = load_lifecycle().forms[form]
    rows = {s.department: s for s in SignOff.select(SignOff, Staff).join(Staff).where(
        (SignOff.stay == stay_id) & (SignOff.form == form))}
    signed = tuple(SignOffRow(d, rows[d].staff.name, rows[d].at) for d in wanted if d in rows)
    return signed, tuple(d for d in wanted if d not in rows)


def notice(actor: Actor, stay_id: int) -> Notice:
    stay = stay_or_404(stay_id)
    guest = Guest.get_by_id(stay.guest_id)
    room = Room.get_by_id(stay.room_id).number if stay.room_id else ""
    extra = stay.notice or {}
    signed, missing = signatures(stay_id)
    return Notice(stay.id, guest.id, guest.name, phone_for(actor, guest.phone), stay.contract_no,
                  stay.package, stay.hospital, room, stay.planned_admission, extra.get("vouchers", ""),
                  extra.get("gifts", ""), signed, missing)


def missing_signoffs(day: dt.date) -> list[MissingSignOffs]:
    """Arrivals on `day` or the day after whose notice still lacks signatures (board flag)."""
    query = (Stay.select(Stay, Guest).join(Guest)
             .where((Stay.status == "signed") & (Stay.planned_admission.between(day, day + dt.timedelta(days=1))))
             .order_by(Stay.planned_admission, Stay.id))
    out = []
    for stay in query:
        _, missing = signatures(stay.id)
        if missing:
            room = Room.get_by_id(stay.room_id).number if stay.room_id else ""
            out.append(MissingSignOffs(stay.id, stay.guest.name, room, stay.planned_admission, missing))
    return out
