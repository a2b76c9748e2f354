"""A form closes the playbook task it completes: checkout closes the day-before-discharge checklist
(it used to stay open and overdue for months after the real checkout), the ticked readiness list
its room check, the approved car request its checklist."""
from __future__ import annotations

import datetime as dt

import pytest

from seeds.errors import SeedError
from seeds.lifecycle import load_lifecycle
from store import clock, daily, generate, payments, prep
from store.admit import admit
from store.checkout import discharge
from store.models import Event, Stay, Task
from tests.lifecycle.helpers import TODAY, contract

ALL = ["room_check", "room_cards", "phone_charges"]


def _task(stay_id: int, step: str) -> Task:
    return Task.get(Task.stay == stay_id, Task.step == step)


def test_checkout_closes_the_day_before_discharge_checklist(center, frozen_clock):
    """Admitted today (28 days: leaves 12-21); the checklist falls due 12-20 and nobody ticks it on
    the list - the discharge form is where it is done. At checkout it is done, by the manager."""
    manager = center["manager"]
    stay_id = contract(manager)
    admit(center["customer_service"], stay_id, "601")
    generate.run(through=TODAY + dt.timedelta(days=30))
    assert _task(stay_id, "discharge_t1").status == "open"
    frozen_clock.set(clock.at_local(dt.date(2026, 12, 21), 10))  # the planned day: the checklist is overdue
    payments.record_payment(manager, Stay.get_by_id(stay_id).guest_id, "68000", "balance", stay_id=stay_id)
    discharge(manager, stay_id, ticked=ALL, refund="3000")
    task = _task(stay_id, "discharge_t1")
    assert (task.status, task.outcome, task.done_by_id) == ("done", "done", manager.staff_id)
    assert task.done_at == frozen_clock.now().datetime
    event = Event.get(Event.action == "task.done_by_form")
    assert (event.entity_id, event.after) == (task.id, {"status": "done", "form": "discharge"})


def test_months_later_it_is_not_overdue_and_planning_leaves_it_done(center, frozen_clock):
    manager, cs = center["manager"], center["customer_service"]
    stay_id = contract(manager)
    admit(cs, stay_id, "601")
    generate.run(through=TODAY + dt.timedelta(days=30))
    frozen_clock.set(clock.at_local(dt.date(2026, 12, 21), 10))
    discharge(manager, stay_id, ticked=ALL, refund="3000", override_reason="pays by transfer")
    frozen_clock.set(clock.at_local(dt.date(2027, 3, 1), 10))
    generate.run()
    assert _task(stay_id, "discharge_t1").status == "done"
    overdue = [r for r in daily.callbacks_due(clock.today(), actor=cs) if r.bucket == "overdue"]
    assert "discharge_t1" not in {r.task.step for r in overdue}


def test_other_tasks_of_the_stay_and_other_guests_stay_as_they_are(center, frozen_clock):
    manager = center["manager"]
    leaving, staying = contract(manager), contract(manager, contract_no="HT-002", name="李娜", phone="13900139000")
    admit(center["customer_service"], leaving, "601")
    admit(center["customer_service"], staying, "602")
    generate.run(through=TODAY + dt.timedelta(days=30))
    frozen_clock.set(clock.at_local(dt.date(2026, 12, 21), 10))
    discharge(manager, leaving, ticked=ALL, refund="3000", override_reason="pays by transfer")
    assert _task(staying, "discharge_t1").status == "open"
    assert _task(leaving, "discharge_t2").outcome != "done"  # a visit: the planner's checkout rule, not the form


def test_readiness_all_ticked_and_the_approved_car_close_their_checklists(center, frozen_clock):
    manager = center["manager"]
    stay_id = contract(manager)
    Stay.update(hospital_discharge_on=TODAY + dt.timedelta(days=2),
                planned_admission=TODAY + dt.timedelta(days=2)).where(Stay.id == stay_id).execute()
    generate.run(through=TODAY + dt.timedelta(days=10), guest_ids=[Stay.get_by_id(stay_id).guest_id])  # dates set by hand
    items = [i.id for i in load_lifecycle().readiness]
    prep.set_readiness(center["chef"], stay_id, items[:-1])
    assert _task(stay_id, "room_readiness").status == "open"  # not every item yet
    prep.tick_readiness(center["chef"], stay_id, items[-1])
    assert _task(stay_id, "room_readiness").status == "done"
    prep.request_car(center["customer_service"], stay_id, pickup_at="2026-11-25 10:30", address="市妇幼 5F 12床")
    assert _task(stay_id, "car_request").status == "open"  # requested, not approved yet
    prep.approve_car(manager, stay_id)
    assert _task(stay_id, "car_request").status == "done"


@pytest.mark.parametrize("table, words", [
    ('[form_closes]\ncheckin = ["postpartum.discharge_t1"]', "form_closes.checkin: unknown form"),
    ('[form_closes]\ndischarge = ["postpartum.discharge_t9"]', "'postpartum.discharge_t9' is not a playbook step"),
    ('[form_closes]\ndischarge = "postpartum.discharge_t1"', "a list of"),
])
def test_a_bad_form_closes_entry_is_refused_at_load(tmp_path, table, words):
    from seeds.lifecycle import LIFECYCLE_FILE

    path = tmp_path / "lifecycle.toml"
    text = LIFECYCLE_FILE.read_text(encoding="utf-8")
    start = text.index("[form_closes]")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + table + text[end:], encoding="utf-8")
    with pytest.raises(SeedError, match=words):
        load_lifecycle(path)
