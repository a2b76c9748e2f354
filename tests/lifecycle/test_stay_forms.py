"""Pilot tests of the stay forms opened from the guest's actions menu: car request, room readiness,
room change and payment. Keyboard only; a refusal is shown where it belongs and saves nothing."""
from __future__ import annotations

import pytest

from screens.dialogs.guest_actions import GuestActionsDialog
from screens.forms.base import FormScreen
from screens.forms.car_request import CarRequestForm
from screens.forms.payment import PaymentForm
from screens.forms.readiness import ReadinessForm
from screens.forms.room_change import RoomChangeForm
from store import prep
from store.admit import admit
from store.errors import Invalid
from store.models import Event, Payment, Room, Stay
from tests.lifecycle.helpers import contract
from tests.lifecycle.pilot import error_of, form_error, info_of, open_form, settle, type_text
from tui.app import make_app

pytestmark = pytest.mark.usefixtures("sqlite_only")
SIZES = [(80, 24), (160, 45)]


def in_house(center, room="601", **kw):
    stay_id = contract(center["manager"], **kw)
    admit(center["customer_service"], stay_id, room)
    return stay_id


# -- car request ----------------------------------------------------------------------------

async def fill_car(pilot, when="2026-11-24 10:30", address="City Maternity 5F bed 12", note="two bags"):
    for text in (when, address, note):
        await type_text(pilot, text)
        await pilot.press("tab")


async def test_car_request_saved_by_keyboard(center):
    stay_id = contract(center["manager"])
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "car_request", stay_id=stay_id)
        assert "No car requested yet" in info_of(form)
        await fill_car(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), form_error(form)
    car = prep.car_request(stay_id)
    assert (car.address, car.note, car.requested_by, car.approved_by) == (
        "City Maternity 5F bed 12", "two bags", "customer_service-name", "")
    assert car.pickup_at.isoformat() == "2026-11-24T02:30:00+00:00"  # 10:30 in Shanghai


@pytest.mark.parametrize("when, address, field, reason", [
    ("2026-11-22 09:00", "City Maternity", "pickup_at", "has passed"),
    ("tomorrow", "City Maternity", "pickup_at", "not a time"),
    ("2026-11-24 10:30", "", "address", "hospital address"),
])
async def test_car_request_validation_inline(center, when, address, field, reason):
    stay_id = contract(center["manager"])
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "car_request", stay_id=stay_id)
        await fill_car(pilot, when=when, address=address)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert reason in error_of(form, field)
        assert app.focused.id == f"f-{field}"
        assert form.values() == {"pickup_at": when, "address": address, "note": "two bags"}
    assert prep.car_request(stay_id) is None


async def test_car_approval_is_refused_to_customer_service(center):
    stay_id = contract(center["manager"])
    prep.request_car(center["customer_service"], stay_id, pickup_at="2026-11-24 10:30", address="City Maternity")
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "car_request", stay_id=stay_id)
        assert form.values()["pickup_at"] == "2026-11-24 10:30"  # the saved request, prefilled
        assert "waiting for the manager" in info_of(form)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "Only the store manager" in form_error(form)
        assert app.screen is form
    assert prep.car_request(stay_id).approved_by == ""
    assert not Event.select().where(Event.action == "car.approve").exists()


async def test_manager_approves_the_car(center):
    stay_id = contract(center["manager"])
    prep.request_car(center["customer_service"], stay_id, pickup_at="2026-11-24 10:30", address="City Maternity")
    app = make_app(None, lang="zh", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "car_request", stay_id=stay_id)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.screen is form and "manager-name 已批准" in info_of(form)
        await pilot.press("ctrl+g")  # twice: the store says who already did
        await settle(pilot)
        assert "manager-name" in form_error(form) and app.screen is form
    assert prep.car_request(stay_id).approved_by == "manager-name"


