"""Implausible dates are refused at the door, naming the field and the allowed range, in the
store (every form) and on screen (the text typed stays)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from screens.forms.base import FormScreen
from store import appointments, bounds, cases, stays
from store.errors import Invalid
from store.models import Guest, Stay
from tests.lifecycle.helpers import contract
from tests.lifecycle.pilot import error_of, open_form, settle
from tests.lifecycle.test_stay_forms import fill_car
from tui.app import make_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("signed, due, field, words", [
    ("9999-12-31", "2026-11-20", "signed_on", "9999-12-31 is outside the allowed range 2016-11-25 to 2027-11-23"),
    ("2026-06-01", "0001-01-01", "due_date", "0001-01-01 is outside the allowed range 2016-11-25 to 2027-11-23"),
])
def test_a_new_contract_refuses_a_date_out_of_range(center, signed, due, field, words):
    with pytest.raises(Invalid) as err:
        stays.new_contract(center["manager"], name="王丽", phone="13800138000", contract_no="X1",
                           package="classic28", signed_on=signed, due_date=due)
    assert err.value.field == field and words in str(err.value)
    assert Stay.select().count() == 0 and Guest.select().count() == 0


def test_an_appointment_or_a_consultation_far_off_is_refused(center):
    guest = Guest.get_by_id(Stay.get_by_id(contract(center["manager"])).guest_id)
    with pytest.raises(Invalid) as err:
        appointments.book(center["manager"], guest.id, at="9999-12-31 10:00", item="艾灸", staff="S0")
    assert err.value.field == "at" and "outside the allowed range" in str(err.value)
    with pytest.raises(Invalid) as err:
        cases.record_consultation(center["consultant"], category="new", item="祛斑", name="赵敏",
                                  phone="13700137000", consulted_on="1900-01-01")
    assert err.value.field == "consulted_on" and "outside the allowed range" in str(err.value)


def test_birthdays_are_after_1900_and_not_in_the_future():
    import datetime as dt

    today = dt.date(2026, 11, 23)
    assert bounds.allowed("birthday", today) == (dt.date(1900, 1, 1), today)
    assert bounds.within("birthday", dt.date(1985, 5, 1), today)
    assert not bounds.within("birthday", dt.date(1899, 12, 31), today)
    assert not bounds.within("birthday", dt.date(2026, 11, 24), today)


def test_every_date_field_the_store_parses_has_a_range():
    """parse_date / parse_local_time look their field up in store/bounds.py: a form whose field
    is not there would fail; so every literal field name in the store must be listed."""
    fields = set()
    for path in (ROOT / "store").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in
                    ("parse_date", "parse_local_time") and node.args and isinstance(node.args[0], ast.Constant)):
                fields.add(node.args[0].value)
    assert fields and not fields - set(bounds.FIELDS)


@pytest.mark.usefixtures("sqlite_only")
async def test_the_car_request_form_shows_the_range_under_the_field_and_keeps_the_text(center):
    stay_id = contract(center["manager"])
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "car_request", stay_id=stay_id)
        await fill_car(pilot, when="9999-12-31 10:30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "outside the allowed range" in error_of(form, "pickup_at")
        assert form.values()["pickup_at"] == "9999-12-31 10:30"
