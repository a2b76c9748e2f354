"""Staff number + PIN sign-in, online lockout, the first manager of an empty database."""
from __future__ import annotations

import pytest

from store import auth
from store.errors import Invalid
from store.models import Event, Staff
from store.settings import put_setting
from store.writes import SYSTEM, write
from tests.auth.helpers import add_staff


def _actions() -> list[str]:
    return [e.action for e in Event.select().order_by(Event.id)]


def test_right_pin_signs_in_with_role_permissions_and_logs_terminal(store):
    staff_id = add_staff("1001", "李护士", "nurse")
    actor = auth.login("1001", "1234", "pts/3 ssh 10.0.0.7")
    assert (actor.staff_id, actor.name, actor.role) == (staff_id, "李护士", "nurse")
    assert actor.can("health_notes") and not actor.can("phone_full")
    event = Event.select().order_by(Event.id.desc()).get()
    assert (event.action, event.staff, event.terminal) == ("login", staff_id, "pts/3 ssh 10.0.0.7")


def test_wrong_pin_and_unknown_number_look_the_same_and_are_logged(store):
    add_staff("1001", "李护士", "nurse")
    with pytest.raises(auth.LoginFailed) as wrong:
        auth.login("1001", "9999", "tty1")
    with pytest.raises(auth.LoginFailed) as unknown:
        auth.login("4242", "9999", "tty1")
    assert str(wrong.value) == str(unknown.value) == "wrong staff number or PIN"
    assert _actions() == ["login.attempt", "login.failed"] * 2  # the same two writes either way
    assert Staff.get(Staff.number == "1001").failed_pins == 1


def test_five_wrong_pins_lock_for_five_minutes_then_unlock(store, frozen_clock):
    add_staff("1001", "李护士", "nurse")
    for _ in range(4):
        with pytest.raises(auth.LoginFailed, match="wrong"):
            auth.login("1001", "0000")
    with pytest.raises(auth.LoginFailed) as fifth:
        auth.login("1001", "0000")
    assert fifth.value.reason == "locked" and fifth.value.minutes == 5
    assert "login.locked" in _actions()
    with pytest.raises(auth.LoginFailed) as right_but_locked:
        auth.login("1001", "1234")
    assert right_but_locked.value.reason == "locked"
    frozen_clock.advance(minutes=4, seconds=59)
    with pytest.raises(auth.LoginFailed, match="1 more minute"):
        auth.login("1001", "1234")
    frozen_clock.advance(seconds=1)
    assert auth.login("1001", "1234").name == "李护士"
    row = Staff.get(Staff.number == "1001")
    assert row.failed_pins == 0 and row.locked_until is None


def test_success_resets_the_count_of_wrong_pins(store):
    add_staff("1001", "李护士", "nurse")
    for _ in range(4):
        with pytest.raises(auth.LoginFailed):
            auth.login("1001", "0000")
    auth.login("1001", "1234")
    with pytest.raises(auth.LoginFailed) as again:
        auth.login("1001", "0000")
    assert again.value.reason == "bad_pin"


def test_lockout_policy_is_a_setting(store, frozen_clock):
    add_staff("1001", "李护士", "nurse")
    write(SYSTEM, "settings", lambda tx: (put_setting(tx, "lockout_attempts", 2),
                                          put_setting(tx, "lockout_minutes", 30)))
    with pytest.raises(auth.LoginFailed, match="wrong"):
        auth.login("1001", "0000")
    with pytest.raises(auth.LoginFailed) as locked:
        auth.login("1001", "0000")
    assert locked.value.minutes == 30
    frozen_clock.advance(minutes=29)
    with pytest.raises(auth.LoginFailed, match="locked"):
        auth.login("1001", "1234")


def test_inactive_staff_is_refused_and_logged(store):
    add_staff("1002", "王护士", "nurse", active=False)
    with pytest.raises(auth.LoginFailed, match="deactivated"):
        auth.login("1002", "1234")
    assert _actions() == ["login.refused"]


@pytest.mark.parametrize("number,pin", [("", "1234"), ("1001", "12"), ("1001", "12a4"), ("1001", "123456789")])
def test_malformed_input_is_refused_before_any_lookup(store, number, pin):
    with pytest.raises(auth.LoginFailed) as caught:
        auth.login(number, pin)
    assert caught.value.reason == "invalid"


def test_first_manager_only_for_an_empty_database(store):
    assert auth.needs_first_manager()
    actor = auth.create_first_manager("0001", "陈店长", "246810", "tty1")
    assert actor.role == "manager" and actor.can("staff_admin")
    assert not auth.needs_first_manager()
    assert auth.login("0001", "246810").staff_id == actor.staff_id
    assert "staff.first_manager" in _actions()
    with pytest.raises(Invalid, match="already has staff"):
        auth.create_first_manager("0002", "Someone", "1234")


@pytest.mark.parametrize("number,name,pin,field", [
    ("", "A", "1234", "number"), ("12 3", "A", "1234", "number"), ("张1", "A", "1234", "number"), ("1", "", "1234", "name"), ("1", "A", "12", "pin"),
])
def test_first_manager_input_is_checked(store, number, name, pin, field):
    with pytest.raises(Invalid) as caught:
        auth.create_first_manager(number, name, pin)
    assert caught.value.field == field
    assert auth.needs_first_manager()
