"""A person changes her own PIN; a manager unlocks a locked account. Both audited, no PIN in the log."""
from __future__ import annotations

import json

import pytest

from store import auth, staff
from store.errors import Conflict, Invalid, PermissionDenied
from store.models import Event, Staff
from tests.auth.helpers import add_staff


def _events(action: str) -> list[Event]:
    return list(Event.select().where(Event.action == action).order_by(Event.id))


def _log_text() -> str:
    return " ".join(json.dumps([e.before, e.after, e.staff_name, e.terminal]) for e in Event.select())


def _lock(number: str, pin: str = "0000") -> None:
    for _ in range(auth.LOCKOUT_ATTEMPTS):
        with pytest.raises(auth.LoginFailed):
            auth.login(number, pin)
    assert Staff.get(Staff.number == number).locked_until is not None


def test_changing_my_pin_needs_the_current_one_and_the_new_one_signs_in(store):
    nurse = auth.actor_for(add_staff("N1", "林红梅", "nurse", pin="1111"), "tty1")
    with pytest.raises(auth.LoginFailed) as wrong:
        auth.change_own_pin(nurse, "2222", "5678")
    assert wrong.value.reason == "bad_pin" and wrong.value.left == auth.LOCKOUT_ATTEMPTS - 1
    assert auth.login("N1", "1111").staff_id == nurse.staff_id  # unchanged so far
    auth.change_own_pin(nurse, "1111", "5678")
    assert auth.login("N1", "5678").name == "林红梅"
    with pytest.raises(auth.LoginFailed):
        auth.login("N1", "1111")
    changed = _events("staff.change_own_pin")
    assert [(e.staff, e.entity_id, e.after) for e in changed] == [(nurse.staff_id, nurse.staff_id, {"pin": "changed"})]
    assert len(_events("staff.change_own_pin.failed")) == 1
    text = _log_text()
    assert "5678" not in text and "scrypt" not in text and "2222" not in text


def test_a_wrong_current_pin_counts_towards_the_lock(store):
    nurse = auth.actor_for(add_staff("N1", "林红梅", "nurse", pin="1111"))
    for _ in range(auth.LOCKOUT_ATTEMPTS - 1):
        with pytest.raises(auth.LoginFailed, match="wrong"):
            auth.change_own_pin(nurse, "0000", "5678")
    with pytest.raises(auth.LoginFailed) as locked:
        auth.change_own_pin(nurse, "0000", "5678")
    assert locked.value.reason == "locked"
    with pytest.raises(auth.LoginFailed) as still:
        auth.change_own_pin(nurse, "1111", "5678")  # the right one, but locked
    assert still.value.reason == "locked"
    assert len(_events("login.locked")) == 1


@pytest.mark.parametrize("old,new,field", [("1111", "1111", "new_pin"), ("1111", "12", "new_pin"),
                                           ("", "5678", "old_pin"), ("1111", "56a8", "new_pin")])
def test_a_bad_new_pin_is_refused_before_anything_is_counted(store, old, new, field):
    nurse = auth.actor_for(add_staff("N1", "林红梅", "nurse", pin="1111"))
    with pytest.raises(Invalid) as refused:
        auth.change_own_pin(nurse, old, new)
    assert refused.value.field == field
    assert Staff.get_by_id(nurse.staff_id).failed_pins == 0 and Event.select().count() == 0


def test_a_manager_unlocks_a_locked_account_and_it_is_audited(store, frozen_clock):
    manager = auth.actor_for(add_staff("M1", "冯美华", "manager", pin="9999"), "pts/2")
    add_staff("N1", "林红梅", "nurse", pin="1111")
    _lock("N1")
    assert staff.get_staff("N1").locked and staff.get_staff("N1").lock_ends() == "10:05"
    staff.unlock(manager, "N1")
    assert auth.login("N1", "1111").name == "林红梅"
    [event] = _events("staff.unlock")
    assert event.staff == manager.staff_id and event.terminal == "pts/2"
    assert event.before == {"failed_pins": 0, "locked_until": "2026-11-23T02:05:00+00:00"}
    assert event.after == {"failed_pins": 0, "locked_until": None}
    with pytest.raises(Conflict, match="not locked"):
        staff.unlock(manager, "N1")


def test_a_nurse_may_not_unlock_and_the_refusal_is_logged_once(store):
    nurse = auth.actor_for(add_staff("N1", "林红梅", "nurse", pin="1111"))
    add_staff("N2", "赵海涛", "nurse", pin="2222")
    _lock("N2")
    with pytest.raises(PermissionDenied):
        staff.unlock(nurse, "N2")
    assert staff.get_staff("N2").locked
    assert [e.after for e in _events("permission.denied")] == [{"permission": "staff_admin"}]
    assert _events("staff.unlock") == []


def test_a_deactivated_account_cannot_change_its_pin(store):
    manager = auth.actor_for(add_staff("M1", "冯美华", "manager", pin="9999"))
    nurse = auth.actor_for(add_staff("N1", "林红梅", "nurse", pin="1111"))
    staff.deactivate(manager, "N1")
    with pytest.raises(auth.LoginFailed) as refused:
        auth.change_own_pin(nurse, "1111", "5678")  # still signed in somewhere
    assert refused.value.reason == "inactive"
    assert _events("staff.change_own_pin") == []
