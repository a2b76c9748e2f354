"""In-person tasks (a hospital pick-up, a bedside visit) retry by their own rule: later the same day
within the day's hours, the next morning once they are over - never "now"; and only tries at
distinct times count towards the supervisor (three presses in seconds used to escalate)."""
from __future__ import annotations

import pytest

from seeds import playbook
from seeds.errors import SeedError
from store import outcomes, schedule
from store.models import ContactLog, Task
from tests.daily.fixtures import at, build_center, task


@pytest.fixture
def center(store):
    return build_center()


@pytest.fixture
def pickup(center):
    """Today's pick-up at the hospital for 王小红: the real postpartum step (window 'day' 09:00-17:30)."""
    task_id = task(center, "pickup", "wang", kind="checklist", step="hospital_pickup", due=at(0, 9),
                   role="customer_service", channel="in_person", title="到医院迎接出院", anchor="hospital_discharge",
                   stay=center.tasks["stay_wang"])
    Task.update(window_end=at(0, 17, 30)).where(Task.id == task_id).execute()
    return task_id


def _tries(task_id):
    return list(ContactLog.select().where(ContactLog.task == task_id).order_by(ContactLog.id))


def test_the_rule_is_data_for_every_in_person_step():
    books = playbook.load_all()
    rule = books["postpartum"].step("hospital_pickup").outcome
    assert (rule.retry_after.amount, rule.retry_after.unit, rule.within.start, rule.within.end) == (1, "hours", (9, 0),
                                                                                                  (17, 30))
    for book in ("postpartum", "aesthetics", "wellness"):
        assert all(s.outcome.within is not None for s in books[book].steps if s.channel == "in_person"), book
    assert books["postpartum"].step("aftercare_call").outcome.within is None  # phone calls keep theirs


def test_no_answer_on_a_pick_up_goes_later_the_same_day(center, pickup, frozen_clock):
    frozen_clock.set(at(0, 12, 17))
    result = outcomes.no_answer(center.actor("cs"), pickup)
    assert (result.due_at, result.escalated) == (at(0, 13, 17), False)
    assert Task.get_by_id(pickup).attempts == 1


def test_past_the_day_s_hours_it_is_the_next_morning(center, pickup, frozen_clock):
    frozen_clock.set(at(0, 17, 0))
    result = outcomes.no_answer(center.actor("cs"), pickup)
    assert result.due_at == at(1, 9, 0)
    frozen_clock.set(at(0, 6, 0))  # before the day starts: its start, not "now"
    assert schedule.retry_time(schedule.step_for("postpartum", "hospital_pickup"), at(0, 9), at(0, 6, 0),
                               at(0, 17, 30)) == at(0, 9)


def test_three_presses_in_seconds_are_one_try_and_do_not_escalate(center, pickup, frozen_clock):
    cs = center.actor("cs")
    frozen_clock.set(at(0, 12, 17))
    first = outcomes.no_answer(cs, pickup)
    for seconds in (2, 4):
        frozen_clock.set(at(0, 12, 17).replace(second=seconds))
        again = outcomes.no_answer(cs, pickup)
        assert again.repeated_at == at(0, 12, 17) and not again.escalated and again.due_at == first.due_at
    row = Task.get_by_id(pickup)
    assert (row.attempts, row.role, row.outcome, row.due_at) == (1, "customer_service", "no_answer", at(0, 13, 17))
    assert [log.outcome for log in _tries(pickup)] == ["no_answer"]


def test_tries_at_distinct_times_escalate_after_the_third(center, pickup, frozen_clock):
    cs = center.actor("cs")
    for hour in (10, 11, 12):
        frozen_clock.set(at(0, hour, 5))
        result = outcomes.no_answer(cs, pickup)
    row = Task.get_by_id(pickup)
    assert result.escalated and (row.attempts, row.role, row.outcome) == (3, "supervisor", "escalated")
    assert len(_tries(pickup)) == 3


def test_not_in_room_follows_the_same_rule_and_counts_a_double_press_once(center, frozen_clock):
    nurse = center.actor("nurse")
    frozen_clock.set(at(0, 17, 0))
    first = outcomes.not_in_room(nurse, center.tasks["v_chen"])  # day 1 visit
    assert first.due_at == at(1, 9, 0)  # not 18:00: the next morning
    frozen_clock.set(at(0, 17, 0).replace(second=3))
    again = outcomes.not_in_room(nurse, center.tasks["v_chen"])
    assert again.repeated_at is not None and Task.get_by_id(center.tasks["v_chen"]).attempts == 1


def test_a_call_pressed_twice_is_one_try_too(center, frozen_clock):
    cs = center.actor("cs")
    outcomes.no_answer(cs, center.tasks["cb_today"])
    frozen_clock.advance(seconds=5)
    assert outcomes.no_answer(cs, center.tasks["cb_today"]).repeated_at is not None
    assert Task.get_by_id(center.tasks["cb_today"]).attempts == 1


# -- the rule as data: refused at load with file, step and field ------------------------------------

def _book(extra: dict, **step) -> dict:
    return {"playbook": {"name": "t", "kinds": ["postpartum"]}, **extra,
            "steps": [{"id": "s1", "anchor": "admission", "channel": "in_person", "kind": "visit", "role": "nurse",
                       "title": {"zh": "t", "en": "t"}, "script": {"zh": "s", "en": "s"},
                       "why": {"zh": "§4.6.3", "en": "§4.6.3"}, **step}]}


def test_channel_defaults_apply_to_that_channel_and_a_step_s_own_rule_wins():
    rule = {"retry_after": "1 hour", "within": "day"}
    book = playbook.build(_book({"defaults_by_channel": {"in_person": {"outcome": rule}}}), "t.toml")
    assert book.step("s1").outcome.within.name == "day"
    own = playbook.build(_book({"defaults_by_channel": {"in_person": {"outcome": rule}}},
                               outcome={"retry_after": "3 hours"}), "t.toml")
    assert own.step("s1").outcome.within is None and own.step("s1").outcome.retry_after.amount == 3


@pytest.mark.parametrize("extra, step, words", [
    ({"defaults_by_channel": {"pigeon": {}}}, {}, "defaults_by_channel: unknown channel 'pigeon'"),
    ({}, {"outcome": {"retry_after": "1 hour", "apart": "2 hours"}}, "step s1: outcome.apart"),
    ({}, {"outcome": {"within": "exact"}}, "step s1: outcome.within"),
    ({}, {"outcome": {"retry_after": "1 day", "within": "day"}}, "needs retry_after in minutes or hours"),
])
def test_bad_retry_rules_are_refused_at_load(extra, step, words):
    with pytest.raises(SeedError, match=words):
        playbook.build(_book(extra, **step), "t.toml")
