"""Pilot tests of the lifecycle forms: keyboard only, inline reasons, Esc asks, nothing half-saved."""
from __future__ import annotations


import pytest
from textual.widgets import Static

from screens.forms.base import FormScreen
from store.admit import admit
from store.models import Case, Complaint, SignOff, Stay, Survey
from tests.lifecycle.helpers import contract, noticed
from tests.lifecycle.pilot import error_of, open_form, settle, type_text
from tui.app import make_app

pytestmark = pytest.mark.usefixtures("sqlite_only")


async def fill_contract(pilot, phone="13800138000"):
    for text in ("Wang Li", phone, "HT-100"):
        await type_text(pilot, text)
        await pilot.press("tab")
    await pilot.press("enter", "down", "enter")  # first package in the list
    await pilot.press("tab")
    await pilot.press("tab")  # signed on: today, prefilled
    for text in ("2026-12-20", "20000", "3000"):
        await type_text(pilot, text)
        await pilot.press("tab")


async def test_new_contract_by_keyboard(center):
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "new_contract")
        await fill_contract(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), error_of(form, "package")
    stay = Stay.get(Stay.contract_no == "HT-100")
    assert (stay.guest.name, stay.package, stay.first_payment_cents) == ("Wang Li", "classic28", 2000000)


async def test_bad_phone_is_explained_inline_and_nothing_saved(center):
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "new_contract")
        await fill_contract(pilot, phone="12ab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not a phone number" in error_of(form, "phone")
        assert app.focused.id == "f-phone" and form.values()["name"] == "Wang Li"
        assert form.query_one("#e-phone").display and not form.query_one("#e-name").display  # no blank rows
    assert Stay.select().count() == 0


async def test_escape_asks_before_discarding(center):
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "complaint")
        await pilot.press("tab")
        await type_text(pilot, "guest husband")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not form  # the question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and form.values()["reporter"] == "guest husband"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert Complaint.select().count() == 0


async def test_admit_form_tells_who_took_the_room(center):
    stay_id = contract(center["manager"])
    other = contract(center["manager"], contract_no="HT-2", name="Li Na")
    admit(center["nurse"], other, "603")
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "admit", stay_id=stay_id)
        await type_text(pilot, "603")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "nurse-name" in str(form.query_one("#form-error", Static).render())
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "604")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert Stay.get_by_id(stay_id).room.number == "604"


async def test_discharge_blocked_then_manager_override(center):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 30)) as pilot:
        form = await open_form(pilot, "discharge", stay_id=stay_id)
        assert "Balance owed 68,000.00" in str(form.query_one("#form-info", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Room checked" in error_of(form, "checklist")
        for _ in range(3):  # the three required items come first
            await pilot.press("space", "tab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "unpaid balance" in str(form.query_one("#form-error", Static).render())
        form.query_one("#f-override_reason").focus()
        await type_text(pilot, "pays tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    stay = Stay.get_by_id(stay_id)
    assert stay.status == "discharged" and stay.checkout["override"]["reason"] == "pays tomorrow"


async def test_notice_signed_with_own_login(center):
    stay_id = noticed(center["manager"], name="Wang Li")
    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(80, 30)) as pilot:
        form = await open_form(pilot, "admission_notice", stay_id=stay_id)
        assert form.values()["room"] == "601"
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "nurse-name" in str(form.query_one("#signatures", Static).render())
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "nothing to sign" in str(form.query_one("#form-error", Static).render())
    assert [s.department for s in SignOff.select()] == ["nurses"]


async def test_consultation_and_survey_forms(center):
    stay_id = contract(center["manager"])
    app = make_app(None, lang="zh", actor=center["consultant"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "consultation")
        for text in ("Zhao Min", "13700137000"):
            await type_text(pilot, text)
            await pilot.press("tab")
        await pilot.press("enter", "down", "enter", "tab")
        await type_text(pilot, "eyelids")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = await open_form(pilot, "survey", stay_id=stay_id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(form, "nursing")  # every item needs a score
        for _ in range(6):
            await pilot.press("enter", "down", "enter", "tab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert Case.get().category == "new" and Survey.get().scores["meals"] == 5


async def test_an_unchosen_list_is_asked_for_under_its_field(center):
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "new_contract")
        for text in ("Wang Li", "13800138000", "HT-100"):
            await type_text(pilot, text)
            await pilot.press("tab")
        assert form.values()["package"] == ""  # nothing chosen reads as empty, not as a widget sentinel
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_of(form, "package")
    assert Stay.select().count() == 0


async def test_ctrl_s_right_after_fast_typing_saves_what_was_typed(center):
    """Keys arriving in one burst (a fast typist, a paste, ssh): Ctrl+S must not overtake the text."""
    from textual import events

    stay_id = contract(center["manager"])
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "admit", stay_id=stay_id)
        for key, char in [("6", "6"), ("0", "0"), ("4", "4"), ("ctrl+s", None)]:
            app._driver.send_message(events.Key(key, char))  # no wait between keys, as a terminal delivers them
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert Stay.get_by_id(stay_id).room.number == "604"


async def test_tab_in_a_burst_moves_the_following_keys_to_the_next_field(center):
    """'Wang<Tab>138' pasted or sent in one packet: the digits belong to the phone, not the name."""
    from textual import events

    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "new_contract")
        keys = [(c, c) for c in "Wang"] + [("tab", None)] + [(c, c) for c in "138"]
        for key, char in keys:
            app._driver.send_message(events.Key(key, char))
        await settle(pilot)
        assert (form.values()["name"], form.values()["phone"]) == ("Wang", "138")


async def test_space_and_tab_in_a_burst_tick_the_boxes_they_were_meant_for(center):
    """'space tab space tab space' on the discharge checklist ticks the first three items, not one."""
    from textual import events

    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 30)) as pilot:
        form = await open_form(pilot, "discharge", stay_id=stay_id)
        for key, char in [("space", " "), ("tab", None)] * 2 + [("space", " ")]:
            app._driver.send_message(events.Key(key, char))
        await settle(pilot)
        ticked = [key for key, value in form.values().items() if key.startswith("item_") and value]
        assert ticked == [key for key in form.values() if key.startswith("item_")][:3]


async def test_from_the_last_box_to_a_text_field_in_one_burst_nothing_typed_is_lost(center):
    from textual import events

    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 30)) as pilot:
        form = await open_form(pilot, "discharge", stay_id=stay_id)
        form.query_one("#f-item_referral").focus()  # the last box; the refund amount comes next
        await settle(pilot)
        keys = [("space", " "), ("tab", None)] + [(c, c) for c in "4500"]  # the prefilled 5000 is selected on entry
        for key, char in keys:
            app._driver.send_message(events.Key(key, char))
        await settle(pilot)
        assert form.values()["item_referral"] is True and form.values()["refund"] == "4500"


async def test_n_in_an_open_select_searches_it_and_does_not_open_a_note(center):
    """The quick note's 'n' is handled as it arrives, but not where the focus takes 'n' as text:
    an open list's type-to-search (and a text box)."""
    from textual.widgets import Select

    from screens.dialogs.quick_note import QuickNoteDialog

    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "new_contract")
        form.query_one(Select).focus()
        await pilot.press("enter")  # open the list
        await settle(pilot)
        assert type(app.focused).__name__ == "SelectOverlay"
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, QuickNoteDialog)
