"""Snapshots of the board (80x24, 160x45; zh and en) and the guest file, on the fixture center at a frozen clock."""
from __future__ import annotations

import pytest

from tests.screens.center import actor, history
from tests.screens.helpers import build_app, settle

SIZES = [(80, 24), (160, 45)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_board(center, frozen_clock, snap_compare, lang, size):
    app = build_app(frozen_clock, lang=lang, actor=actor())

    async def ready(pilot):
        await settle(pilot)
        await pilot.press("right")  # cursor on 602

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_board_filtered_by_initials(center, frozen_clock, snap_compare, lang):
    app = build_app(frozen_clock, lang=lang, actor=actor())

    async def ready(pilot):
        await settle(pilot)
        await pilot.press("slash", *"zx")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_guest_file(center, frozen_clock, snap_compare, lang):
    history(center["601"], actor())
    app = build_app(frozen_clock, lang=lang, actor=actor())

    async def ready(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


def test_help_on_the_board(center, frozen_clock, snap_compare):
    app = build_app(frozen_clock, lang="zh", actor=actor())

    async def ready(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
