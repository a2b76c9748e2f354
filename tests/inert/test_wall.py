"""The wall (no sign-in, in view of passers-by): a masked surname or the room alone, and nothing raw."""
from __future__ import annotations

import asyncio

import pytest

from store.models import Guest
from tests.inert.corpus import raw_in
from tests.inert.test_screens import planted_db, rendered  # noqa: F401 (fixture)
from tests.centers import copy_center
from tests.screens.center import build_center
from tests.screens.helpers import settle
from tui import i18n

PREFIXED = {"601": "VIP王美丽", "602": "(二胎)李娜娜", "604": "欧阳娜娜", "607": "诸葛晓雨", "702": "Mary Chen",
            "705": "【过敏】赵雪"}


def wall_text(lang: str, size=(160, 45)) -> str:
    from screens.wall import WallApp

    i18n.set_language(lang)

    async def run():
        app = WallApp(poll_ms=100)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            return rendered(app)

    try:
        return asyncio.run(run())
    finally:
        i18n.set_language("zh")


@pytest.fixture
def prefixed_center(sqlite_store, frozen_clock):
    build_center()
    for room, name in PREFIXED.items():
        guest = Guest.get(Guest.name == _name_in(room))
        Guest.update(name=name).where(Guest.id == guest.id).execute()


def _name_in(room: str) -> str:
    from tests.screens.center import IN_HOUSE

    return next(name for number, name, *_ in IN_HOUSE if number == room)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_prefixed_and_foreign_names_show_the_room_alone(prefixed_center, lang):
    text = wall_text(lang)
    for leaked in ("VIP", "王美丽", "美丽", "二胎", "娜娜", "晓雨", "Mary", "Chen", "过敏", "赵雪"):
        assert leaked not in text
    if lang == "zh":
        assert "欧阳女士" in text and "诸葛女士" in text and "王女士" not in text and "李女士" not in text
        assert "张女士" not in text  # 601's 张晓红 is now VIP王美丽
    else:
        assert "Ms. O." in text and "Ms. Z." in text
    for room in PREFIXED:
        assert room in text  # the room itself still shows


def test_the_wall_over_planted_text_shows_nothing_raw_and_no_name(planted_db, tmp_path, frozen_clock):
    from store import db as store_db

    path, _ = planted_db
    copy = tmp_path / "center.db"
    copy_center(path, copy)
    store_db.open_database(str(copy))
    try:
        for lang in ("zh", "en"):
            text = wall_text(lang)
            assert raw_in(text.replace("\n", "")) == []
            assert "[b]ZQ" in text  # the planted room number and center name, inert
            assert ("女士" if lang == "zh" else "Ms.") not in text  # every planted name starts with no surname
    finally:
        store_db.close()


@pytest.mark.parametrize("name, zh, en", [
    ("王美丽", "王小姐", "Ms. Wang"), ("欧阳娜娜", "欧阳小姐", "Ms. Ouyang"), ("龚小红", "龚小姐", "Ms. Gong"),
    ("VIP王美丽", "宝妈", "Mom"), ("(二胎)李娜娜", "宝妈", "Mom"),  # a prefix is no surname: the scripts say 宝妈
])
def test_scripts_address_her_by_the_same_surnames(name, zh, en):
    from store.scripts import salutation

    assert (salutation(name, "", "zh"), salutation(name, "", "en")) == (zh, en)
