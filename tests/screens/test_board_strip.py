"""The board's arrivals and departures fit the width: names that fit, then how many more."""
from __future__ import annotations

from types import SimpleNamespace as Move

import pytest
from rich.cells import cell_len

from screens.board_strip import moves_line
from tui import i18n

ARRIVALS = [Move(room="807", name="卢梦瑶", done=True), Move(room="809", name="胡春梅", done=False),
            Move(room="702", name="汪秀英", done=False)]
DEPARTURES = [Move(room="704", name="梁晓雯", done=False), Move(room="607", name="姚海燕", done=False)]


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


def test_a_line_that_fits_is_whole():
    assert moves_line(ARRIVALS, DEPARTURES, 160) == (
        "今日入住 3: 807 卢梦瑶(已), 809 胡春梅, 702 汪秀英   今日离店 2: 704 梁晓雯, 607 姚海燕")


@pytest.mark.parametrize("width", [78, 60, 40, 24])
def test_at_80_columns_no_list_is_cut_mid_name_and_both_counts_show(width):
    line = moves_line(ARRIVALS, DEPARTURES, width)
    assert cell_len(line) <= width and "今日入住 3" in line and "今日离店 2" in line
    assert not line.rstrip().endswith(",")


def test_the_list_that_fits_stays_whole_and_the_other_says_how_many_more():
    assert moves_line(ARRIVALS[:1], DEPARTURES, 64) == "今日入住 1: 807 卢梦瑶(已)   今日离店 2: 704 梁晓雯, 607 姚海燕"
    assert moves_line(ARRIVALS[:1], DEPARTURES, 60) == "今日入住 1: 807 卢梦瑶(已)   今日离店 2: 704 梁晓雯 +1"
    assert moves_line(ARRIVALS, DEPARTURES, 78) == "今日入住 3: 807 卢梦瑶(已), 809 胡春梅 +1   今日离店 2: 704 梁晓雯, 607 姚海燕"
    assert moves_line(ARRIVALS, DEPARTURES, 60) == "今日入住 3: 807 卢梦瑶(已) +2   今日离店 2: 704 梁晓雯 +1"


def test_nothing_arriving_says_so():
    assert moves_line([], DEPARTURES, 78).startswith("今日入住: 无")


def _every_split(arrivals, departures, width):
    """The first version, kept as the reference: try every split of the width, re-measuring."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("reference_strip", Path(__file__).with_name("board_strip_reference.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.moves_line(arrivals, departures, width)


@pytest.mark.parametrize("seed", range(40))
def test_measuring_once_finds_the_line_that_trying_every_split_finds(seed):
    import random

    rng = random.Random(seed)
    names = ["卢梦瑶", "胡春梅", "汪秀英", "梁晓雯", "Ann Lee", "欧阳娜娜", "李"]
    def moves(n):
        return [Move(room=rng.choice(["807", "1203", ""]), name=rng.choice(names), done=rng.random() < 0.3)
                for _ in range(n)]
    arrivals, departures = moves(rng.randrange(0, 14)), moves(rng.randrange(0, 14))
    for width in (10, 24, 40, 58, 78, 118, 158, 400):
        assert moves_line(arrivals, departures, width) == _every_split(arrivals, departures, width), width
