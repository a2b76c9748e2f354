"""A refusal is recorded once per attempted action, never by a live reload; a form this person may
not use says so once, in a full sentence, when it opens."""
from __future__ import annotations

import pytest

from screens.forms.discharge import DischargeForm
from store.admit import admit
from store.models import Event
from store.writes import SYSTEM, write
from tests.lifecycle.helpers import contract
from tests.lifecycle.pilot import info_of, open_form, settle
from tui import i18n
from tui.app import make_app

pytestmark = pytest.mark.usefixtures("sqlite_only")
SENTENCE = {
    "en": ("nurse-name's login does not have the permission to see or handle money (contracts, payments, "
           "balances), so Discharge cannot be used here. Ask the store manager if it needs doing."),
    "zh": "nurse-name的账号没有「查看或处理费用」的权限,不能使用「办理出所」。如确需办理,请找店长。",
}


def _denials() -> int:
    return Event.select().where(Event.action == "permission.denied").count()


async def _changes_elsewhere(pilot, times: int) -> None:
    """Writes from another terminal, each seen by the live poll and posted to the screen."""
    for i in range(times):
        write(SYSTEM, "test.change", lambda tx: tx.record("room", i))
        pilot.app.poll_changes()
        await settle(pilot)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_nurse_opening_discharge_is_refused_once_and_told_in_a_sentence(center, lang):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    app = make_app(None, lang=lang, actor=center["nurse"])
    async with app.run_test(size=(160, 45)) as pilot:
        form = await open_form(pilot, "discharge", stay_id=stay_id)
        assert isinstance(form, DischargeForm)
        await _changes_elsewhere(pilot, 6)
        assert _denials() == 1
        assert info_of(form) == SENTENCE[lang]
        assert not list(app._notifications)  # said in the form, not again as pop-ups
        assert app.screen is form and form.loads == 0  # and never read again
    refusal = Event.get(Event.action == "permission.denied")
    assert (refusal.staff, refusal.after) == (center["nurse"].staff_id, {"permission": "money"})


async def test_a_refused_form_still_refuses_and_logs_each_save_attempt(center):
    """Each Ctrl+S is an attempted action: refused and logged; the live reloads in between are not."""
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(160, 45)) as pilot:
        form = await open_form(pilot, "discharge", stay_id=stay_id)
        for attempt in (2, 3):
            await pilot.press("ctrl+s")
            await settle(pilot)
            await _changes_elsewhere(pilot, 2)
            assert _denials() == attempt
        assert app.screen is form


async def test_the_manager_opens_discharge_with_its_figures(center):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(160, 45)) as pilot:
        form = await open_form(pilot, "discharge", stay_id=stay_id)
        await _changes_elsewhere(pilot, 2)
        assert "Balance owed" in info_of(form) and form.loads >= 2
    assert _denials() == 0


def test_every_permission_has_its_words_in_both_languages():
    from seeds.roles import PERMISSIONS

    catalog = i18n.catalog()
    for permission in PERMISSIONS:
        entry = catalog.get(f"refusal.permission.{permission}")
        assert entry and entry.get("zh") and entry.get("en"), permission


async def test_any_refused_screen_says_it_once_even_with_changes_arriving(center):
    """The reports need "export": a nurse's screen says so once (a notice), and live changes
    neither log nor say it again."""
    from screens.reports import ReportsScreen

    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await app.push_screen(ReportsScreen())
        await settle(pilot)
        await _changes_elsewhere(pilot, 5)
        notices = [n.message for n in app._notifications]
        assert _denials() == 1 and len(notices) == 1
        assert notices[0].startswith("nurse-name's login does not have the permission to read and export reports")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_refused_discharge_snapshot(center, snap_compare, lang, size):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    app = make_app(None, lang=lang, actor=center["nurse"])

    async def ready(pilot):
        await open_form(pilot, "discharge", stay_id=stay_id)
        await _changes_elsewhere(pilot, 2)

    assert snap_compare(app, terminal_size=size, run_before=ready)
