"""The wall display: masked names only (snapshots at 80x24 and 160x45, zh and en), no health data, live."""
from __future__ import annotations

import pytest

from store.models import Guest, Note
from store.wall import HIDDEN, Masked, load_wall, mask
from tests.screens.center import build_center
from tests.screens.helpers import run, screen_text, settle
from tui import i18n

SIZES = [(80, 24), (160, 45)]


@pytest.fixture
def wall_center(sqlite_store, frozen_clock):
    build_center()
    yield
    i18n.set_language("zh")


def wall_app(lang: str):
    from screens.wall import WallApp

    i18n.set_language(lang)
    return WallApp(poll_ms=100)


@pytest.mark.parametrize("name, masked", [
    ("张晓红", Masked("张", "Z")), ("欧阳娜娜", Masked("欧阳", "O")), ("王", Masked("王", "W")),
    ("诸葛亮", Masked("诸葛", "Z")), ("司马相如", Masked("司马", "S")), ("上官婉儿", Masked("上官", "S")),
    (" 李娜 ", Masked("李", "L")), ("肖雅", Masked("肖", "X")),
    # no Chinese surname first: nothing of the name, the room alone (a prefix may tell a family detail)
    ("VIP王美丽", HIDDEN), ("(二胎)李娜娜", HIDDEN), ("（二胎）李娜娜", HIDDEN), ("Mary Chen", HIDDEN),
    ("宝妈", HIDDEN), ("", HIDDEN), ("\x1b[31m王美丽", HIDDEN), ("\u202e王美丽", HIDDEN),
])
def test_mask(name, masked):
    assert mask(name) == masked
    assert bool(mask(name)) == bool(masked.surname)


def test_wall_data_carries_no_health_or_contact_fields(wall_center):
    wall = load_wall()
    fields = set(type(wall.cards[0]).__dataclass_fields__)
    assert not fields & {"name", "phone", "allergies", "flags", "baby", "health_notes", "initials"}
    card = next(c for c in wall.cards if c.number == "601")
    assert (card.guest, card.day, card.days) == (Masked("张", "Z"), 3, 28)


def forbidden_words() -> set[str]:
    """Every full name, given name and phone tail in the center: none may appear on the wall."""
    words = set()
    for guest in Guest.select():
        words |= {guest.name, guest.phone_last4}
        if guest.name.isascii():
            words.add(guest.name.split()[0])  # Mary of Mary Chen
        else:
            words.add(guest.name.removeprefix(mask(guest.name).surname))  # 晓红 of 张晓红
    return {w for w in words if w}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_wall_snapshot_shows_no_unmasked_name(wall_center, snap_compare, lang, size):
    app = wall_app(lang)
    seen = {}

    async def ready(pilot):
        await settle(pilot)
        seen["text"] = screen_text(app)

    assert snap_compare(app, terminal_size=size, run_before=ready)
    text = seen["text"]
    assert ("张女士" if lang == "zh" else "Ms. Z.") in text
    leaked = sorted(w for w in forbidden_words() if w in text)
    assert leaked == []
    assert "青霉素" not in text and "海鲜" not in text  # allergies of 601 and 806
    health = "过敏" if lang == "zh" else "allerg"
    assert health not in text.lower()


@run
async def test_wall_refreshes_live_and_only_q_does_anything(wall_center, frozen_clock):
    from store.writes import SYSTEM, write

    app = wall_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        loads = app.screen.loads
        guest = Guest.get(Guest.name == "李静")
        write(SYSTEM, "guest.update", lambda tx: (
            Guest.update(do_not_disturb=True).where(Guest.id == guest.id).execute(),
            tx.record("guest", guest.id, None, {"do_not_disturb": True}, guest=guest.id)))
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen.loads > loads
        card = next(c for c in app.screen.cards if c.card.number == "602")
        assert card.card.dnd
        await pilot.press("ctrl+p", "slash", "enter", "n")
        await settle(pilot)
        assert type(app.screen).__name__ == "WallScreen" and len(app.screen_stack) == 2
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert Note.select().count() == 0
