"""Quarterly tier review (manual 002) and the generation paths added for speed: the day roll-over
that plans only guests with something new, and chunks written by the writer thread."""
from __future__ import annotations

from store import clock, generate
from store.models import Guest, Payment, Task
from tests.playbooks.helpers import D, guest, local_day, local_hm, tasks

QUARTERS = [D(2027, 1, 1), D(2027, 4, 1), D(2027, 7, 1)]


def pay(guest_id, days_ago, kind="service", cents=80000):
    at = clock.now().shift(days=-days_ago).datetime
    Payment.create(guest=guest_id, amount_cents=cents, at=at, kind=kind)


def test_tier_review_falls_due_each_quarter_start_for_members_and_spenders(store, gen):
    silver = guest("银卡", kind="wellness", entered_on=D(2026, 11, 1), tier="silver")
    spender = guest("新客", kind="wellness", entered_on=D(2026, 11, 1))
    pay(spender, 60)
    gen()
    for gid in (silver, spender):
        review = tasks(gid, "tier_review")
        assert [local_day(t) for t in review] == QUARTERS
        assert {(t.role, t.channel, t.status) for t in review} == {("manager", "in_person", "open")}
        assert local_hm(review[0]) == (9, 0)  # the step's morning window


def test_no_tier_review_when_the_tier_cannot_change(store, gen):
    idle = guest("普通", kind="wellness", entered_on=D(2026, 11, 1))
    deposit_only = guest("定金", kind="wellness", entered_on=D(2026, 11, 1))
    pay(deposit_only, 30, kind="deposit")
    long_ago = guest("去年", kind="wellness", entered_on=D(2025, 1, 1))
    pay(long_ago, 400)
    mother = guest("产妇", kind="postpartum", entered_on=D(2026, 11, 1), tier="gold")
    gen()
    assert not Task.select().where(Task.step == "tier_review").exists()
    assert {idle, deposit_only, long_ago, mother}  # all four looked at, none concerned


def test_a_first_spend_gets_a_review_on_the_next_day_roll_over(store):
    gid = guest("新客", kind="wellness", entered_on=D(2026, 11, 1))
    clock._clock.advance(seconds=1)
    generate.run(through=D(2027, 1, 5))
    assert not tasks(gid, "tier_review")
    pay(gid, 0)  # a payment does not mark anchors: the roll-over finds the missing task
    clock._clock.advance(days=1)
    result = generate.run(through=D(2027, 1, 6))
    assert result.created >= 1 and [local_day(t) for t in tasks(gid, "tier_review")] == [D(2027, 1, 1)]


def test_roll_over_plans_only_guests_with_something_new(store, monkeypatch):
    busy = guest("甲", kind="wellness", entered_on=D(2026, 1, 1), tier="gold")
    quiet = guest("乙", kind="postpartum", entered_on=D(2026, 11, 1))  # no contract yet: nothing due
    clock._clock.advance(seconds=1)
    generate.run(through=D(2026, 12, 30))
    planned = []
    real = generate.plan_guest
    monkeypatch.setattr(generate, "plan_guest", lambda ga, *a: planned.append(ga.id) or real(ga, *a))
    result = generate.run(through=D(2027, 1, 2))  # the 1 January review enters the horizon
    assert result.guests == 2 and result.created >= 1 and planned == [busy]
    assert [local_day(t) for t in tasks(busy, "tier_review")][-1] == D(2027, 1, 1)
    assert not tasks(quiet)


def test_chunks_written_by_the_writer_thread_match_one_chunk(store, gen, monkeypatch):
    ids = [guest(f"客{i}", kind="wellness", entered_on=D(2026, 1, 1), tier="silver") for i in range(5)]
    monkeypatch.setattr(generate, "CHUNK", 2)
    first = gen()
    assert first.guests == 5 and first.created > 0
    counts = {gid: len(tasks(gid)) for gid in ids}
    assert len(set(counts.values())) == 1 and Task.select().count() == first.created + first.not_applicable
    again = gen()
    assert (again.created, again.moved, again.cancelled) == (0, 0, 0)
    assert Guest.select().count() == 5  # the main connection is still usable afterwards
