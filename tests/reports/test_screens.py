"""Pilot tests: acknowledging a handover from the screen, exporting reports, who may open them."""
from __future__ import annotations

import arrow

from screens.dialogs.confirm import ConfirmDialog
from store.models import HandoverAck, Staff
from store.permissions import permissions_for
from store.writes import Actor
from tests.screens.helpers import build_app, run, screen_text, settle


def person(number: str) -> Actor:
    row = Staff.get(Staff.number == number)
    return Actor(row.id, row.name, row.role, "t", permissions_for(row.role))


def evening(clock) -> None:
    clock.set(arrow.get("2026-11-23T19:30", tzinfo="Asia/Shanghai"))  # the day shift can be acknowledged


async def open_screen(pilot, name: str) -> None:
    await settle(pilot)
    pilot.app.show_screen(name)
    await settle(pilot)


@run
async def test_incoming_nurse_acknowledges_the_handover(demo_store, frozen_clock):
    evening(frozen_clock)
    nurse = person("N1")
    app = build_app(frozen_clock, lang="en", actor=nurse)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "handover")
        assert "Not acknowledged" in screen_text(app)
        assert "Day shift Mon 23 Nov 08:00-20:00 (running)" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert "Acknowledge this handover as " + nurse.name in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        ack = HandoverAck.get()
        assert (ack.staff_name, ack.shift, arrow.get(ack.at)) == (nurse.name, "day", frozen_clock.now())
        assert ack.summary["visits_missed"] > 0
        assert f"Acknowledged by {nurse.name} at today 19:30 (just now)" in screen_text(app)
        await pilot.press("a")  # a second time: says who already did, writes nothing
        await settle(pilot)
        assert HandoverAck.select().count() == 1


@run
async def test_previous_shift_and_no_early_acknowledgement(demo_store, frozen_clock):
    frozen_clock.set(arrow.get("2026-11-23T15:00", tzinfo="Asia/Shanghai"))
    app = build_app(frozen_clock, lang="zh", actor=person("N1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "handover")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "夜班 11月22日 周日 20:00-08:00" in screen_text(app)
        await pilot.press("right_square_bracket", "a")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)  # refused before the question, with the reason
        said = [n.message for n in app._notifications]
        assert any("本班还没结束" in m and "2026-11-23 19:00" in m for m in said), said
        assert HandoverAck.select().count() == 0  # the day shift is still running at 15:00


@run
async def test_reports_export_all_to_xlsx_and_one_to_csv(demo_store, frozen_clock, tmp_path):
    from openpyxl import load_workbook

    app = build_app(frozen_clock, lang="zh", actor=person("M1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "reports")
        assert "回访完成情况" in screen_text(app)
        for path in (tmp_path / "all.xlsx", tmp_path / "overdue.csv"):
            if path.suffix == ".csv":
                await pilot.press("right_square_bracket")
            await pilot.press("e")
            await settle(pilot)
            app.screen.query_one("#export-path").value = str(path)
            await pilot.press("enter")
            await settle(pilot)
    book = load_workbook(tmp_path / "all.xlsx")
    assert len(book.sheetnames) == 4
    lines = (tmp_path / "overdue.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "日期,逾期" and len(lines) == 1 + 28
    # the database's folder is the account's own: so are the exports, whatever the umask
    assert {oct(p.stat().st_mode & 0o777) for p in (tmp_path / "all.xlsx", tmp_path / "overdue.csv")} == {"0o600"}


@run
async def test_a_nurse_cannot_read_reports(demo_store, frozen_clock):
    app = build_app(frozen_clock, lang="en", actor=person("N1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "reports")
        assert app.screen.data is None
        assert any("export" in str(n.message) for n in app._notifications)


@run
async def test_help_lists_the_handover_keys_and_the_palette_opens_reports(demo_store, frozen_clock):
    app = build_app(frozen_clock, lang="en", actor=person("M1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "handover")
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        for line in ("a  ", "Acknowledge", "Previous shift", "Next shift", "Export"):
            assert line in text
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        await pilot.press(*"Reports")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReportsScreen"


@run
async def test_handover_keys_remap_from_config(demo_store, frozen_clock):
    evening(frozen_clock)
    app = build_app(frozen_clock, lang="en", actor=person("N1"), keymap={"handover.ack": "f5"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "handover")
        await pilot.press("f5")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
