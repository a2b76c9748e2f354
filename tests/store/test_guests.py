"""Guest file reads: what each role may see, the audit view event, the timeline, search."""
from __future__ import annotations

import pytest

from store.errors import NotFound
from store.guests import guest_file, search_guests, timeline
from store.models import Event
from tests.screens.center import actor, build_center, history


def _views(guest_id):
    return Event.select().where((Event.action == "guest.view") & (Event.guest == guest_id)).count()


def test_manager_sees_everything_and_the_view_is_audited(store):
    ids = build_center()
    file = guest_file(actor("manager"), ids["601"])
    assert (file.name, file.phone, file.wechat) == ("张晓红", "13800001234", "wx_zxh")
    assert (file.allergies, file.health_notes) == ("青霉素", "产后血压偏高")
    assert file.stay.contract_no == "C000" and file.stay.money.balance_cents == 1880000
    assert (file.stay.room, file.stay.day, file.stay.delivery_type) == ("601", 3, "c_section")
    assert [b.name for b in file.babies] == ["小米"]
    assert _views(ids["601"]) == 1
    event = Event.select().where(Event.action == "guest.view").get()
    assert (event.staff, event.staff_name, event.terminal) == (2, "王店长", "test")


def test_reload_without_audit_logs_no_second_view(store):
    ids = build_center()
    guest_file(actor("manager"), ids["601"], audit=False)
    assert _views(ids["601"]) == 0


def test_nurse_sees_health_but_not_money_or_full_phone(store):
    ids = build_center()
    file = guest_file(actor("nurse", name="李护士"), ids["601"])
    assert file.phone == "138****1234" and file.wechat == "wx***"
    assert file.health_notes == "产后血压偏高"
    assert file.stay.contract_no is None and file.stay.money is None and not file.can_see_money


def test_customer_service_sees_phone_but_not_health(store):
    ids = build_center()
    file = guest_file(actor("customer_service", staff_id=1, name="客服"), ids["601"])
    assert file.phone == "13800001234"
    assert file.allergies is None and file.health_notes is None and file.stay.delivery_type is None
    assert file.has_allergies  # the flag still shows: it is a safety warning


def test_missing_guest_is_not_found(store):
    build_center()
    with pytest.raises(NotFound):
        guest_file(actor(), 9999)


def test_timeline_has_notes_calls_complaints_and_changes_newest_first(store):
    ids = build_center()
    manager = actor()
    history(ids["607"], manager)
    guest_file(manager, ids["607"])  # views are audit, not timeline
    entries = timeline(manager, ids["607"])
    kinds = [e.kind for e in entries]
    assert sorted(kinds) == ["call", "change", "complaint", "note"]
    assert entries == sorted(entries, key=lambda e: e.at, reverse=True)
    note = next(e for e in entries if e.kind == "note")
    assert (note.who, note.text) == ("王店长", "睡了5小时, 哺乳顺利")
    change = next(e for e in entries if e.kind == "change")
    assert change.action == "guest.update" and change.changes == (("call_window", "morning", "14:00-17:00"),)


def test_timeline_masks_fields_the_reader_may_not_see(store):
    from store.writes import write

    ids = build_center()
    manager = actor()
    write(manager, "guest.update", lambda tx: tx.record("guest", ids["601"], {"health_notes": "a", "phone": "13800001234"},
                                                      {"health_notes": "b", "phone": "13800005678"}, guest=ids["601"]))
    cs = actor("customer_service", staff_id=1, name="客服")
    (change,) = [e for e in timeline(cs, ids["601"]) if e.kind == "change"]
    assert ("health_notes", "***", "***") in change.changes
    nurse = actor("nurse", name="李护士")
    (change,) = [e for e in timeline(nurse, ids["601"]) if e.kind == "change"]
    assert ("phone", "138****1234", "138****5678") in change.changes


@pytest.mark.parametrize("query, name", [("zxh", "张晓红"), ("晓红", "张晓红"), ("601", "张晓红"),
                                         ("1234", "张晓红"), ("603", "周敏"), ("Mary", "Mary Chen")])
def test_search_by_name_initials_room_and_phone_tail(store, query, name):
    build_center()
    hits = search_guests(actor("nurse", name="李护士"), query)
    assert name in [h.name for h in hits]
    hit = next(h for h in hits if h.name == name)
    assert "****" in hit.phone  # nurses get masked numbers even in search


def test_search_nothing_for_blank_or_unknown(store):
    build_center()
    assert search_guests(actor(), "  ") == []
    assert search_guests(actor(), "qqq") == []


def test_timeline_names_a_stays_room_by_its_number_not_its_id(store):
    """Stay events record the room's id; a nurse reading "room: - -> 2" learns nothing."""
    from store.models import Room, Stay
    from store.writes import write

    ids = build_center()
    stay = Stay.get(Stay.guest == ids["601"])
    other = Room.get(Room.number == "602")
    write(actor(), "stay.room", lambda tx: tx.record("stay", stay.id, {"room": stay.room_id}, {"room": other.id},
                                                   guest=ids["601"]))
    (change,) = [e for e in timeline(actor(), ids["601"]) if e.action == "stay.room"]
    assert change.changes == (("room", "601", "602"),)
