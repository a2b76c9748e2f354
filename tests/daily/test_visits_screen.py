"""Visits screen through Pilot: the list, the script, and each outcome key saved in the store."""
from __future__ import annotations

import pytest

from screens.visits import VisitsScreen
from store.models import Complaint, ContactLog, Task
from tests.daily.app_helpers import daily_app, settle
from tests.daily.fixtures import build_center


@pytest.fixture
def center(sqlite_store):
    return build_center()


async def _visits(pilot) -> VisitsScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, VisitsScreen)
    await settle(pilot, screen, loads=1)
    return screen


async def _select(pilot, screen, guest_name):
    index = [r.guest_name for r in screen.rows].index(guest_name)
    screen.query_one("DataTable").move_cursor(row=index)
    await settle(pilot)


async def test_nurse_lands_on_todays_visits_by_room(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _visits(pilot)
        assert [(r.room, r.day_of_stay) for r in screen.rows] == [("601", 2), ("602", 5), ("603", 1)]
        assert "0/3 done" in str(screen.query_one("#visits-summary").render())


async def test_d_marks_done_and_list_shows_it(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _visits(pilot)
        await _select(pilot, screen, "李娜")
        await pilot.press("d")
        await settle(pilot, screen, loads=2)
        assert Task.get_by_id(center.tasks["v_li"]).status == "done"
        row = next(r for r in screen.rows if r.guest_name == "李娜")
        assert (row.status, row.done_by) == ("done", "李护士")
        assert "1/3 done" in str(screen.query_one("#visits-summary").render())


async def test_d_on_a_visit_someone_else_did_says_who(center):
    from store import outcomes

    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _visits(pilot)
        await _select(pilot, screen, "王小红")
        outcomes.done(center.actor("nurse2"), center.tasks["v_wang"])  # another terminal, just before
        await pilot.press("d")
        await settle(pilot)
        assert any("already done by 张护士 at 10:00" in n.message for n in app._notifications)
        assert ContactLog.select().where(ContactLog.task == center.tasks["v_wang"]).count() == 1


async def test_r_not_in_room_keeps_it_open_for_later(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _visits(pilot)
        await _select(pilot, screen, "陈静")
        await pilot.press("r")
        await settle(pilot, screen, loads=2)
        task = Task.get_by_id(center.tasks["v_chen"])
        assert (task.status, task.attempts, task.outcome) == ("open", 1, "not_in_room")


async def test_s_skip_needs_a_reason_typed_in_the_prompt(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _visits(pilot)
        await _select(pilot, screen, "陈静")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter")  # empty: refused inline
        await settle(pilot)
        assert "Please type something" in str(app.screen.query_one("#prompt-error").render())
        await pilot.press(*"asleep")
        await pilot.press("enter")
        await settle(pilot, screen, loads=2)
        task = Task.get_by_id(center.tasks["v_chen"])
        assert (task.status, task.reason) == ("skipped", "asleep")


async def test_i_done_with_issue_and_complaint(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _visits(pilot)
        await _select(pilot, screen, "王小红")
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = "noisy AC"
        app.screen.query_one("#prompt-option").value = True
        await pilot.press("enter")
        await settle(pilot, screen, loads=2)
        task = Task.get_by_id(center.tasks["v_wang"])
        assert (task.status, task.outcome) == ("done", "done_with_issue")
        assert Complaint.get().what == "noisy AC"


async def test_f_cycles_floor_filter(center):
    app = daily_app(center, "nurse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _visits(pilot)
        await pilot.press("f")
        await settle(pilot, screen, loads=2)
        assert screen.floor == 6 and len(screen.rows) == 3
        await pilot.press("f")
        await settle(pilot, screen, loads=3)
        assert screen.floor is None


def test_a_long_chinese_checklist_item_keeps_its_bullet_on_its_line():
    """At 80 columns the script pane is ~32 cells: the bullet must not stay behind alone."""
    from rich.console import Console

    from screens.visits import script_text
    from store.daily import Script
    from tui import i18n

    i18n.set_language("zh")
    script = Script("第5天探访", "", ("月子餐口味和分量反馈已转营养师", "忌口和过敏已核对"), "", "in_person")
    console = Console(width=32, record=True, color_system=None)
    console.print(script_text("汪思涵", "609", script))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert any(line.startswith(" ・月子餐口味") for line in lines) and " ・忌口和过敏已核对" in lines
    assert all(line.strip() not in ("-", "・") for line in lines)


def test_a_wrapped_english_checklist_item_goes_on_under_its_text():
    """Rich's wrap started the second line at the pane's edge, under the bullet."""
    from rich.console import Console

    from screens.visits import script_text
    from store.daily import Script
    from tui import i18n

    i18n.set_language("en")
    try:
        item = "Feedback on the taste and portions of confinement meals passed to the dietitian"
        script = Script("Day 5 visit", "", (item, "Diet restrictions checked"), "", "in_person")
        console = Console(width=32, record=True, color_system=None)
        console.print(script_text("Wang Sihan", "609", script, width=32))
        lines = [line.rstrip() for line in console.export_text().splitlines()]
        start = lines.index(" - Feedback on the taste and")
        assert lines[start + 1:start + 4] == ["   portions of confinement meals", "   passed to the dietitian",
                                              " - Diet restrictions checked"]
        assert all(len(line) <= 32 for line in lines)
    finally:
        i18n.set_language("zh")
