"""Admission notice: data, reserved room, sign-off per department with the right role, board flag."""
from __future__ import annotations

import datetime as dt

import pytest

from store import stays
from store.errors import Conflict, Invalid, PermissionDenied
from store.models import Room, SignOff
from tests.lifecycle.helpers import TODAY, contract, noticed

ROLE_FOR = {"store_manager": "manager", "nursing": "supervisor", "nurses": "nurse",
            "postpartum_recovery": "recovery_therapist", "nutritionist": "nutritionist", "kitchen": "chef"}


def test_notice_holds_the_form_fields_and_reserves_the_room(center):
    stay_id = noticed(center["manager"])
    view = stays.notice(center["nurse"], stay_id)
    assert (view.name, view.contract_no, view.hospital, view.room) == ("王丽", "HT-001", "市妇幼", "601")
    assert view.admission_date == TODAY + dt.timedelta(days=1)
    assert (view.vouchers, view.gifts) == ("500元现金券", "满月照")
    assert view.phone == "138****8000"  # a nurse sees the masked number
    assert stays.notice(center["manager"], stay_id).phone == "13800138000"
    assert Room.get(Room.number == "601").status == "reserved"
    assert len(view.missing) == 6 and view.signed == ()


def test_each_department_signs_with_its_own_login(center):
    stay_id = noticed(center["manager"])
    for dep, role in ROLE_FOR.items():
        stays.sign(center[role], stay_id, dep)
    view = stays.notice(center["manager"], stay_id)
    assert view.missing == ()
    assert [(s.department, s.staff_name) for s in view.signed] == [(d, f"{r}-name") for d, r in ROLE_FOR.items()]
    assert all(s.at is not None for s in view.signed)


def test_a_department_refuses_the_wrong_role(center):
    stay_id = noticed(center["manager"])
    with pytest.raises(PermissionDenied):
        stays.sign(center["nurse"], stay_id, "kitchen")
    with pytest.raises(PermissionDenied):
        stays.sign(center["manager"], stay_id, "nurses")
    assert SignOff.select().count() == 0


def test_signing_twice_names_who_signed(center):
    stay_id = noticed(center["manager"])
    stays.sign(center["nurse"], stay_id, "nurses")
    with pytest.raises(Conflict, match="nurse-name"):
        stays.sign(center["nurse"], stay_id, "nurses")


def test_unknown_department_and_unfilled_notice(center):
    stay_id = contract(center["manager"])
    with pytest.raises(Invalid):
        stays.sign(center["nurse"], stay_id, "laundry")
    with pytest.raises(Conflict, match="room and admission date"):
        stays.sign(center["nurse"], stay_id, "nurses")


def test_changing_the_room_voids_signatures_and_frees_the_old_room(center):
    stay_id = noticed(center["manager"])
    stays.sign(center["nurse"], stay_id, "nurses")
    stays.save_notice(center["manager"], stay_id, hospital="市妇幼", room_number="602",
                      admission_date=TODAY + dt.timedelta(days=1))
    assert SignOff.select().count() == 0
    assert {r.number: r.status for r in Room.select()}["601"] == "vacant"
    assert Room.get(Room.number == "602").status == "reserved"


@pytest.mark.parametrize("field, kw", [
    ("hospital", {"hospital": ""}),
    ("room", {"room_number": "999"}),
    ("admission_date", {"admission_date": "2026-11-01"}),
    ("admission_date", {"admission_date": "tomorrow"}),
])
def test_notice_validation(center, field, kw):
    stay_id = contract(center["manager"])
    args = dict(hospital="市妇幼", room_number="601", admission_date="2026-11-24") | kw
    with pytest.raises(Invalid) as err:
        stays.save_notice(center["manager"], stay_id, **args)
    assert err.value.field == field
    assert Room.get(Room.number == "601").status == "vacant"


def test_reserved_room_cannot_be_noticed_twice(center):
    noticed(center["manager"])
    other = contract(center["manager"], contract_no="HT-002", name="李娜")
    with pytest.raises(Conflict, match="reserved"):
        stays.save_notice(center["manager"], other, hospital="x", room_number="601", admission_date="2026-11-24")


def test_missing_signoffs_flags_tomorrows_arrivals(center):
    tomorrow = noticed(center["manager"])
    later = noticed(center["manager"], room="602", day=TODAY + dt.timedelta(days=5), contract_no="HT-002")
    complete = noticed(center["manager"], room="603", contract_no="HT-003")
    for dep, role in ROLE_FOR.items():
        stays.sign(center[role], complete, dep)
    stays.sign(center["chef"], tomorrow, "kitchen")
    flagged = stays.missing_signoffs(TODAY)
    assert [f.stay_id for f in flagged] == [tomorrow]
    assert "kitchen" not in flagged[0].missing and len(flagged[0].missing) == 5
    assert later not in [f.stay_id for f in stays.missing_signoffs(TODAY)]
