"""Admission and room change; the room race between two connections."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from store import admit as admit_mod
from store.admit import admit, change_room
from store.errors import Conflict, Invalid
from store.models import Room, Stay, db
from tests.lifecycle.helpers import TODAY, contract, noticed


def _status(number):
    return Room.get(Room.number == number).status


def test_admit_into_the_reserved_room(center):
    stay_id = noticed(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    stay = Stay.get_by_id(stay_id)
    assert (stay.status, stay.admitted_on, stay.room.number) == ("admitted", TODAY, "601")
    assert stay.planned_discharge == TODAY + dt.timedelta(days=28)
    assert _status("601") == "occupied"


def test_admit_elsewhere_frees_the_reserved_room(center):
    stay_id = noticed(center["manager"])
    admit(center["customer_service"], stay_id, "603")
    assert (_status("601"), _status("603")) == ("vacant", "occupied")


def test_a_room_reserved_for_someone_else_is_refused(center):
    noticed(center["manager"])
    other = contract(center["manager"], contract_no="HT-002", name="李娜")
    with pytest.raises(Conflict, match="reserved for 王丽"):
        admit(center["customer_service"], other, "601")
    assert Stay.get_by_id(other).status == "signed"


@pytest.mark.parametrize("room, exc", [("", Invalid), ("999", Invalid)])
def test_admit_bad_room(center, room, exc):
    stay_id = contract(center["manager"])
    with pytest.raises(exc):
        admit(center["customer_service"], stay_id, room)
    assert Stay.get_by_id(stay_id).status == "signed"


def test_admitting_twice_is_refused(center):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "602")
    with pytest.raises(Conflict, match="already admitted"):
        admit(center["customer_service"], stay_id, "603")


def _run(name, fn, results):
    def target():
        try:
            fn()
            results[name] = "ok"
        except Conflict as exc:
            results[name] = exc
        finally:
            db.close()  # this thread's own connection
    thread = threading.Thread(target=target, name=name)
    thread.start()
    return thread


def test_two_terminals_same_room_at_once_one_wins(center, monkeypatch):
    """Terminal A holds its admit transaction open while B tries the same room: B is told who took it."""
    first = contract(center["manager"], contract_no="HT-A")
    second = contract(center["manager"], contract_no="HT-B", name="李娜", phone="13900139000")
    holding, release = threading.Event(), threading.Event()
    real = admit_mod.anchors_changed

    def slow(tx, guest_id):  # runs inside A's write, after A took the room
        real(tx, guest_id)
        if threading.current_thread().name == "A":
            holding.set()
            release.wait(10)

    monkeypatch.setattr(admit_mod, "anchors_changed", slow)
    results = {}
    a = _run("A", lambda: admit(center["customer_service"], first, "603"), results)
    assert holding.wait(10)
    b = _run("B", lambda: admit(center["nurse"], second, "603"), results)
    b.join(0.3)  # B is blocked on the write lock / row lock
    release.set()
    a.join(10), b.join(10)
    assert results["A"] == "ok"
    assert isinstance(results["B"], Conflict)
    assert "customer_service-name" in str(results["B"]) and "王丽" in str(results["B"])
    assert Stay.get_by_id(second).status == "signed" and _status("603") == "occupied"


def test_race_with_barrier_exactly_one_wins(center):
    stays = [contract(center["manager"], contract_no=f"HT-{i}", name=f"客人{i}") for i in range(2)]
    barrier, results = threading.Barrier(2), {}
    threads = [_run(str(i), lambda i=i: (barrier.wait(5), admit(center["customer_service"], stays[i], "604")),
                    results) for i in range(2)]
    for thread in threads:
        thread.join(15)
    assert sorted(type(r).__name__ for r in results.values()) == ["Conflict", "str"]
    assert Stay.select().where(Stay.status == "admitted").count() == 1


def test_room_change_moves_guest_and_old_room_to_cleaning(center):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    change_room(center["customer_service"], stay_id, "605", "air conditioning broken")
    assert Stay.get_by_id(stay_id).room.number == "605"
    assert (_status("601"), _status("605")) == ("cleaning", "occupied")


def test_room_change_validation(center):
    stay_id = contract(center["manager"])
    with pytest.raises(Conflict, match="in house"):
        change_room(center["customer_service"], stay_id, "605", "x")
    admit(center["customer_service"], stay_id, "601")
    with pytest.raises(Invalid) as err:
        change_room(center["customer_service"], stay_id, "605", " ")
    assert err.value.field == "reason"
    with pytest.raises(Invalid, match="already in room"):
        change_room(center["customer_service"], stay_id, "601", "x")
    other = contract(center["manager"], contract_no="HT-9", name="李娜")
    admit(center["customer_service"], other, "602")
    with pytest.raises(Conflict, match="taken"):
        change_room(center["customer_service"], stay_id, "602", "x")


def test_a_room_taken_long_ago_is_occupied_not_just_taken(center, frozen_clock):
    """A refusal names the guest in the room; "just taken" only for a race of the last minutes."""
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    other = contract(center["manager"], contract_no="HT-9", name="李娜")
    with pytest.raises(Conflict, match="601 was just taken by"):
        admit(center["nurse"], other, "601")
    frozen_clock.advance(hours=3)
    with pytest.raises(Conflict) as err:
        admit(center["nurse"], other, "601")
    assert "601 is occupied by 王丽 (since" in str(err.value) and "just" not in str(err.value)
