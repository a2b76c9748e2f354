"""Car request (用车申请单) and room readiness checklist before admission."""
from __future__ import annotations

import pytest

from store import prep
from store.errors import Conflict, Invalid, PermissionDenied
from store.models import Stay
from tests.lifecycle.helpers import noticed


def test_car_request_then_manager_approves(center):
    stay_id = noticed(center["manager"])
    prep.request_car(center["customer_service"], stay_id, pickup_at="2026-11-24 10:30", address="市妇幼 5楼 12床")
    car = prep.car_request(stay_id)
    assert (car.address, car.requested_by, car.approved_by) == ("市妇幼 5楼 12床", "customer_service-name", "")
    assert Stay.get_by_id(stay_id).hospital_discharge_on.isoformat() == "2026-11-24"
    with pytest.raises(PermissionDenied):
        prep.approve_car(center["customer_service"], stay_id)
    prep.approve_car(center["manager"], stay_id)
    assert prep.car_request(stay_id).approved_by == "manager-name"
    with pytest.raises(Conflict, match="already approved"):
        prep.approve_car(center["manager"], stay_id)


@pytest.mark.parametrize("kw, field", [
    ({"pickup_at": "tomorrow"}, "pickup_at"), ({"pickup_at": "2026-11-20 10:00"}, "pickup_at"),
    ({"address": ""}, "address"),
])
def test_car_request_validation(center, kw, field):
    stay_id = noticed(center["manager"])
    with pytest.raises(Invalid) as err:
        prep.request_car(center["customer_service"], stay_id, **(dict(pickup_at="2026-11-24 10:30", address="x") | kw))
    assert err.value.field == field and prep.car_request(stay_id) is None


def test_readiness_checklist_records_who(center):
    stay_id = noticed(center["manager"])
    assert not any(i.done for i in prep.readiness(stay_id))
    prep.tick_readiness(center["nursery_nurse"], stay_id, "cleaning")
    prep.tick_readiness(center["chef"], stay_id, "meal")
    prep.tick_readiness(center["chef"], stay_id, "meal", done=False)
    state = {i.id: (i.done, i.by) for i in prep.readiness(stay_id)}
    assert state["cleaning"] == (True, "nursery_nurse-name") and state["meal"] == (False, "chef-name")
    with pytest.raises(Invalid):
        prep.tick_readiness(center["chef"], stay_id, "fireworks")
