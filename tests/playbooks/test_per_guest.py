"""Planning is per guest: a look-ahead or another guest never changes a guest's plan; a late
anchor opens what is still ahead; one bad guest is skipped, recorded, and the others planned."""
from __future__ import annotations

import datetime as dt

from store import clock, generate, plan_failures
from store.guests_write import create_guest, create_stay
from store.models import Event, Guest, PlanFailure, Stay, Task
from store.writes import SYSTEM, write
from tests.playbooks.helpers import D, guest, local_day, stay, tasks

TODAY = D(2026, 11, 23)


def enter(name: str, **stay_dates) -> int:
    """A guest and her contract entered through the write path, as an import or the app does."""
    def apply(tx):
        gid = create_guest(tx, name=name, entered_on=clock.today())
        create_stay(tx, guest_id=gid, contract_no=f"C-{name}", **stay_dates)
        return gid
    return write(SYSTEM, "guest.add", apply)


def change(gid: int, **stay_dates) -> None:
    """Her dates change in a write (a form), which plans her before it commits."""
    write(SYSTEM, "stay.edit", lambda tx: (Stay.update(**stay_dates).where(Stay.guest == gid).execute(),
                                           generate.mark_anchors_changed(tx, gid)))


def visit(gid: int, n: int) -> Task | None:
    found = tasks(gid, f"visit_day{n}")
    return found[0] if found else None


def test_after_a_look_ahead_a_guest_entered_later_gets_every_visit_of_her_first_week(store):
    """The issue's reproduction: a look-ahead moved a global mark; a guest entered afterwards
    lost her day-2 visit (and later ones). Here each day's `due` (through that day only, as
    `carefloor due` planned before) must find her visit of the day."""
    enter("甲", signed_on=D(2026, 6, 1), due_date=D(2026, 11, 10), admitted_on=D(2026, 11, 12), status="admitted")
    generate.run(through=TODAY + dt.timedelta(days=14))
    generate.run(through=TODAY + dt.timedelta(days=40))  # the look-ahead
    later = enter("乙", signed_on=D(2026, 6, 1), due_date=D(2026, 11, 20), admitted_on=TODAY, status="admitted")
    for n in range(1, 8):
        generate.run(through=clock.today())
        task = visit(later, n)
        assert task is not None and task.status == "open" and local_day(task) == clock.today(), n
        clock._clock.advance(days=1)
    assert not tasks(later, status="not_applicable") or all(
        local_day(t) < TODAY for t in tasks(later, status="not_applicable"))


def test_a_guest_planned_only_up_to_today_gets_tomorrow_despite_anyone_elses_horizon(store):
    """The mechanism the reproduction exposed: one run planned her up to today only; the next
    day's run skipped her because the global mark (another run's look-ahead) was further."""
    enter("甲", signed_on=D(2026, 6, 1), due_date=D(2026, 11, 10), admitted_on=D(2026, 11, 12), status="admitted")
    generate.run(through=TODAY + dt.timedelta(days=30))
    clock._clock.advance(minutes=1)
    gid = guest("乙", entered_on=TODAY)  # straight into the table: not planned by a write
    stay(gid, signed_on=D(2026, 6, 1), due_date=D(2026, 11, 20), admitted_on=TODAY, status="admitted")
    clock._clock.advance(minutes=1)
    generate.run(through=TODAY)  # `carefloor due` today
    clock._clock.advance(days=1)
    generate.run(through=clock.today())
    assert visit(gid, 2) is not None and visit(gid, 2).status == "open"


def test_steps_reached_late_by_planning_open_overdue_not_not_applicable(store):
    """Nobody planned for a month (no terminal, no `due`): what fell due meanwhile opens as
    overdue; more than 7 days late it used to be recorded not applicable, 'entered later', which
    was false."""
    gid = enter("甲", signed_on=D(2026, 6, 1), due_date=D(2026, 11, 20), planned_admission=D(2026, 12, 10))
    generate.run()
    clock._clock.advance(days=30)  # 12-23: her stay began 12-10, her plan reached 12-07
    generate.run()
    for n in range(1, 8):
        assert visit(gid, n).status == "open", n
    assert not [t for t in tasks(gid, status="not_applicable") if local_day(t) >= TODAY]


