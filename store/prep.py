"""Before admission (manual 000 §4.5.1 2.4.1-2.4.2): the car request and room readiness."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import arrow

from seeds.lifecycle import load_lifecycle
from store import clock
from store.errors import Conflict, Invalid, PermissionDenied
from store.form_tasks import close_for_form
from store.lifecycle import anchors_changed, need_text, parse_local_time, stay_or_404
from store.models import Stay
from store.writes import Actor, write


@dataclass(frozen=True)
class CarRequest:
    pickup_at: dt.datetime
    address: str
    note: str
    requested_by: str
    approved_by: str


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    name: dict[str, str]
    done: bool
    by: str


def request_car(actor: Actor, stay_id: int, *, pickup_at, address: str, note: str = "") -> None:
    """用车申请单: pick-up time and place (hospital, floor, bed); the day before hospital discharge."""
    stay = stay_or_404(stay_id)
    when = parse_local_time("pickup_at", pickup_at)
    if when < clock.now():
        raise Invalid("pickup_at", "the pick-up time has passed")
    address = need_text("address", address, "the hospital address, floor and bed")
    data = {"pickup_at": when.isoformat(), "address": address, "note": (note or "").strip(),
            "requested_by": actor.name, "approved_by": ""}

    def apply(tx):
        Stay.update(car_request=data, hospital_discharge_on=when.to(clock.timezone()).date()).where(
            Stay.id == stay_id).execute()
        tx.record("stay", stay_id, {"car_request": stay.car_request}, {"car_request": data}, guest=stay.guest_id)
        anchors_changed(tx, stay.guest_id)

    write(actor, "car.request", apply)


def approve_car(actor: Actor, stay_id: int) -> None:
    """The store manager approves sending the car."""
    if actor.role not in load_lifecycle().car_approver_roles:
        raise PermissionDenied("approve a car request", actor.name)
    stay = stay_or_404(stay_id)
    if not stay.car_request:
        raise Conflict("there is no car request to approve")
    if stay.car_request.get("approved_by"):
        raise Conflict("already approved by {by}", by=stay.car_request["approved_by"])
    data = {**stay.car_request, "approved_by": actor.name}

    def apply(tx):
        Stay.update(car_request=data).where(Stay.id == stay_id).execute()
        tx.record("stay", stay_id, None, {"car_approved_by": actor.name}, guest=stay.guest_id)
        close_for_form(tx, stay, "car")  # the request is filled, signed and approved: its checklist is done

    write(actor, "car.approve", apply)


def car_request(stay_id: int) -> CarRequest | None:
    data = stay_or_404(stay_id).car_request
    if not data:
        return None
    return CarRequest(arrow.get(data["pickup_at"]).datetime, data["address"], data.get("note", ""),
                      data.get("requested_by", ""), data.get("approved_by", ""))


def tick_readiness(actor: Actor, stay_id: int, item_id: str, done: bool = True) -> None:
    """Tick (or untick) one item of the room readiness checklist, with who did it."""
    if item_id not in {i.id for i in load_lifecycle().readiness}:
        raise Invalid("item", "unknown readiness item {item!r}", item=item_id)
    stay = stay_or_404(stay_id)

    def apply(tx):
        current = dict(Stay.get_by_id(stay_id).readiness or {})
        before = current.get(item_id)
        current[item_id] = {"done": done, "by": actor.name, "at": tx.now.isoformat()}
        Stay.update(readiness=current).where(Stay.id == stay_id).execute()
        tx.record("stay", stay_id, {item_id: before}, {item_id: current[item_id]}, guest=stay.guest_id)
        _ready(tx, stay, current)

    write(actor, "readiness.tick", apply)


def _ready(tx, stay: Stay, state: dict) -> None:
    """Every readiness item ticked: the room readiness check is done (store/form_tasks.py)."""
    if all((state.get(i.id) or {}).get("done") for i in load_lifecycle().readiness):
        close_for_form(tx, stay, "readiness")


def readiness(stay_id: int) -> list[ReadinessItem]:
    state = stay_or_404(stay_id).readiness or {}
    return [ReadinessItem(i.id, i.name, bool(state.get(i.id, {}).get("done")), state.get(i.id, {}).get("by", ""))
            for i in load_lifecycle().readiness]


def set_readiness(actor: Actor, stay_id: int, ticked, *, only=None) -> int:
    """Tick exactly `ticked` and untick the rest, in ONE write, so a checklist form saves whole or not at all.

    `only` limits it to the items the person changed (others' ticks from other terminals stay as they are).
    Items already in the wanted state are left alone (their who/when is kept). Returns how many changed.
    """
    known = {i.id for i in load_lifecycle().readiness}
    ticked, scope = set(ticked), known if only is None else set(only)
    unknown = sorted((ticked | scope) - known)
    if unknown:
        raise Invalid("item", "unknown readiness item {item!r}", item=unknown[0])
    stay = stay_or_404(stay_id)

    def apply(tx):
        current = dict(Stay.get_by_id(stay_id).readiness or {})
        changed = 0
        for item_id in sorted(scope):
            done = item_id in ticked
            before = current.get(item_id)
            if bool((before or {}).get("done")) == done:
                continue
            current[item_id] = {"done": done, "by": actor.name, "at": tx.now.isoformat()}
            tx.record("stay", stay_id, {item_id: before}, {item_id: current[item_id]}, guest=stay.guest_id)
            changed += 1
        if changed:
            Stay.update(readiness=current).where(Stay.id == stay_id).execute()
            _ready(tx, stay, current)
        return changed

    return write(actor, "readiness.tick", apply)
