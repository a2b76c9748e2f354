"""New contract: phone, dates, unique contract number, a package from the center's list."""
from __future__ import annotations

import pytest

from store.errors import Invalid, PermissionDenied
from store.models import Event, Guest, Payment, Stay
from tests.lifecycle.helpers import contract


def test_new_contract_creates_guest_stay_and_payments(center):
    stay_id = contract(center["manager"])
    stay = Stay.get_by_id(stay_id)
    guest = Guest.get_by_id(stay.guest_id)
    assert (guest.name, guest.initials, guest.phone_last4) == ("王丽", "wl", "8000")
    assert (stay.package, stay.package_days, stay.status) == ("classic28", 28, "signed")
    assert (stay.first_payment_cents, stay.balance_cents, stay.deposit_cents) == (2000000, 6800000, 300000)
    assert sorted(p.kind for p in Payment.select()) == ["deposit", "first_payment"]
    assert guest.anchors_changed_at is not None
    assert "contract.new" in {e.action for e in Event.select()}


@pytest.mark.parametrize("field, kwargs", [
    ("phone", {"phone": "12ab"}),
    ("phone", {"phone": ""}),
    ("name", {"name": "  "}),
    ("package", {"package": "gold99"}),
    ("contract_no", {"contract_no": "HT 1"}),
    ("first_payment", {"first_payment": "abc"}),
    ("first_payment", {"first_payment": "99999999"}),
    ("deposit", {"deposit": "-5"}),
])
def test_bad_input_names_the_field(center, field, kwargs):
    with pytest.raises(Invalid) as err:
        contract(center["manager"], **kwargs)
    assert err.value.field == field
    assert Stay.select().count() == 0 and Guest.select().count() == 0


@pytest.mark.parametrize("field, signed, due", [
    ("signed_on", "2026-13-01", "2026-11-20"),
    ("signed_on", "2026-12-01", "2027-05-01"),  # future
    ("due_date", "2026-06-01", "2027-06-01"),  # too far
    ("due_date", "2026-06-01", ""),
])
def test_bad_dates(center, field, signed, due):
    from store import stays
    with pytest.raises(Invalid) as err:
        stays.new_contract(center["manager"], name="王丽", phone="13800138000", contract_no="X1",
                           package="classic28", signed_on=signed, due_date=due)
    assert err.value.field == field


def test_contract_number_is_unique(center):
    contract(center["manager"])
    with pytest.raises(Invalid) as err:
        contract(center["manager"], name="李娜", phone="13900139000")
    assert err.value.field == "contract_no" and "already used" in str(err.value)
    assert Guest.select().count() == 1


def test_contract_needs_money_permission(center):
    with pytest.raises(PermissionDenied):
        contract(center["customer_service"])
    assert Stay.select().count() == 0
    assert Event.select().where(Event.action == "permission.denied").count() == 1
