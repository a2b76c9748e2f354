"""Pilot tests of the board: cursor keys, filter, floors, guest file, palette and help."""
from __future__ import annotations

from textual.command import CommandPalette

from screens.board import BoardScreen
from screens.guest_file import GuestFileScreen
from screens.help import HelpScreen
from tests.screens.center import actor
from tests.screens.helpers import build_app, run, screen_text, settle


def _cursor(app) -> str:
    card = app.screen.current_card()
    return card.card.number if card else ""


@run
async def test_arrows_and_hjkl_move_across_the_grid_and_floors(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and _cursor(app) == "601"
        assert app.screen.columns() == 5
        await pilot.press("right", "l")
        assert _cursor(app) == "603"
        await pilot.press("down")
        assert _cursor(app) == "608"
        await pilot.press("j")  # past the last row of floor 6: same column on floor 7
        assert _cursor(app) == "703"
        await pilot.press("k", "h", "left")
        assert _cursor(app) == "606"
        await pilot.press("up", "up")  # stays on the top row
        assert _cursor(app) == "601"


@run
async def test_wide_terminal_puts_a_floor_on_one_row(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.screen.columns() == 10
        await pilot.press("down")
        assert _cursor(app) == "701"
        text = screen_text(app)
        assert all(f"{floor} rooms" in text for floor in ("Floor 6  10", "Floor 7  10", "Floor 8  10"))
        assert "806 D21/28" in text  # the last floor's cards are on screen


@run
async def test_digits_jump_to_a_floor(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        assert _cursor(app) == "801"
        assert "801 D2/26" in screen_text(app)  # scrolled into view
        await pilot.press("6")
        assert _cursor(app) == "601"
        await pilot.press("1")  # no floor 1: the first floor
        assert _cursor(app) == "601"


@run
async def test_filter_by_pinyin_initials_then_open_the_guest_file_and_come_back(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right")
        await pilot.press("slash", "z", "x", "h")
        cards = [c.card.number for cards in app.screen.visible_cards() for c in cards]
        assert cards == ["601"] and _cursor(app) == "601"
        await pilot.press("enter", "enter")  # keep the filter, then open
        await settle(pilot)
        assert isinstance(app.screen, GuestFileScreen)
        text = screen_text(app)
        assert "张晓红" in text and "产后血压偏高" in text and "13800001234" in text
        assert "张晓红 (Ms. Zhang)" in text and "女士" not in text  # the stored 张女士, as the scripts say it
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.query_text == "zxh"
        assert app.focused is None  # back on the cards, not in the filter box (arrows move the cursor)
        await pilot.press("escape")  # clears the filter
        assert len([c for cards in app.screen.visible_cards() for c in cards]) == 30
        assert _cursor(app) == "601"


@run
async def test_filter_by_room_and_phone_tail(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"7777")
        assert [c.card.number for cards in app.screen.visible_cards() for c in cards] == ["801"]
        await pilot.press(*["backspace"] * 4, "7")
        assert len([c for cards in app.screen.visible_cards() for c in cards]) == 10
        assert "Floor 6" not in screen_text(app)


@run
async def test_enter_on_a_vacant_room_says_there_is_no_guest(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "right", "right", "enter")  # 605
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert any("605" in n.message for n in app._notifications)


@run
async def test_nurse_guest_file_hides_money_and_masks_phone(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor("nurse", name="李护士"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.show_screen("guest_file", guest_id=center["601"])
        await settle(pilot)
        text = screen_text(app)
        assert "138****1234" in text and "13800001234" not in text
        assert "C000" not in text and "(hidden)" in text


@run
async def test_help_lists_every_key_of_the_board(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Open file", "Filter", "Jump to floor", "Up", "Left", "Quit", "Lock", "Commands"):
            assert words in text, words
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


@run
async def test_palette_finds_a_guest_by_initials_and_opens_her_file(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"cml")
        for _ in range(20):
            await pilot.pause(0.05)
            if "陈美玲" in screen_text(app):
                break
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GuestFileScreen) and app.screen.guest_id == center["607"]


@run
async def test_palette_jumps_to_a_room(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Room 705")
        for _ in range(20):
            await pilot.pause(0.05)
            if "705" in str(app.screen.query("Option").first().renderable if app.screen.query("Option") else ""):
                break
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and _cursor(app) == "705"


@run
async def test_a_on_an_occupied_room_offers_its_guest_actions_and_enter_opens_the_form(center, frozen_clock):
    from screens.dialogs.guest_actions import GuestActionsDialog
    from screens.forms.discharge import DischargeForm

    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _cursor(app) == "601"
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GuestActionsDialog)
        offered = [o.action.screen for o in app.screen.offers]
        assert "discharge" in offered and "admit" not in offered  # 601's guest is in house
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("a")
        await settle(pilot)
        for _ in range(offered.index("discharge")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DischargeForm)


@run
async def test_palette_runs_a_key_of_the_current_screen_by_its_name(center, frozen_clock):
    from screens.dialogs.guest_actions import GuestActionsDialog

    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Key: Actions")
        for _ in range(20):
            await pilot.pause(0.05)
            if "(a)" in screen_text(app):
                break
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GuestActionsDialog)


@run
async def test_palette_actions_work_before_sign_in_and_screens_do_not_show(center, frozen_clock):
    app = build_app(frozen_clock)  # the login screen: nobody signed in
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        for _ in range(20):
            await pilot.pause(0.05)
            if "Action:" in screen_text(app):
                break
        text = screen_text(app)
        assert "Action: Quit" in text
        assert "Screen:" not in text  # no jumping to screens before sign-in
        await pilot.press(*"contrast")
        for _ in range(20):
            await pilot.pause(0.05)
            if "contrast" in screen_text(app).lower():
                break
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "carefloor-contrast"


@run
async def test_slash_and_the_query_in_one_burst_all_go_into_the_filter(center, frozen_clock):
    """'/80' in one packet (ssh, a fast typist): the digits filter, they do not jump to floor 8."""
    from textual import events

    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, char in [("slash", "/"), ("8", "8"), ("0", "0"), ("1", "1")]:
            app._driver.send_message(events.Key(key, char))  # no wait between keys
        await settle(pilot)
        assert app.screen.query_text == "801"
        assert [c.card.number for cards in app.screen.visible_cards() for c in cards] == ["801"]
        await pilot.press("slash")  # in the box, "/" is text
        assert app.screen.query_text == "801/"


@run
async def test_keys_typed_right_behind_a_reach_the_actions_menu_not_the_board(center, frozen_clock):
    """'a', Down, Enter in one burst (ssh, a fast typist): the menu's second action opens; the
    keys must not be lost before the menu's list has focus, nor reach the board beneath."""
    from textual import events

    from screens.dialogs.guest_actions import GuestActionsDialog

    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = []
        original = app.show_screen
        app.show_screen = lambda name, **kw: chosen.append(name) or original(name, **kw)
        await pilot.press("a")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, GuestActionsDialog) and len(menu.offers) >= 2
        second = menu.offers[1].action.screen
        await pilot.press("escape")
        await settle(pilot)
        for key, char in [("a", "a"), ("down", None), ("enter", None)]:
            app._driver.send_message(events.Key(key, char))  # no wait between keys
        await settle(pilot)
        assert chosen == [second]


@run
async def test_filter_then_enter_enter_in_one_burst_opens_the_guest_file(center, frozen_clock):
    """'/601', Enter, Enter in one packet: the second Enter reached the box before the first
    had left it, and was lost (tmux, 2026-12-06); it opens the file, as typed slowly."""
    from textual import events

    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [("slash", "/"), ("6", "6"), ("0", "0"), ("1", "1"), ("enter", "\r"), ("enter", "\r")]
        for key, char in keys:
            app._driver.send_message(events.Key(key, char))  # no wait between keys
        await settle(pilot)
        assert isinstance(app.screen, GuestFileScreen) and "张晓红" in screen_text(app)
