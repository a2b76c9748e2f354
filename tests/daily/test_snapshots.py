"""Snapshots of the visits and callbacks screens (80x24, 160x45; zh and en) on the small fixture center."""
from __future__ import annotations

import pytest

from screens.callbacks import CallbacksScreen
from screens.visits import VisitsScreen
from tests.daily.app_helpers import daily_app, settle, wait_until
from tests.daily.fixtures import build_center

SIZES = [(80, 24), (160, 45)]


@pytest.fixture
def center(sqlite_store):
    return build_center()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_visits(center, snap_compare, lang, size):
    app = daily_app(center, "nurse", lang=lang)

    async def ready(pilot):
        await _loaded(pilot, VisitsScreen)
        await pilot.press("down")  # 602, day 5: the script panel follows the cursor
        await wait_until(pilot, lambda: "602" in str(pilot.app.screen.query_one("#visit-script").render()))

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_callbacks(center, snap_compare, lang, size):
    app = daily_app(center, "cs", lang=lang)

    async def ready(pilot):
        await _loaded(pilot, CallbacksScreen)
        await pilot.press("down", "enter")  # today's call, with its script and history
        await wait_until(pilot, lambda: "601" in str(pilot.app.screen.query_one("#cb-detail-text").render()))

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reschedule_with_bad_input(center, snap_compare, lang):
    app = daily_app(center, "cs", lang=lang)

    async def ready(pilot):
        await _loaded(pilot, CallbacksScreen)
        await pilot.press("t")
        await settle(pilot)
        pilot.app.screen.query_one("#when-input").value = "someday"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def _loaded(pilot, cls) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, cls) and pilot.app.screen.loads >= 1)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reschedule_warns_earlier_and_outside_her_window(center, frozen_clock, snap_compare, lang, size):
    """`+2h` at 11:03 on her call due tomorrow 10:00: the preview and both warnings, after one Enter."""
    from store.models import Task
    from tests.daily.fixtures import at

    Task.update(due_at=at(1, 10)).where(Task.id == center.tasks["cb_today"]).execute()
    frozen_clock.set(at(0, 11, 3))
    app = daily_app(center, "cs", lang=lang)

    async def ready(pilot):
        await _loaded(pilot, CallbacksScreen)
        screen = pilot.app.screen
        screen.query_one("DataTable").move_cursor(row=[r.task.id for r in screen.rows].index(center.tasks["cb_today"]))
        await pilot.press("t")  # her call (王小红), due tomorrow 10:00, afternoon window
        await settle(pilot)
        await pilot.press(*"+2h", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)