async def test_car_approval_needs_a_saved_request(center):
    stay_id = contract(center["manager"])
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "car_request", stay_id=stay_id)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "no car request yet" in form_error(form)
        await fill_car(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "unsaved changes" in form_error(form)
    assert prep.car_request(stay_id) is None


# -- room readiness -------------------------------------------------------------------------

async def test_readiness_ticks_exactly_what_changed(center):
    stay_id = contract(center["manager"])
    prep.tick_readiness(center["chef"], stay_id, "meal")
    prep.tick_readiness(center["nurse"], stay_id, "water")
    app = make_app(None, lang="en", actor=center["nursery_nurse"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "readiness", stay_id=stay_id)
        assert "2 of 6 done" in info_of(form)
        assert "(chef-name)" in str(form.query_one("#f-item_meal").label)
        await pilot.press("space")  # cleaning: tick
        await pilot.press("tab", "tab", "space")  # meal: untick
        prep.tick_readiness(center["supervisor"], stay_id, "curtains")  # another terminal, meanwhile
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), form_error(form)
    state = {i.id: (i.done, i.by) for i in prep.readiness(stay_id)}
    assert state == {"cleaning": (True, "nursery_nurse-name"), "supplies": (False, ""),
                     "meal": (False, "nursery_nurse-name"), "ac_purifier": (False, ""),
                     "curtains": (True, "supervisor-name"), "water": (True, "nurse-name")}
    assert Event.select().where(Event.action == "readiness.tick").count() == 2 + 1 + 2  # one write for the form


async def test_readiness_without_changes_writes_nothing(center):
    stay_id = contract(center["manager"])
    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "readiness", stay_id=stay_id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert not Event.select().where(Event.action == "readiness.tick").exists()


def test_set_readiness_is_one_write_and_refuses_unknown_items(center):
    stay_id = contract(center["manager"])
    with pytest.raises(Invalid) as err:
        prep.set_readiness(center["nurse"], stay_id, {"cleaning", "fireworks"})
    assert err.value.field == "item" and not any(i.done for i in prep.readiness(stay_id))
    assert prep.set_readiness(center["nurse"], stay_id, {"cleaning", "meal"}) == 2
    assert prep.set_readiness(center["chef"], stay_id, {"meal"}) == 1  # no `only`: the whole list
    assert {i.id for i in prep.readiness(stay_id) if i.done} == {"meal"}
    assert prep.readiness(stay_id)[2].by == "nurse-name"  # meal was already ticked: who ticked it stays


# -- room change ----------------------------------------------------------------------------

async def test_room_change_by_keyboard(center):
    stay_id = in_house(center)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "room_change", stay_id=stay_id)
        assert "Current room 601" in info_of(form)
        await type_text(pilot, "605")
        await pilot.press("tab")
        await type_text(pilot, "air conditioning broken")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), form_error(form)
    assert Stay.get_by_id(stay_id).room.number == "605"
    assert Room.get(Room.number == "601").status == "cleaning"


@pytest.mark.parametrize("room, reason, field, why", [
    ("609", "noisy", "room", "there is no room 609"),
    ("602", "noisy", "room", "Li Na"),  # taken: the store says for whom
    ("601", "noisy", "room", "already in room 601"),
    ("605", "", "reason", "why the guest changes room"),
    ("", "noisy", "room", "a room number"),
])
async def test_room_change_refusals_inline(center, room, reason, field, why):
    stay_id = in_house(center)
    in_house(center, room="602", contract_no="HT-2", name="Li Na")
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "room_change", stay_id=stay_id)
        await type_text(pilot, room)
        await pilot.press("tab")
        await type_text(pilot, reason)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert why in error_of(form, field), form_error(form)
        assert form.values() == {"room": room, "reason": reason}
        assert app.focused.id == f"f-{field}"
    assert Stay.get_by_id(stay_id).room.number == "601"
    assert Room.get(Room.number == "605").status == "vacant"


# -- payment --------------------------------------------------------------------------------

async def test_payment_by_keyboard(center):
    stay_id = in_house(center)
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "payment", stay_id=stay_id)
        assert "Balance owed 68,000.00" in info_of(form) and "Deposit held 3,000.00" in info_of(form)
        await type_text(pilot, "5000")
        await pilot.press("tab")
        assert form.values()["kind"] == "balance"  # the usual one, preselected
        await pilot.press("tab")
        await type_text(pilot, "bank transfer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), form_error(form)
    row = Payment.select().order_by(Payment.id.desc()).get()
    assert row.kind == "balance"
    assert (row.amount_cents, row.stay_id, row.note) == (500000, stay_id, "bank transfer")
    assert Stay.get_by_id(stay_id).balance_cents == 6300000


async def test_payment_kind_chosen_from_the_list(center):
    stay_id = in_house(center)
    app = make_app(None, lang="zh", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "payment", stay_id=stay_id)
        await type_text(pilot, "1000")
        await pilot.press("tab", "enter", "down", "down", "enter")  # balance -> deposit -> service
        assert form.values()["kind"] == "service"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), form_error(form)
    row = Payment.select().order_by(Payment.id.desc()).get()
    assert (row.kind, row.amount_cents) == ("service", 100000)
    assert Stay.get_by_id(stay_id).balance_cents == 6800000  # a service spend does not settle the stay


