"""A contract's money figures: one function (store.payments.figures) and every screen showing its
result under the same names. The guest file used to say "paid" for the first payment while the
payment form's "Paid" was every payment including the deposit."""
from __future__ import annotations

import pytest

from store import payments
from store.admit import admit
from store.checkout import checkout_state, discharge
from store.guests import guest_file
from store.models import Stay
from store.payments import Figures, add_charge, figures, record_payment, stay_figures
from tests.lifecycle.helpers import contract
from tests.lifecycle.pilot import info_of, open_form, settle
from tests.screens.helpers import screen_text
from tui.app import make_app

# -- the one function, on payment histories ------------------------------------------------------

SIGNED = [("first_payment", 2000000), ("deposit", 300000)]


@pytest.mark.parametrize("balance, rows, checked_out, expected", [
    # signed: first payment and deposit on the day
    (6800000, SIGNED, False, Figures(2000000, 2000000, 6800000, 300000, 0)),
    # the first payment in two instalments, nothing else yet
    (6800000, [("first_payment", 1500000), ("first_payment", 500000)], False,
     Figures(2000000, 2000000, 6800000, 0, 0)),
    # balance settled on admission: total paid is the package price, the deposit is not part of it
    (0, SIGNED + [("balance", 6800000)], False, Figures(2000000, 8800000, 0, 300000, 0)),
    # part of the balance, a self-paid recovery session and a deposit top-up
    (6300000, SIGNED + [("balance", 500000), ("service", 80000), ("deposit", 100000)], False,
     Figures(2000000, 2580000, 6300000, 400000, 0)),
    # checked out, deposit back in full: nothing held, the refund does not lower what was paid
    (0, SIGNED + [("balance", 6800000), ("deposit_refund", -300000)], True,
     Figures(2000000, 8800000, 0, 0, 300000)),
    # checked out, a lost room card kept from the deposit (200 yuan): nothing held either
    (0, SIGNED + [("balance", 6800000), ("deposit_refund", -280000)], True,
     Figures(2000000, 8800000, 0, 0, 280000)),
    # checked out with a manager's override: the balance is still owed
    (3500, SIGNED + [("balance", 6796500)], True, Figures(2000000, 8796500, 3500, 0, 0)),
    # no money at all yet (an imported guest)
    (0, [], False, Figures(0, 0, 0, 0, 0)),
])
def test_figures_of_a_payment_history(balance, rows, checked_out, expected):
    assert figures(balance, rows, checked_out=checked_out) == expected


def test_a_whole_stay_through_the_app_gives_one_set_of_figures(center):
    """Contract, admission, a charge, payments, checkout with a deduction: every reader agrees."""
    manager = center["manager"]
    stay_id = contract(manager)  # 88,000 package, 20,000 first payment, 3,000 deposit
    guest_id = Stay.get_by_id(stay_id).guest_id
    admit(center["customer_service"], stay_id, "601")
    add_charge(manager, stay_id, "35", "room phone")
    record_payment(manager, guest_id, "68035", "balance", stay_id=stay_id)
    record_payment(manager, guest_id, "500", "deposit", stay_id=stay_id)
    before = Figures(2000000, 8803500, 0, 350000, 0)
    assert stay_figures(stay_id) == before
    assert payments.money(manager, stay_id) == before
    assert guest_file(manager, guest_id).stay.money == before
    assert checkout_state(manager, stay_id).money == before
    discharge(manager, stay_id, ticked=["room_check", "room_cards", "phone_charges"], refund="3300",
              deduction_reason="lost room card 200")
    after = Figures(2000000, 8803500, 0, 0, 330000)
    assert stay_figures(stay_id) == after == guest_file(manager, guest_id).stay.money


def test_the_refund_limit_is_the_deposit_held(center):
    """Checkout refuses to give back more than the figures say is held (a top-up included)."""
    from store.errors import Invalid

    manager = center["manager"]
    stay_id = contract(manager, first_payment="88000")
    admit(center["customer_service"], stay_id, "601")
    record_payment(manager, Stay.get_by_id(stay_id).guest_id, "500", "deposit", stay_id=stay_id)
    with pytest.raises(Invalid, match="3500.00"):
        discharge(manager, stay_id, ticked=["room_check", "room_cards", "phone_charges"], refund="3600")


# -- the screens: the same names and amounts in the guest file and the payment form ------------------

def _paid_stay(center) -> tuple[int, int]:
    """In house, 5,000 of the balance paid: first payment 20,000, total paid 25,000."""
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    guest_id = Stay.get_by_id(stay_id).guest_id
    record_payment(center["manager"], guest_id, "5000", "balance", stay_id=stay_id)
    return stay_id, guest_id


EXPECTED = {
    "en": ("First payment 20,000.00", "Total paid 25,000.00", "Balance owed 63,000.00", "Deposit held 3,000.00"),
    "zh": ("首付款 20,000.00", "已付合计 25,000.00", "未结尾款 63,000.00", "押金 3,000.00"),
}


def _squeezed(text: str) -> str:
    """Screen text with the guest file's column padding folded to one space."""
    import re

    return re.sub(r"[ \u3000]+", " ", text)


@pytest.mark.usefixtures("sqlite_only")
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_guest_file_and_payment_form_show_the_same_figures(center, lang):
    stay_id, guest_id = _paid_stay(center)
    app = make_app(None, lang=lang, actor=center["manager"])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.show_screen("guest_file", guest_id=guest_id)
        await settle(pilot)
        shown = _squeezed(screen_text(app))
        for figure in EXPECTED[lang]:
            assert figure in shown, (figure, shown)
        form = await open_form(pilot, "payment", stay_id=stay_id)
        info = _squeezed(info_of(form))
        for figure in EXPECTED[lang]:
            assert figure in info, (figure, info)
        app.pop_screen()
        app.show_screen("discharge", stay_id=stay_id)
        await settle(pilot)
        info = _squeezed(info_of(app.screen))
        for figure in EXPECTED[lang]:
            assert figure in info, (figure, info)
