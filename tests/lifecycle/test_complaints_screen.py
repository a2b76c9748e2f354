"""The complaint screens by keyboard: the open list (overdue first, marked in words and colour) and
one complaint moved through owner -> note -> plan -> reply -> confirm -> close, with refusals shown
where they happen and what was typed kept. Snapshots of both at 80x24 (and the list at 160x45)."""
from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from screens.complaint_detail import ComplaintDetailScreen
from screens.complaints import ComplaintsScreen, short
from screens.dialogs.complaint_step import ComplaintStepDialog
from screens.dialogs.confirm import ConfirmDialog
from screens.forms.base import FormScreen
from store import clock
from store import complaints as cp
from store.models import Complaint, Event, Staff
from tests.daily.app_helpers import settle, wait_until
from tests.lifecycle.helpers import contract
from tests.lifecycle.pilot import type_text
from tui.app import make_app

pytestmark = pytest.mark.usefixtures("sqlite_only")


def number(role: str) -> str:
    return Staff.get(Staff.name == f"{role}-name").number


async def open_screen(pilot, name, cls, **kw):
    await settle(pilot)
    pilot.app.show_screen(name, **kw)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, cls) and pilot.app.screen.loads >= 1)
    return pilot.app.screen


async def shows(pilot, detail, text):
    """Wait until the detail shows `text` (the reload after a step), saying what is on screen if not."""
    try:
        await wait_until(pilot, lambda: pilot.app.screen is detail and text in detail_text(detail))
    except AssertionError:
        screen = pilot.app.screen
        where = detail.message_text()
        if isinstance(screen, ComplaintStepDialog):
            where = [screen.error_text(), *(str(w.render()) for w in screen.query(".step-field-error"))]
        raise AssertionError(f"{text!r} not shown; on {type(screen).__name__}: {where!r}\n{detail_text(detail)}")


def detail_text(screen: ComplaintDetailScreen) -> str:
    return str(screen.query_one("#cd-text").render())


def _record(center, **kw):
    args = dict(channel="phone", reporter="王丽家属", what="月子餐太咸", owner=number("supervisor")) | kw
    return cp.record(center["customer_service"], **args)


# -- the list --------------------------------------------------------------------------------


