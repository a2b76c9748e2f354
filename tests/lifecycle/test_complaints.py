"""Complaints end to end: record, owner, deadline, investigation, plan, reply, confirm, close."""
from __future__ import annotations

import pytest

from store import complaints as cp
from store.errors import Conflict, Invalid, PermissionDenied
from store.models import Complaint, Event


def _record(center, **kw):
    args = dict(channel="phone", reporter="王丽家属", what="月子餐太咸", owner=center["supervisor"].staff_id) | kw
    return cp.record(center["customer_service"], **args)


def test_full_lifecycle_to_close(center, frozen_clock):
    cs, sup = center["customer_service"], center["supervisor"]
    cid = _record(center)
    row = cp.get(sup, cid)
    assert (row.status, row.owner, row.overdue) == ("open", "supervisor-name", False)
    assert (row.deadline - row.received_at).total_seconds() == 24 * 3600
    cp.investigate(sup, cid, "厨房确认盐量超标")
    cp.plan(sup, cid, measures="调整食谱,营养师复核", owner=center["nutritionist"].staff_id, due="2026-11-25")
    with pytest.raises(Conflict):
        cp.close(sup, cid)
    cp.reply(cs, cid, "已调整,明日起低盐")
    cp.confirm_result(cs, cid)
    frozen_clock.advance(hours=3)
    cp.close(sup, cid)
    row = cp.get(sup, cid)
    assert row.status == "closed" and row.plan_owner == "nutritionist-name"
    assert "supervisor-name" in row.investigation and row.closed_at is not None
    assert {e.action for e in Event.select()} >= {"complaint.record", "complaint.plan", "complaint.close"}
    stamps = cp.history(sup, cid)
    assert [(s.step, s.who) for s in stamps] == [
        ("record", "customer_service-name"), ("investigate", "supervisor-name"), ("plan", "supervisor-name"),
        ("reply", "customer_service-name"), ("confirm", "customer_service-name"), ("close", "supervisor-name")]
    assert stamps[-1].at > stamps[-2].at  # the close came three hours later


def test_history_leaves_out_views_and_is_refused_without_the_permission(center):
    from store.writes import append_view_event

    cid = _record(center)
    append_view_event(center["supervisor"], "complaint", cid)
    assert [s.step for s in cp.history(center["supervisor"], cid)] == ["record"]
    with pytest.raises(PermissionDenied):
        cp.history(center["nurse"], cid)


def test_order_of_steps_is_enforced(center):
    cid = _record(center)
    with pytest.raises(Conflict, match="plan"):
        cp.reply(center["customer_service"], cid, "ok")
    with pytest.raises(Conflict, match="reply"):
        cp.confirm_result(center["customer_service"], cid)


@pytest.mark.parametrize("kw, field", [
    ({"channel": "pigeon"}, "channel"), ({"reporter": ""}, "reporter"), ({"what": " "}, "what"),
    ({"received_at": "2026-11-24 10:00"}, "received_at"), ({"deadline": "2026-11-22 10:00"}, "deadline"),
    ({"owner": 999}, "owner"),
])
def test_record_validation(center, kw, field):
    with pytest.raises(Invalid) as err:
        _record(center, **kw)
    assert err.value.field == field and Complaint.select().count() == 0


def test_complaints_need_permission(center):
    with pytest.raises(PermissionDenied):
        cp.record(center["nurse"], channel="phone", reporter="x", what="y")
    cid = _record(center)
    with pytest.raises(PermissionDenied):
        cp.investigate(center["nurse"], cid, "x")


def test_overdue_and_monthly_summary(center, frozen_clock):
    late = _record(center)
    done = _record(center, channel="wechat")
    for step in (lambda: cp.plan(center["supervisor"], done, measures="m", owner=center["supervisor"].staff_id, due="2026-11-24"),
                 lambda: cp.reply(center["supervisor"], done, "r"),
                 lambda: cp.confirm_result(center["supervisor"], done),
                 lambda: cp.close(center["supervisor"], done)):
        step()
    assert cp.overdue_complaints(frozen_clock.now()) == []
    frozen_clock.advance(hours=25)
    assert [c.id for c in cp.overdue_complaints(frozen_clock.now())] == [late]
    assert [c.overdue for c in cp.open_complaints(center["manager"])] == [True]
    summary = cp.monthly_summary(center["manager"], 2026, 11)
    assert (summary.received, summary.closed, summary.still_open, summary.closed_late) == (2, 1, 1, 0)
    assert summary.by_channel == {"phone": 1, "wechat": 1} and summary.mean_hours_to_close == 0.0
    assert cp.monthly_summary(center["manager"], 2026, 12).received == 0