def test_a_birth_recorded_three_days_late_opens_what_is_ahead_and_records_the_rest_entered_late(store):
    clock._clock.set(clock.at_local(D(2026, 10, 1), 10))
    gid = enter("甲", signed_on=D(2026, 9, 20), due_date=D(2026, 11, 25), planned_admission=D(2026, 11, 26))
    clock._clock.set(clock.at_local(TODAY, 10))
    generate.run()  # the day's roll-over
    change(gid, delivery_date=D(2026, 11, 20))  # born on the 20th, entered on the 23rd
    (follow_up,) = tasks(gid, "hospital_followup")
    assert (local_day(follow_up), follow_up.status, follow_up.reason) == (D(2026, 11, 21), "not_applicable", "entered late")
    clock._clock.set(clock.at_local(D(2026, 12, 6), 10))
    generate.run()  # the full-month steps reach the horizon: still ahead, so open
    (photo,), (full_month,) = tasks(gid, "full_month_photo_booking"), tasks(gid, "full_month_day")
    assert (local_day(photo), photo.status) == (D(2026, 12, 13), "open")
    assert (local_day(full_month), full_month.status) == (D(2026, 12, 20), "open")


def test_an_open_task_moved_into_the_past_is_entered_late_and_reopens_if_moved_ahead_again(store):
    gid = enter("甲", signed_on=D(2026, 5, 1), due_date=D(2026, 11, 20), planned_admission=D(2026, 11, 25))
    assert visit(gid, 1).status == "open"
    change(gid, planned_admission=D(2026, 11, 20))  # she came five days ago; nobody entered it
    assert [(visit(gid, n).status, visit(gid, n).reason) for n in (1, 3, 4)] == [
        ("not_applicable", "entered late"), ("not_applicable", "entered late"), ("open", "")]
    change(gid, planned_admission=D(2026, 11, 26))  # a typo after all
    assert [visit(gid, n).status for n in range(1, 8)] == ["open"] * 7
    assert local_day(visit(gid, 1)) == D(2026, 11, 26)


def test_a_guest_whose_dates_cannot_be_planned_is_skipped_recorded_and_the_others_planned(store):
    poison = guest("毒", entered_on=TODAY)  # past every check, straight into the table
    stay(poison, signed_on=D(2026, 6, 1), due_date=D(9999, 12, 31), planned_admission=D(9999, 12, 30))
    others = [guest(f"客{n}", entered_on=TODAY) for n in range(3)]
    for gid in others:
        stay(gid, signed_on=D(2026, 6, 1), due_date=D(2026, 11, 20), admitted_on=TODAY, status="admitted")
    result = generate.run()
    assert [f.guest for f in result.failures] == [poison]
    assert all(visit(gid, 1) is not None for gid in others)
    assert not tasks(poison)
    (row,) = plan_failures.failures()
    assert (row.guest_id, row.name) == (poison, "毒") and "out of range" in row.error
    assert Event.select().where(Event.action == "planning.failed", Event.guest == poison).count() == 1
    generate.run()  # tried again, still failing: no second event, still recorded
    assert Event.select().where(Event.action == "planning.failed").count() == 1
    assert Guest.get_by_id(poison).planned_through is None
    Stay.update(due_date=D(2026, 12, 20), planned_admission=D(2026, 12, 24)).where(Stay.guest == poison).execute()
    generate.run()  # corrected (a form would plan her at once): the next run plans her
    assert tasks(poison) and PlanFailure.select().count() == 0
    assert Event.select().where(Event.action == "planning.recovered", Event.guest == poison).count() == 1


def test_a_step_her_data_breaks_is_named(store, monkeypatch):
    """A failure inside one step names that step (the board and `due` show it)."""
    from store import occurrences

    real = occurrences.for_step

    def breaks_on_day2(step, book, ga, limit, done):
        if step.id == "visit_day2" and ga.id == victim:
            raise OverflowError("date value out of range")
        return real(step, book, ga, limit, done)

    victim = guest("甲", entered_on=TODAY)
    stay(victim, signed_on=D(2026, 6, 1), due_date=D(2026, 11, 20), admitted_on=TODAY, status="admitted")
    other = guest("乙", entered_on=TODAY)
    stay(other, signed_on=D(2026, 6, 1), due_date=D(2026, 11, 20), admitted_on=TODAY, status="admitted")
    monkeypatch.setattr("store.plan.for_step", breaks_on_day2)
    result = generate.run()
    assert [(f.guest, f.playbook, f.step) for f in result.failures] == [(victim, "postpartum", "visit_day2")]
    assert visit(other, 2) is not None and not tasks(victim)  # she is skipped whole, not half planned


def test_a_planner_that_read_a_guest_before_her_plan_changed_leaves_her_alone(store):
    """plan_rev: a run that read her before another process planned her does not overwrite it."""
    gid = guest("甲", entered_on=TODAY)
    stay(gid, signed_on=D(2026, 6, 1), due_date=D(2026, 11, 20), admitted_on=TODAY, status="admitted")
    states = generate._states([gid], TODAY, "", {})
    generate.run(guest_ids=[gid])  # the other process
    rev = Guest.get_by_id(gid).plan_rev
    stale = generate._stale({gid: TODAY}, states)
    assert stale == {gid} and Guest.get_by_id(gid).plan_rev == rev
