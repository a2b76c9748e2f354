"""Callbacks screen through Pilot: buckets, filters, details, and every outcome key."""
from __future__ import annotations

import pytest

from screens.callbacks import CallbacksScreen
from store.models import Case, ContactLog, Event, Guest, Task
from tests.daily.app_helpers import daily_app, settle
from tests.daily.fixtures import at, build_center


@pytest.fixture
def center(sqlite_store):
    return build_center()


async def _callbacks(pilot) -> CallbacksScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CallbacksScreen)
    await settle(pilot, screen, loads=1)
    return screen


async def _select(pilot, screen, key, center):
    index = [r.task.id for r in screen.rows].index(center.tasks[key])
    screen.query_one("DataTable").move_cursor(row=index)
    await settle(pilot)


def _status(center, key):
    return Task.get_by_id(center.tasks[key])


async def test_customer_service_sees_overdue_today_upcoming_with_masking_by_role(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        got = [(r.bucket, r.task.title) for r in screen.rows]
        assert got == [("overdue", "出所3天回访"), ("today", "住院期间关怀电话"), ("today", "签约当天短信"),
                       ("upcoming", "出所一个月关怀")]
        assert screen.rows[0].task.phone == "13500005555"  # customer service may see full numbers


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_phone_number_fits_on_an_80_column_terminal(center, lang):
    app = daily_app(center, "cs", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _callbacks(pilot)
        table = screen.query_one("DataTable")
        left = 0
        for column in table.ordered_columns:
            if column.key.value == "phone":
                break
            left += column.get_render_width(table)
        assert left + column.get_render_width(table) <= 80, "the number is off screen; a caller would have to scroll"


@pytest.mark.parametrize("lang, why, label", [
    ("zh", "§4.3.1 1.6 生产住院期间电话或短信跟进；§4.5.1 2.2-2.3", "依据: "),
    ("en", "§4.3.1 1.6 follow-up during the hospital stay; §4.5.1 2.2-2.3", "Why: "),
])
async def test_why_column_and_script_panel_speak_the_session_language(center, lang, why, label):
    Task.update(why="a rule the step no longer has").where(Task.id == center.tasks["cb_later"]).execute()
    Task.update(step="removed_step").where(Task.id == center.tasks["cb_later"]).execute()
    app = daily_app(center, "cs", lang=lang)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        table = screen.query_one("DataTable")
        cell = lambda key: str(table.get_cell(str(center.tasks[key]), "why"))  # noqa: E731
        assert cell("cb_today") == why
        assert cell("cb_later") == "a rule the step no longer has"  # not in the playbook: the stored text
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("enter")
        await settle(pilot)
        assert label + why in str(screen.query_one("#cb-detail-text").render())


async def test_nurse_role_filter_masks_phones(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.show_screen("callbacks")
        screen = await _callbacks(pilot)
        assert screen.rows == []  # the nurse's own role has no calls
        for loads in range(2, 8):  # role: nurse -> supervisor -> all -> customer service
            await pilot.press("o")
            await settle(pilot, screen, loads=loads)
            if screen.filters["role"] == "customer_service":
                break
        assert "customer_service" == screen.filters["role"] and "Customer service" in str(
            screen.query_one("#cb-filters").render())
        assert screen.rows and all("****" in r.task.phone for r in screen.rows)


async def test_filters_channel_kind_mine_floor(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await pilot.press("h")  # channel: phone
        await settle(pilot, screen, loads=2)
        assert {r.task.channel for r in screen.rows} == {"phone"}
        await pilot.press("h", "h")  # sms, then wechat
        await settle(pilot, screen, loads=4)
        assert [r.task.channel for r in screen.rows] == ["wechat"]
        await pilot.press("h", "h")  # in person, then all again
        await pilot.press("k", "k")  # kind: message
        await settle(pilot, screen, loads=8)
        assert [r.task.kind for r in screen.rows] == ["message"]
        await pilot.press("k", "f")  # kind all; floor 6: only guests in house on floor 6
        await settle(pilot, screen, loads=10)
        assert {r.task.guest_name for r in screen.rows} == {"王小红", "李娜"}
        await pilot.press("f", "m")
        await settle(pilot, screen, loads=12)
        assert screen.rows == []  # nothing is assigned to this person by name


async def test_enter_shows_script_and_history(center):
    from store import notes

    notes.add_note(center.actor("nurse"), "601 baby jaundice gone")
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("enter")
        await settle(pilot)
        detail = str(screen.query_one("#cb-detail-text").render())
        assert screen.query_one("#cb-detail").display
        assert "Follow-up during the hospital stay" in detail and "Ms. Wang" in detail
        assert "baby jaundice gone" in detail and "afternoon" in detail
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.query_one("#cb-detail").display


async def test_r_reached_with_note(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = "all well"
        await pilot.press("enter")
        await settle(pilot, screen, loads=2)
        assert _status(center, "cb_today").status == "done"
        assert ContactLog.get(ContactLog.task == center.tasks["cb_today"]).note == "all well"
        assert center.tasks["cb_today"] not in [r.task.id for r in screen.rows]


async def test_t_reschedule_bad_input_is_explained_and_nothing_saved(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        events = Event.select().count()
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#when-input").value = "someday"
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one("#when-error").render())
        assert "Cannot read" in error and "tomorrow 15:00" in error
        assert Event.select().count() == events and _status(center, "cb_today").due_at == at(0, 14)
        app.screen.query_one("#when-input").value = "tomorrow 15:00"
        assert str(app.screen.query_one("#when-warning").render()) == ""  # later, in her afternoon: one Enter
        await pilot.press("enter")
        await settle(pilot, screen, loads=2)
        task = _status(center, "cb_today")
        assert (task.due_at, task.outcome, task.status) == (at(1, 15), "rescheduled", "open")


async def test_t_plus_2h_counts_from_now_and_warns_before_moving_a_call_earlier(center, frozen_clock):
    """The issue: a callback due tomorrow 10:00, `t` `+2h` at 11:03 moved it to today 13:03 without a
    word - earlier than it was due and outside her afternoon. Now the preview says both, the first
    Enter saves nothing, the second keeps the time the person chose (counted from now)."""
    Task.update(due_at=at(1, 10)).where(Task.id == center.tasks["cb_today"]).execute()
    frozen_clock.set(at(0, 11, 3))
    app = daily_app(center, "cs")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"+2h")
        await settle(pilot)
        dialog = app.screen
        assert str(dialog.query_one("#when-preview").render()) == "= 2026-11-23 13:03"
        warning = str(dialog.query_one("#when-warning").render())
        assert "earlier than it is due now (2026-11-24 10:00)" in warning
        assert "outside her call window 14:00-17:30" in warning
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and "Enter again" in str(dialog.query_one("#when-error").render())
        assert _status(center, "cb_today").due_at == at(1, 10)
        await pilot.press("enter")
        await settle(pilot, screen, loads=2)
        assert _status(center, "cb_today").due_at == at(0, 13, 3)


async def test_t_reschedule_chinese_form(center):
    app = daily_app(center, "cs", lang="zh")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#when-input").value = "周五上午"
        await pilot.press("enter")  # 09:00 is outside her afternoon: said, kept on a second Enter
        await settle(pilot)
        assert "方便接电话的时段 14:00-17:30" in str(app.screen.query_one("#when-warning").render())
        await pilot.press("enter")
        await settle(pilot, screen, loads=2)
        assert _status(center, "cb_today").due_at == at(4, 9)


async def test_b_busy_call_back_at(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"+2h")
        await pilot.press("enter", "enter")  # 12:00: before her 14:00 call and her afternoon; she asked for it
        await settle(pilot, screen, loads=2)
        task = _status(center, "cb_today")
        assert (task.due_at, task.attempts, task.outcome) == (at(0, 12), 1, "busy")


async def test_s_skip_with_reason_and_esc_cancels(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_overdue", center)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert _status(center, "cb_overdue").status == "open"
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = "wrong number"
        await pilot.press("enter")
        await settle(pilot, screen, loads=2)
        assert (_status(center, "cb_overdue").status, _status(center, "cb_overdue").reason) == ("skipped", "wrong number")


async def test_shift_d_do_not_disturb_asks_first(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_overdue", center)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert Guest.get_by_id(center.guests["past"]).do_not_disturb is False
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, screen, loads=2)
        assert Guest.get_by_id(center.guests["past"]).do_not_disturb is True
        assert _status(center, "cb_later").status == "cancelled"
        assert [r.task.guest_name for r in screen.rows if r.task.guest_name == "吴芳"] == []


async def test_v_converted_for_an_aesthetics_lead(center):
    app = daily_app(center, "consultant")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        assert [r.task.title for r in screen.rows] == ["咨询后第3天回访", "咨询后一个月内回访"][:1]
        await pilot.press("v")
        await settle(pilot, screen, loads=2)
        assert Case.get().converted_on is not None
        assert _status(center, "lead_m1").status == "cancelled"


async def test_v_refused_for_a_postpartum_call(center):
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("v")
        await settle(pilot)
        assert _status(center, "cb_today").status == "open"
        assert any("aesthetics" in n.message for n in app._notifications)


async def test_c_copies_sms_text_and_logs_it_sent(center):
    app = daily_app(center, "cs")
    copied = []
    async with app.run_test(size=(160, 45)) as pilot:
        app.copy_to_clipboard = copied.append
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_today", center)
        await pilot.press("c")  # a phone call: refused
        await settle(pilot)
        assert copied == []
        await _select(pilot, screen, "sms_today", center)
        await pilot.press("c")
        await settle(pilot, screen, loads=2)
        await settle(pilot)
        assert copied and copied[0]
        log = ContactLog.get(ContactLog.task == center.tasks["sms_today"])
        assert (log.outcome, log.note) == ("sent", copied[0])


async def test_x_no_answer_reschedules_by_rule(center, monkeypatch):
    from store import schedule

    monkeypatch.setattr(schedule, "step_for", lambda playbook, step_id: None)  # default: 2 hours, 3 tries
    app = daily_app(center, "cs")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "cb_overdue", center)
        await pilot.press("x")
        await settle(pilot, screen, loads=2)
        task = _status(center, "cb_overdue")
        assert (task.attempts, task.due_at, task.status) == (1, at(0, 12), "open")
        row = next(r for r in screen.rows if r.task.id == task.id)
        assert (row.bucket, row.task.attempts) == ("today", 1)
        assert any("Next try: 12:00" in n.message for n in app._notifications)


async def test_x_on_an_in_person_pick_up_goes_later_today_and_a_triple_press_is_one_try(center, frozen_clock):
    """The issue: `x` on the hospital pick-up went to "now" and three quick presses escalated it."""
    from tests.daily.fixtures import task

    pickup = task(center, "pickup", "wang", kind="checklist", step="hospital_pickup", due=at(0, 9),
                  role="customer_service", channel="in_person", title="到医院迎接出院", anchor="hospital_discharge",
                  stay=center.tasks["stay_wang"])
    Task.update(window_end=at(0, 17, 30)).where(Task.id == pickup).execute()
    app = daily_app(center, "cs")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _callbacks(pilot)
        await _select(pilot, screen, "pickup", center)
        await pilot.press("x", "x", "x")
        await settle(pilot, screen, loads=2)
        row = Task.get_by_id(pickup)
        assert (row.due_at, row.attempts, row.role, row.status) == (at(0, 11), 1, "customer_service", "open")
        said = [n.message for n in app._notifications]
        assert any("Next try: 11:00" in m for m in said), said
        assert any("Tried at 10:00 already" in m for m in said), said
    assert ContactLog.select().where(ContactLog.task == pickup).count() == 1
