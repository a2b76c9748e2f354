"""The board with a planning notice for the office (80x24, 160x45; zh and en): one line over the
floors names the guest planning skips, her room and step; without failures the board is as before."""
from __future__ import annotations

import pytest

from store import clock
from store.models import PlanFailure
from tests.screens.center import actor
from tests.screens.helpers import build_app, settle

SIZES = [(80, 24), (160, 45)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_board_with_a_planning_notice(center, frozen_clock, snap_compare, lang, size):
    PlanFailure.create(guest=center["702"], playbook="postpartum", step="visit_day2",
                       error="OverflowError: date value out of range", first_at=clock.now(), at=clock.now())
    app = build_app(frozen_clock, lang=lang, actor=actor())

    async def ready(pilot):
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)
