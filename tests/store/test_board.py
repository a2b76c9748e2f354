"""The board query: what each card says, today's movements, the filter, and the plan it runs on."""
from __future__ import annotations

import datetime as dt

import pytest

from store import clock
from store import db as store_db
from store.board import card_matches, load_board, stays_query
from store.models import Room, Stay, Task
from tests.screens.center import TODAY, build_center


def _cards(board):
    return {room.number: room for floor in board.floors for room in floor.rooms}


def test_board_lists_every_room_by_floor_with_counts(store):
    build_center()
    board = load_board()
    assert board.day == TODAY
    assert [f.number for f in board.floors] == [6, 7, 8]
    assert [len(f.rooms) for f in board.floors] == [10, 10, 10]
    assert [r.number for r in board.floors[0].rooms][:3] == ["601", "602", "603"]
    assert board.counts == {"vacant": 17, "reserved": 2, "occupied": 8, "cleaning": 2, "out_of_service": 1}


def test_occupied_card_has_day_of_stay_baby_flags_and_next_visit(store):
    build_center()
    card = _cards(load_board())["601"]
    guest = card.occupant
    assert (guest.name, guest.in_house, guest.day, guest.days) == ("张晓红", True, 3, 28)  # admitted 2 days ago
    assert guest.baby == "小米"
    assert guest.planned_discharge == TODAY + dt.timedelta(days=26)
    assert guest.flags == ("allergy", "c_section")
    assert guest.next_visit_title == "Visit 0"  # the open visit, not the earlier callback
    assert guest.next_visit_at == clock.at_local(TODAY, 9)


def test_admission_day_is_day_one_and_flags_cover_vip_dnd_complaint(store):
    build_center()
    cards = _cards(load_board())
    assert cards["602"].occupant.day == 1
    assert cards["604"].occupant.flags == ("vip",)
    assert cards["607"].occupant.flags == ("dnd", "complaint")
    assert cards["705"].occupant.baby == "朵朵/果果"


def test_next_visit_skips_done_visits(store):
    build_center()
    Task.update(status="done").where(Task.dedupe_key == "v0").execute()
    guest = _cards(load_board())["601"].occupant
    assert guest.next_visit_title == "Later"


def test_reserved_room_shows_the_arriving_guest_and_vacant_rooms_none(store):
    build_center()
    cards = _cards(load_board())
    assert cards["603"].status == "reserved"
    assert (cards["603"].occupant.name, cards["603"].occupant.in_house) == ("周敏", False)
    assert cards["605"].occupant is None and cards["605"].status == "vacant"
    assert cards["608"].occupant is None  # discharged this morning


def test_arrivals_and_departures_today(store):
    build_center()
    board = load_board()
    assert [(m.room, m.name, m.done) for m in board.arrivals] == [("602", "李静", True), ("603", "周敏", False)]
    assert [(m.room, m.name, m.done) for m in board.departures] == [("608", "何青", True)]
    tomorrow = load_board(TODAY + dt.timedelta(days=1))
    assert [m.name for m in tomorrow.departures] == ["陈美玲"]  # day 28 of 28: leaves tomorrow


def test_board_takes_a_fixed_number_of_queries(store, monkeypatch):
    build_center()
    database = store_db.db.obj
    seen = []
    real = database.execute_sql
    monkeypatch.setattr(database, "execute_sql", lambda sql, *a, **k: (seen.append(sql), real(sql, *a, **k))[1])
    load_board()
    few = len(seen)
    for n in range(20):  # more guests in house must not mean more queries
        room = Room.get(Room.number == f"7{n % 9 + 1:02d}")
        Stay.create(guest=1, contract_no=f"X{n}", room=room, status="admitted", admitted_on=TODAY)
    seen.clear()
    load_board()
    assert len(seen) == few <= 8


@pytest.mark.parametrize("query, rooms", [
    ("zxh", {"601"}), ("张", {"601"}), ("603", {"603"}), ("60", {f"60{i}" for i in range(1, 10)}),
    ("1234", {"601"}), ("mary", {"702"}), ("", None), ("zz", set()),
])
def test_filter_matches_name_initials_room_and_phone_tail(store, query, rooms):
    build_center()
    cards = _cards(load_board()).values()
    matched = {c.number for c in cards if card_matches(c, query)}
    assert matched == (rooms if rooms is not None else {c.number for c in cards})


def _plan(sql_params) -> str:
    sql, params = sql_params
    rows = store_db.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def test_next_visit_uses_the_guest_status_due_index_even_after_analyze(sqlite_store):
    """PERF.md's trap: with only (status, due_at) the per-guest lookup went from 0.1 ms to 1 s."""
    build_center()
    now = clock.now()
    Task.insert_many([dict(guest=1 + n % 8, kind="callback", playbook="p", step="s", anchor="a",
                           dedupe_key=f"bulk{n}", due_at=now, status="open" if n % 50 == 0 else "done",
                           created_at=now) for n in range(3000)]).execute()
    for analyzed in (False, True):
        plan = _plan(stays_query(TODAY).sql())
        assert "task_guest_id_status_due_at" in plan, plan
        assert "task_status_due_at" not in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # due order comes from the index, no sort per guest
        store_db.db.execute_sql("ANALYZE")


def test_an_open_complaint_past_its_deadline_is_flagged_late(store):
    from store.models import Complaint

    build_center()
    Complaint.update(deadline=clock.now().shift(hours=4).datetime).execute()
    assert _cards(load_board())["607"].occupant.flags == ("dnd", "complaint")
    Complaint.update(deadline=clock.now().shift(hours=-1).datetime).execute()
    assert _cards(load_board())["607"].occupant.flags == ("dnd", "complaint_late")


def test_an_arrival_tomorrow_with_unsigned_notice_is_flagged_until_every_department_signs(store):
    from seeds.lifecycle import load_lifecycle
    from store.models import SignOff, Staff

    build_center()
    stay = Stay.get(Stay.room == Room.get(Room.number == "708").id)  # arrives in 2 days: not yet
    assert "signoff" not in _cards(load_board())["708"].occupant.flags
    Stay.update(planned_admission=TODAY + dt.timedelta(days=1)).where(Stay.id == stay.id).execute()
    assert "signoff" in _cards(load_board())["708"].occupant.flags
    signer = Staff.select().first()
    for department in load_lifecycle().forms["admission_notice"]:
        SignOff.create(stay=stay.id, form="admission_notice", department=department, staff=signer,
                       at=clock.now())
    assert "signoff" not in _cards(load_board())["708"].occupant.flags