@pytest.mark.parametrize("amount, why", [
    ("", "enter an amount"),
    ("abc", "not an amount"),
    ("0", "more than 0"),
    ("99999", "more than the open balance of 68000.00"),
])
async def test_payment_refusals_inline(center, amount, why):
    stay_id = in_house(center)
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "payment", stay_id=stay_id)
        await type_text(pilot, amount)
        await pilot.press("tab", "tab")
        await type_text(pilot, "cash")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert why in error_of(form, "amount")
        assert form.values() == {"amount": amount, "kind": "balance", "note": "cash"}
        assert app.focused.id == "f-amount"
    assert Payment.select().count() == 2  # the contract's first payment and deposit only
    assert Stay.get_by_id(stay_id).balance_cents == 6800000


async def test_payment_refused_without_money_permission(center):
    stay_id = in_house(center)
    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "payment", stay_id=stay_id)
        assert "no money permission" in info_of(form) and "68000" not in info_of(form)
        await type_text(pilot, "5000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Not recorded: nurse-name may not money" in form_error(form)
        assert form.values()["amount"] == "5000"
    assert Payment.select().count() == 2  # the contract's first payment and deposit only
    assert Event.select().where(Event.action == "permission.denied").count() == 1  # the save, not the view


# -- wiring: the guest's actions menu opens these forms -------------------------------------

@pytest.mark.parametrize("screen, form_cls, admitted", [
    ("car_request", CarRequestForm, False),
    ("readiness", ReadinessForm, False),
    ("room_change", RoomChangeForm, True),
    ("payment", PaymentForm, True),
])
async def test_actions_menu_opens_the_form(center, screen, form_cls, admitted):
    stay_id = in_house(center) if admitted else contract(center["manager"])
    guest_id = Stay.get_by_id(stay_id).guest_id
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.show_screen("guest_file", guest_id=guest_id)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, GuestActionsDialog)
        names = [o.action.screen for o in menu.offers]
        await pilot.press(*["down"] * names.index(screen), "enter")
        await settle(pilot)
        assert isinstance(app.screen, form_cls) and app.screen.stay_id == stay_id


async def test_actions_menu_says_what_her_role_may_not_do_before_a_form_opens(center):
    """A nurse's menu lists discharge and payment dimmed with the reason; they cannot be opened."""
    from textual.widgets import OptionList

    stay_id = in_house(center)
    guest_id = Stay.get_by_id(stay_id).guest_id
    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.show_screen("guest_file", guest_id=guest_id)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, GuestActionsDialog)
        lines = menu.query_one(OptionList)
        shown = {o.action.screen: (str(lines.get_option_at_index(i).prompt), lines.get_option_at_index(i).disabled)
                 for i, o in enumerate(menu.offers)}
        assert shown["discharge"] == ("Discharge  nurse-name may not money", True)
        assert shown["payment"][1] and not shown["room_change"][1]
        await pilot.press(*["down"] * 10, "enter")  # the keys pass over the dimmed lines
        await settle(pilot)
        assert not isinstance(app.screen, PaymentForm) and app.screen.__class__.__name__ != "DischargeForm"


# -- snapshots ------------------------------------------------------------------------------

def _snap_app(center, lang, screen, stay_id):
    app = make_app(None, lang=lang, actor=center["manager"])

    async def ready(pilot):
        await open_form(pilot, screen, stay_id=stay_id)
        await settle(pilot)

    return app, ready


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_payment_snapshot(center, snap_compare, lang, size):
    stay_id = in_house(center)
    app, ready = _snap_app(center, lang, "payment", stay_id)
    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_readiness_snapshot(center, snap_compare, lang, size):
    stay_id = contract(center["manager"])
    prep.tick_readiness(center["chef"], stay_id, "meal")
    app, ready = _snap_app(center, lang, "readiness", stay_id)
    assert snap_compare(app, terminal_size=size, run_before=ready)