async def test_overdue_complaints_come_first_in_words_and_colour(center, frozen_clock):
    later = _record(center, what="later deadline")  # due 11-24 10:00
    late = _record(center, what="late one", deadline="2026-11-23 11:00")
    soon = _record(center, what="due soon", deadline="2026-11-23 15:00")
    frozen_clock.advance(hours=2)  # 12:00 local: "late one" missed its deadline
    app = make_app(None, lang="en", actor=center["manager"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, "complaints", ComplaintsScreen)
        assert [r.id for r in screen.rows] == [late, soon, later]
        table = screen.query_one(DataTable)
        first, second = table.get_row_at(0), table.get_row_at(1)
        assert str(first[0]).startswith("OVERDUE 11-23 11:00") and "OVERDUE" not in str(second[0])
        red = screen.get_component_rich_style("complaints--overdue").color
        assert red is not None and first[1].style.color == red and second[1].style.color != red
        assert "3 open, 1 overdue" in str(screen.query_one("#cl-summary").render())
        assert table.has_class("-overdue-cursor")  # the cursor bar over it is drawn in the overdue colour
        await pilot.press("down")
        assert not table.has_class("-overdue-cursor")


async def test_list_reloads_live_when_a_complaint_is_closed_elsewhere(center):
    cid = _record(center)
    app = make_app(None, lang="en", actor=center["supervisor"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, "complaints", ComplaintsScreen)
        assert [r.id for r in screen.rows] == [cid]
        sup = center["supervisor"]
        cp.plan(sup, cid, measures="m", owner=number("supervisor"), due="2026-11-24")
        cp.reply(sup, cid, "r")
        cp.confirm_result(sup, cid)
        cp.close(sup, cid)
        await wait_until(pilot, lambda: screen.rows == [])
        assert "No open complaints" in str(screen.query_one("#cl-summary").render())


def test_what_is_cut_to_its_column_in_terminal_cells():
    assert short("月子餐太咸,连续三天都这样") == "月子餐太咸,连…"
    assert short("short") == "short" and short("two\nlines") == "two" and short("") == ""


# -- the whole flow by keys -------------------------------------------------------------------


async def test_record_then_every_step_to_close_by_keys(center):
    app = make_app(None, lang="en", actor=center["supervisor"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, "complaints", ComplaintsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter", "down", "enter", "tab")  # channel: the first one (phone)
        for text in ("guest husband", "soup too salty", number("supervisor")):
            await type_text(pilot, text)
            await pilot.press("tab")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and len(screen.rows) == 1)
        cid = screen.rows[0].id

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ComplaintDetailScreen) and app.screen.loads >= 1)
        detail = app.screen
        assert "soup too salty" in detail_text(detail) and "supervisor-name" in detail_text(detail)

        await pilot.press("o")  # owner and deadline: a new owner, the deadline moved
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ComplaintStepDialog) and dialog.values()["deadline"] == "2026-11-24 10:00"
        await type_text(pilot, number("customer_service"))
        await pilot.press("enter")  # next field: the deadline, selected whole, so typing replaces it
        await type_text(pilot, "2026-11-24 12:00")
        await pilot.press("enter")  # last field: save
        await shows(pilot, detail, "customer_service-name, by 11-24 12:00")

        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "kitchen used double salt")
        await pilot.press("enter")
        await shows(pilot, detail, "supervisor-name] kitchen used double salt")

        await pilot.press("p")
        await settle(pilot)
        await type_text(pilot, "low salt menu")
        await pilot.press("enter")
        await type_text(pilot, number("nutritionist"))
        await pilot.press("enter")
        await type_text(pilot, "2026-11-25")
        await pilot.press("enter")
        await shows(pilot, detail, "carried out by nutritionist-name, by 2026-11-25")

        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "low salt from tomorrow")
        await pilot.press("enter")
        await shows(pilot, detail, "Status: Replied")

        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await shows(pilot, detail, "Status: Confirmed")

        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await shows(pilot, detail, "Status: Closed")
        assert detail.message_text() == ""
        assert [s.step for s in detail.stamps] == ["record", "assign", "investigate", "plan", "reply", "confirm",
                                                   "close"]
        assert {s.who for s in detail.stamps} == {"supervisor-name"}  # the signed-in person took each step
        await shows(pilot, detail, "supervisor-name  closed it")

        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen and screen.rows == [])
    row = Complaint.get_by_id(cid)
    assert (row.status, row.reporter, row.channel, row.reply) == ("closed", "guest husband", "phone",
                                                                  "low salt from tomorrow")
    assert row.result_confirmed_at is not None and row.plan_owner.name == "nutritionist-name"
    actions = [e.action for e in Event.select().where(Event.entity == "complaint").order_by(Event.id)]
    assert actions == ["complaint.record", "complaint.assign", "complaint.investigate", "complaint.plan",
                       "complaint.reply", "complaint.confirm", "complaint.close"]


# -- refusals ---------------------------------------------------------------------------------


async def test_steps_out_of_order_are_refused_with_the_typed_text_kept(center):
    cid = _record(center)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_screen(pilot, "complaint_detail", ComplaintDetailScreen, complaint_id=cid)

        await pilot.press("r")  # a reply before there is a plan: said at once, no dialog to type into
        await settle(pilot)
        assert app.screen is detail
        assert "Not now: write the resolution plan before replying" in detail.message_text()

        await pilot.press("p")  # a bad date is explained under its field
        await settle(pilot)
        dialog = app.screen
        await type_text(pilot, "new menu")
        await pilot.press("enter")
        await type_text(pilot, number("chef"))
        await pilot.press("enter")
        await type_text(pilot, "2026-13-01")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: str(dialog.query_one("#se-plan_due").render()) != "")
        assert "not a date" in str(dialog.query_one("#se-plan_due").render())
        assert dialog.values() == {"measures": "new menu", "plan_owner": number("chef"), "plan_due": "2026-13-01"}
        assert app.focused is dialog.query_one("#s-plan_due", Input)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("x")  # closing before the guest confirmed the written result: why, and no question
        await settle(pilot)
        assert app.screen is detail and not isinstance(app.screen, ConfirmDialog)
        assert "has not confirmed the written result" in detail.message_text()
        assert any("has not confirmed" in n.message for n in app._notifications)
        await pilot.press("i")  # the next step clears the old message
        await settle(pilot)
        assert detail.message_text() == ""
    row = Complaint.get_by_id(cid)
    assert (row.status, row.plan, row.reply) == ("open", "", "")


