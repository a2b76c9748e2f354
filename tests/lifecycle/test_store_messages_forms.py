"""A refusal from the store reads in the nurse's language under the field it names."""
from __future__ import annotations

import pytest

from store.models import Stay
from tests.lifecycle.pilot import error_of, open_form, settle
from tests.lifecycle.test_forms import fill_contract
from tui import i18n
from tui.app import make_app

pytestmark = pytest.mark.usefixtures("sqlite_only")


@pytest.fixture
def sqlite_only(request):
    if "pg" in request.node.name:
        pytest.skip("screens: one backend is enough")
    yield
    i18n.set_language("zh")


@pytest.mark.parametrize("lang, shown, not_shown", [
    ("zh", "“12ab”不是电话号码:请只填数字", "not a phone number"),
    ("en", "'12ab' is not a phone number: digits only", "不是电话号码"),
])
async def test_bad_phone_reason_in_the_session_language(center, lang, shown, not_shown):
    app = make_app(None, lang=lang, actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "new_contract")
        await fill_contract(pilot, phone="12ab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        text = error_of(form, "phone").replace("\n", "")
        assert shown in text and not_shown not in text
    assert Stay.select().count() == 0
