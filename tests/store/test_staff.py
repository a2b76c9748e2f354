"""Staff accounts through the write path: add, reset PIN, deactivate, change role."""
from __future__ import annotations

import pytest

from store import staff
from store.errors import Conflict, Invalid, NotFound, PermissionDenied
from store.models import Event, Staff
from store.pins import verify_pin
from store.writes import SYSTEM, Actor

NURSE = Actor(9, "林护士", "nurse", "", frozenset({"health_notes"}))


def test_add_hashes_the_pin_and_logs_the_event(store):
    row = staff.add_staff(SYSTEM, "M1", "王店长", "manager", "9999")
    saved = Staff.get_by_id(row.id)
    assert (saved.number, saved.name, saved.role, saved.active) == ("M1", "王店长", "manager", True)
    assert saved.pin_hash != "9999" and verify_pin("9999", saved.pin_hash)
    event = Event.get(Event.action == "staff.add")
    assert event.entity_id == row.id and event.after == {"number": "M1", "name": "王店长", "role": "manager"}
    assert "9999" not in str(event.after)


@pytest.mark.parametrize("number, name, role, pin, field", [
    ("N 1", "x", "nurse", "1111", "number"), ("", "x", "nurse", "1111", "number"),
    ("N1", " ", "nurse", "1111", "name"), ("N1", "x", "cook", "1111", "role"),
    ("N1", "x", "nurse", "12", "pin"), ("N1", "x", "nurse", "12ab", "pin"), ("N1", "x", "nurse", "123456789", "pin"),
])
def test_add_refuses_bad_input_and_writes_nothing(sqlite_store, number, name, role, pin, field):
    with pytest.raises(Invalid) as err:
        staff.add_staff(SYSTEM, number, name, role, pin)
    assert err.value.field == field
    assert Staff.select().count() == 0 and Event.select().count() == 0


def test_duplicate_number_is_a_conflict(store):
    staff.add_staff(SYSTEM, "N1", "林护士", "nurse", "1111")
    with pytest.raises(Conflict, match="N1 is already taken"):
        staff.add_staff(SYSTEM, "N1", "赵护士", "nurse", "1111")


def test_only_staff_admins_manage_accounts(store):
    with pytest.raises(PermissionDenied):
        staff.add_staff(NURSE, "N2", "赵护士", "nurse", "1111")
    assert Staff.select().count() == 0
    assert Event.get().action == "permission.denied"


def test_reset_pin_replaces_hash_and_lifts_lock(store, frozen_clock):
    staff.add_staff(SYSTEM, "N1", "林护士", "nurse", "1111")
    Staff.update(failed_pins=5, locked_until=frozen_clock.now().shift(minutes=10)).execute()
    staff.reset_pin(SYSTEM, "N1", "4321")
    saved = Staff.get()
    assert verify_pin("4321", saved.pin_hash) and not verify_pin("1111", saved.pin_hash)
    assert (saved.failed_pins, saved.locked_until) == (0, None)
    with pytest.raises(NotFound):
        staff.reset_pin(SYSTEM, "N9", "4321")


def test_deactivate_keeps_the_record_and_protects_the_last_manager(store):
    staff.add_staff(SYSTEM, "M1", "王店长", "manager", "9999", pin_hash="scrypt$x")
    staff.add_staff(SYSTEM, "N1", "林护士", "nurse", "1111", pin_hash="scrypt$x")
    staff.deactivate(SYSTEM, "N1")
    assert [(r.number, r.active) for r in staff.list_staff()] == [("M1", True), ("N1", False)]
    assert [r.number for r in staff.list_staff(include_inactive=False)] == ["M1"]
    with pytest.raises(Conflict, match="already deactivated"):
        staff.deactivate(SYSTEM, "N1")
    with pytest.raises(Conflict, match="last active manager"):
        staff.deactivate(SYSTEM, "M1")
    with pytest.raises(Conflict, match="last active manager"):
        staff.change_role(SYSTEM, "M1", "nurse")


def test_change_role_is_logged_with_before_and_after(store):
    staff.add_staff(SYSTEM, "C1", "周客服", "customer_service", "2222", pin_hash="scrypt$x")
    staff.change_role(SYSTEM, "C1", "supervisor")
    assert staff.get_staff("C1").role == "supervisor"
    event = Event.get(Event.action == "staff.change_role")
    assert (event.before, event.after) == ({"role": "customer_service"}, {"role": "supervisor"})
    with pytest.raises(Invalid):
        staff.change_role(SYSTEM, "C1", "boss")