async def test_without_the_complaints_permission_nothing_is_shown_or_saved(center):
    cid = _record(center)
    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, "complaints", ComplaintsScreen)
        assert screen.rows == [] and "You may not handle complaints" in str(screen.query_one("#cl-summary").render())
        before = screen.loads
        screen.refresh_data()  # a live reload does not ask (and log a refusal) again
        await wait_until(pilot, lambda: screen.loads > before)

        detail = await open_screen(pilot, "complaint_detail", ComplaintDetailScreen, complaint_id=cid)
        assert "You may not handle complaints" in detail.message_text()
        assert "月子餐太咸" not in detail_text(detail)
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        await type_text(pilot, "looked into it")
        await pilot.press("enter")
        await wait_until(pilot, lambda: dialog.error_text() != "")
        assert "nurse-name may not complaints" in dialog.error_text()
        assert app.screen is dialog and dialog.values() == {"note": "looked into it"}
    assert Complaint.get_by_id(cid).investigation == ""
    assert Event.select().where(Event.action == "permission.denied").count() == 3  # list, detail, the note


# -- snapshots --------------------------------------------------------------------------------


def _snapshot_center(center) -> int:
    """Three open complaints at 10:00 on 11-23: one overdue with a note and a plan, two in time."""
    manager = center["manager"]
    li = Staff.create(number="L01", name="李主管", role="supervisor", created_at=clock.now())
    zhang = Staff.create(number="Z02", name="张客服", role="customer_service", created_at=clock.now())
    wang = contract(manager, name="王丽")
    contract(manager, contract_no="HT-002", name="李娜", phone="13900139000")
    from store.models import Stay

    guest_wang = Stay.get_by_id(wang).guest_id
    guest_li = Stay.get(Stay.contract_no == "HT-002").guest_id
    cs = center["customer_service"]
    late = cp.record(cs, channel="phone", reporter="王丽家属", what="月子餐太咸,连续三天都没有改", guest_id=guest_wang,
                     received_at="2026-11-22 09:00", deadline="2026-11-22 18:00", owner="L01")
    cp.record(cs, channel="wechat", reporter="陈女士", what="参观时前台态度冷淡", received_at="2026-11-23 08:30")
    cp.record(cs, channel="in_person", reporter="李娜", what="婴儿游泳预约被取消未通知", guest_id=guest_li,
              received_at="2026-11-23 09:10", deadline="2026-11-23 17:00", owner="Z02")
    sup = center["supervisor"]
    cp.investigate(sup, late, "厨房确认盐量超标,新厨师未按营养师食谱")
    cp.plan(sup, late, measures="调整食谱,营养师每日复核", owner=li.number, due="2026-11-25")
    return late


async def _show(pilot, name, cls, **kw):
    await settle(pilot)
    pilot.app.show_screen(name, **kw)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, cls) and pilot.app.screen.loads >= 1)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_list_snapshot(center, snap_compare, lang, size):
    _snapshot_center(center)
    app = make_app(None, lang=lang, actor=center["manager"])
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: _show(pilot, "complaints", ComplaintsScreen))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_detail_snapshot(center, snap_compare, lang):
    late = _snapshot_center(center)
    app = make_app(None, lang=lang, actor=center["manager"])

    async def ready(pilot):
        await _show(pilot, "complaint_detail", ComplaintDetailScreen, complaint_id=late)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def test_a_refused_step_is_explained_in_chinese_in_the_chinese_ui(center):
    cid = _record(center)
    app = make_app(None, lang="zh", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_screen(pilot, "complaint_detail", ComplaintDetailScreen, complaint_id=cid)
        await pilot.press("r")  # a reply before there is a plan
        await settle(pilot)
        assert app.screen is detail
        assert "plan" not in detail.message_text() and "方案" in detail.message_text()
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is detail and "confirmed" not in detail.message_text() and detail.message_text()


async def test_a_step_on_a_closed_complaint_says_why_before_any_dialog(center):
    """Closed at another desk while this one was open: every key says so at once."""
    cid = _record(center)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_screen(pilot, "complaint_detail", ComplaintDetailScreen, complaint_id=cid)
        Complaint.update(status="closed").where(Complaint.id == cid).execute()
        detail.refresh_data()
        await wait_until(pilot, lambda: detail.row is not None and detail.row.status == "closed")
        for key in ("o", "i", "p", "r", "c", "x"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is detail, key
            assert f"complaint {cid} is closed" in detail.message_text(), key
