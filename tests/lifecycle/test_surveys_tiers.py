"""Discharge satisfaction survey and membership tiers."""
from __future__ import annotations

import datetime as dt

import pytest

from store import clock, surveys, tiers
from store.errors import Conflict, Invalid
from store.models import Guest, Payment, Task
from tests.lifecycle.helpers import TODAY, contract

ITEMS = ("nursing", "baby_care", "meals", "recovery", "room", "service")


def test_survey_scores_and_month_results(center):
    first = contract(center["manager"])
    second = contract(center["manager"], contract_no="HT-2", name="李娜")
    surveys.record_survey(center["customer_service"], first, {i: 5 for i in ITEMS}, "很好")
    surveys.record_survey(center["customer_service"], second, {i: 4 for i in ITEMS} | {"meals": "2"})
    month = surveys.month_results(2026, 11)
    assert month.count == 2 and month.item_means["meals"] == 3.5 and month.item_means["nursing"] == 4.5
    assert month.comments == ("很好",) and month.overall == pytest.approx((30 + 22) / 12, abs=0.01)
    assert surveys.month_results(2026, 10).count == 0
    with pytest.raises(Conflict):
        surveys.record_survey(center["customer_service"], first, {i: 5 for i in ITEMS})


@pytest.mark.parametrize("scores, field", [
    ({i: 5 for i in ITEMS} | {"meals": 6}, "meals"),
    ({i: 5 for i in ITEMS} | {"room": "x"}, "room"),
    ({i: 5 for i in ITEMS if i != "service"}, "service"),
    ({i: 5 for i in ITEMS} | {"parking": 3}, "parking"),
])
def test_survey_validation(center, scores, field):
    stay = contract(center["manager"])
    with pytest.raises(Invalid) as err:
        surveys.record_survey(center["customer_service"], stay, scores)
    assert err.value.field == field


def _spend(guest_id, cents, count, days_ago=10, kind="service"):
    for _ in range(count):
        Payment.create(guest=guest_id, amount_cents=cents, kind=kind,
                       at=clock.at_local(TODAY - dt.timedelta(days=days_ago), 12))


def test_tiers_upgrade_downgrade_and_tell_the_guest(center):
    contract(center["manager"], first_payment="0", deposit="0")
    contract(center["manager"], contract_no="HT-2", name="李娜", first_payment="0", deposit="0")
    gold, lapsed = [g.id for g in Guest.select().order_by(Guest.id)]
    _spend(gold, 300000, 8)           # 24,000 yuan over 8 visits: gold
    Guest.update(tier="silver").where(Guest.id == lapsed).execute()
    _spend(lapsed, 500000, 5, days_ago=400)  # outside the year: back to ordinary
    _spend(lapsed, 900000, 1, kind="deposit")  # deposits are not spend
    changes = tiers.reevaluate(today=TODAY)
    assert {(c.guest_id, c.before, c.after) for c in changes} == {(gold, "ordinary", "gold"), (lapsed, "silver", "ordinary")}
    assert Guest.get_by_id(gold).tier == "gold"
    calls = Task.select().where(Task.step == "tier_change")
    assert sorted(t.guest_id for t in calls) == sorted([gold, lapsed])
    assert all(t.kind == "callback" and t.role == "customer_service" for t in calls)
    assert tiers.reevaluate(today=TODAY) == []  # nothing changed: nothing new


def test_do_not_disturb_guest_changes_tier_without_a_call(center):
    contract(center["manager"], first_payment="0", deposit="0")
    guest = Guest.get().id
    Guest.update(do_not_disturb=True).execute()
    _spend(guest, 200000, 4)
    assert [c.after for c in tiers.reevaluate(today=TODAY)] == ["silver"]
    assert Task.select().where(Task.step == "tier_change").count() == 0
