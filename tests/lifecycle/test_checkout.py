"""Discharge per manual 000 §4.7.2: unpaid balance blocks unless a manager overrides (logged)."""
from __future__ import annotations

import pytest

from store import payments, surveys
from store.admit import admit
from store.checkout import UnpaidBalance, checkout_state, discharge
from store.errors import Conflict, Invalid, PermissionDenied
from store.models import Event, Payment, Room, Stay
from store.writes import Actor
from tests.lifecycle.helpers import TODAY, contract

ALL = ["room_check", "room_cards", "phone_charges"]


@pytest.fixture
def in_house(center):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    return stay_id


def _cashier(center):
    """A supervisor with money but without override (a center may configure one)."""
    sup = center["supervisor"]
    return Actor(sup.staff_id, sup.name, sup.role, sup.terminal, sup.permissions | {"money"})


def test_unpaid_balance_blocks_checkout(center, in_house):
    with pytest.raises(UnpaidBalance) as err:
        discharge(center["manager"], in_house, ticked=ALL, refund="3000")
    assert err.value.cents == 6800000
    assert Stay.get_by_id(in_house).status == "admitted"


def test_settled_checkout_refunds_deposit_and_cleans_room(center, in_house):
    guest = Stay.get_by_id(in_house).guest_id
    payments.record_payment(center["manager"], guest, "68000", "balance", stay_id=in_house)
    surveys.record_survey(center["customer_service"], in_house, {i: 5 for i in
                          ("nursing", "baby_care", "meals", "recovery", "room", "service")})
    assert checkout_state(center["manager"], in_house).survey_done
    discharge(center["manager"], in_house, ticked=ALL, refund="2800", deduction_reason="lost room card 200")
    stay = Stay.get_by_id(in_house)
    assert (stay.status, stay.discharged_on, stay.deposit_refunded_on) == ("discharged", TODAY, TODAY)
    assert "survey" in stay.checkout["ticked"] and stay.checkout["override"] is None
    assert Payment.get(Payment.kind == "deposit_refund").amount_cents == -280000
    assert Room.get(Room.number == "601").status == "cleaning"
    assert stay.guest.anchors_changed_at is not None


def test_manager_override_is_logged(center, in_house):
    discharge(center["manager"], in_house, ticked=ALL, refund="3000", override_reason="pays by transfer tomorrow")
    stay = Stay.get_by_id(in_house)
    assert stay.status == "discharged"
    event = Event.get(Event.action == "checkout.override")
    assert event.staff_name == "manager-name"
    assert event.after == {"by": "manager-name", "reason": "pays by transfer tomorrow", "balance_cents": 6800000}


def test_override_without_permission_is_refused_and_logged(center, in_house):
    with pytest.raises(PermissionDenied):
        discharge(_cashier(center), in_house, ticked=ALL, refund="3000", override_reason="trust me")
    assert Stay.get_by_id(in_house).status == "admitted"
    assert Event.select().where(Event.action == "permission.denied").count() == 1


def test_checkout_needs_money(center, in_house):
    with pytest.raises(PermissionDenied):
        discharge(center["customer_service"], in_house, ticked=ALL, refund="3000")


@pytest.mark.parametrize("kwargs, field", [
    ({"ticked": ["room_check"], "refund": "3000"}, "checklist"),
    ({"ticked": ALL + ["dance"], "refund": "3000"}, "checklist"),
    ({"ticked": ALL, "refund": "3500"}, "refund"),
    ({"ticked": ALL, "refund": "abc"}, "refund"),
    ({"ticked": ALL, "refund": "2800"}, "deduction"),
])
def test_checkout_validation(center, in_house, kwargs, field):
    with pytest.raises(Invalid) as err:
        discharge(center["manager"], in_house, override_reason="ok", **kwargs)
    assert err.value.field == field
    assert Stay.get_by_id(in_house).status == "admitted"


def test_cannot_discharge_twice_or_before_admission(center, in_house):
    discharge(center["manager"], in_house, ticked=ALL, refund="3000", override_reason="ok")
    with pytest.raises(Conflict):
        discharge(center["manager"], in_house, ticked=ALL, refund="3000", override_reason="ok")
    signed = contract(center["manager"], contract_no="HT-2")
    with pytest.raises(Conflict):
        discharge(center["manager"], signed, ticked=ALL, refund="3000")


def test_balance_payment_cannot_exceed_balance(center, in_house):
    guest = Stay.get_by_id(in_house).guest_id
    with pytest.raises(Invalid):
        payments.record_payment(center["manager"], guest, "70000", "balance", stay_id=in_house)
    payments.add_charge(center["manager"], in_house, "35", "room phone")
    assert Stay.get_by_id(in_house).balance_cents == 6803500
