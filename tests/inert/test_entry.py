"""Hostile text typed or pasted into any form or dialog is refused under its box, with the reason,
the text kept, nothing saved, and nothing raw drawn; the command line refuses it too.

The forms come from the registry (every FormScreen), so a new form joins this test.
"""
from __future__ import annotations

import asyncio
from itertools import cycle

import pytest

from screens.forms.base import FormScreen
from store import db as store_db
from store.models import Event, Staff
from tests.inert.corpus import CORPUS, ISSUE_NAME, ISSUE_NOTE, raw_in
from tests.inert.test_screens import STAY_STATUS, assert_inert, rendered
from tests.lifecycle.pilot import settle
from tui.screens_registry import SCREENS, screen_class

REASONS = ("control character", "text-direction character", "one line")
HOSTILE = [ISSUE_NAME, ISSUE_NOTE, CORPUS["c1_csi"], CORPUS["bidi_override"], CORPUS["nul"], CORPUS["del"],
           CORPUS["carriage_return"], CORPUS["backspace"], CORPUS["osc52"], CORPUS["bidi_isolate"]]
FORMS = sorted(name for name in SCREENS if issubclass(screen_class(name), FormScreen))
NO_TEXT_BOXES = {"readiness"}  # ticks only


@pytest.fixture
def clean_center(demo_db, frozen_clock):
    """The demo center as built (no planted text), opened; ids the forms open with."""
    from store.models import Appointment, Guest, Stay

    store_db.open_database(str(demo_db))
    admitted = Stay.select().where(Stay.status == "admitted").order_by(Stay.id).first()
    signed = Stay.select().where(Stay.status == "signed").order_by(Stay.id).first()
    manager = Staff.select().where(Staff.role == "manager").order_by(Staff.id).first()
    yield {"guest_id": admitted.guest_id, "admitted": admitted.id, "signed": signed.id, "manager": manager.id,
           "appointment_id": None, "complaint_id": None, "guest": Guest.get_by_id(admitted.guest_id).name,
           "appointments": Appointment.select().count()}
    store_db.close()


def _form(name: str, ids: dict) -> FormScreen:
    import inspect

    cls = screen_class(name)
    known = {"guest_id": ids["guest_id"],
             "stay_id": ids["signed"] if STAY_STATUS.get(name) == "signed" else ids["admitted"]}
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    return cls(**{k: v for k, v in known.items() if k in params})


def _app(ids: dict, lang: str = "en"):
    from store.auth import actor_for
    from tui.app import make_app

    return make_app(None, lang=lang, actor=actor_for(ids["manager"], "test"))


async def _refusals(pilot, form: FormScreen, name: str) -> int:
    """Hostile text in every text box of `form`; each refused under itself in turn. Boxes checked."""
    app = pilot.app
    boxes = [f.key for f in form.FIELDS if f.kind in ("text", "staff")]
    typed = dict(zip(boxes, cycle(HOSTILE)))
    for key, value in typed.items():
        form.query_one(f"#f-{key}").value = value  # as a paste leaves it
    for key in boxes:  # each box in turn: refused under itself; then made clean
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, f"{name}: saved with {key!r} hostile"
        reason = str(form.query_one(f"#e-{key}").render())
        assert any(r in reason for r in REASONS) and "at character" in reason, f"{name}.{key}: {reason!r}"
        assert form.query_one(f"#f-{key}").value == typed[key], "what was typed is kept"
        assert_inert(rendered(app), f"{name} refusing {key}")
        form.query_one(f"#f-{key}").value = "ok"
    return len(boxes)


@pytest.mark.slow
def test_every_text_box_of_every_form_refuses_hostile_text_under_itself(clean_center):
    async def run() -> dict[str, int]:
        checked = {}
        app = _app(clean_center)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for name in FORMS:  # one app for all (a start per form cost the suite a minute)
                form = _form(name, clean_center)
                app.push_screen(form)
                await settle(pilot)
                checked[name] = await _refusals(pilot, form, name)
                app.pop_screen()
                await settle(pilot)
        return checked

    events = Event.select().where(~Event.action.endswith(".view")).count()
    checked = asyncio.run(run())
    assert Event.select().where(~Event.action.endswith(".view")).count() == events, "something was written"
    assert {name for name, boxes in checked.items() if not boxes} == NO_TEXT_BOXES


@pytest.mark.slow
def test_dialogs_refuse_hostile_text_and_keep_it(clean_center):
    """The one-line prompt (skip reason, issue note), the quick note, a complaint step and the
    staff dialog: the reason under the box, the dialog still open, the text kept."""
    from screens.dialogs.quick_note import QuickNoteDialog
    from screens.dialogs.text_prompt import TextPrompt

    async def run():
        app = _app(clean_center)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.push_screen(TextPrompt("Skip", "Why?", required=True))
            await settle(pilot)
            app.screen.query_one("#prompt-input").value = ISSUE_NOTE
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, TextPrompt)
            assert "has a control character (ESC, U+001B) at character 1" in str(app.screen.query_one("#prompt-error").render())
            assert app.screen.query_one("#prompt-input").value == ISSUE_NOTE
            assert_inert(rendered(app), "text prompt")
            await pilot.press("escape")
            await settle(pilot)

            app.push_screen(QuickNoteDialog(clean_center["guest_id"], clean_center["guest"]))
            await settle(pilot)
            app.screen.query_one("#note-input").value = "喂奶顺利" + CORPUS["bidi_override"]
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, QuickNoteDialog)
            error = str(app.screen.query_one("#note-error").render())
            assert "text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at character 10" in error
            assert_inert(rendered(app), "quick note")
            await pilot.press("escape")
            await settle(pilot)

            app.show_screen("staff_admin")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            dialog = app.screen
            dialog.query_one("#number").value = "Z9"
            dialog.query_one("#name").value = ISSUE_NAME
            dialog.query_one("#pin").value = "1234"
            dialog.query_one("#pin2").value = "1234"
            dialog.query_one("#role").value = "nurse"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is dialog and dialog.query_one("#name").value == ISSUE_NAME
            assert "name: has a control character (ESC, U+001B)" in str(dialog.query_one(".dialog-error").render())
            assert_inert(rendered(app), "staff dialog")

    events = Event.select().count()
    asyncio.run(run())
    assert Staff.select().where(Staff.number == "Z9").count() == 0
    assert Event.select().where(Event.id > events, ~Event.action.endswith(".view")).count() == 0


@pytest.mark.slow
def test_a_complaint_step_refuses_under_its_box(clean_center):
    from store.models import Complaint

    complaint = Complaint.select().where(Complaint.status != "closed").order_by(Complaint.id).first()

    async def run():
        app = _app(clean_center)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.show_screen("complaint_detail", complaint_id=complaint.id)
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            dialog = app.screen
            dialog.query_one("#s-note").value = CORPUS["dcs"]
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is dialog and dialog.query_one("#s-note").value == CORPUS["dcs"]
            assert "has a control character (ESC, U+001B) at character 1" in str(dialog.query_one("#se-note").render())
            assert_inert(rendered(app), "complaint step")

    before = Complaint.get_by_id(complaint.id).investigation
    asyncio.run(run())
    assert Complaint.get_by_id(complaint.id).investigation == before


def test_the_first_manager_is_refused_a_hostile_name(sqlite_store):
    async def run():
        from tui.app import make_app

        app = make_app(None, lang="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            for box, value in (("first-number", "M1"), ("first-name", "王\u202e店长"), ("first-pin", "1234"),
                               ("first-pin2", "1234")):
                screen.query_one(f"#{box}").value = value
            await pilot.press("enter")
            await settle(pilot)
            error = str(screen.query_one("#first-error").render())
            assert "text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at character 2" in error
            assert_inert(rendered(app), "first manager")

    asyncio.run(run())
    assert Staff.select().count() == 0


@pytest.mark.parametrize("name, shown", [
    (ISSUE_NAME, "name: has a control character (ESC, U+001B) at character 1: remove it"),
    ("王\u202e店长", "name: has a text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at character 2: remove it"),
    ("王\n店长", "name: must be one line: remove the line break at character 2"),
    ("长" * 65, "name: is too long: use at most 64 characters (this has 65)"),
])
def test_the_staff_command_refuses_a_hostile_name(demo_db, run_cli, name, shown):
    code, out, err = run_cli("staff", "add", "Z9", name, "--role", "nurse", "--pin", "1234", "--db", demo_db)
    assert (code, out) == (1, "") and err == f"carefloor: {shown}\n"
    assert raw_in(err, lines=True) == []
    code, out, err = run_cli("staff", "list", "--db", demo_db)
    assert "Z9" not in out


CENTER_STEP = """
[[steps]]
playbook = "postpartum"
id = "center_evening_round"
anchor = "admission"
offset = "same day"
window = "19:00-20:00"
channel = "in_person"
role = "nurse"
kind = "visit"
why = "center rule: evening round on arrival"
title = {{ zh = "入住当晚巡房", en = "{title}" }}
script = {{ zh = "{{salutation}}晚上好\\n请按呼叫铃", en = "Good evening {{salutation}}" }}
"""


@pytest.mark.parametrize("title, reason", [
    ("Round\\u001b]0;PWNED\\u0007", "title.en: has a control character (ESC, U+001B) at character 6: remove it"),
    ("Round \\u202eyad", "title.en: has a text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at character 7"),
    ("Round\\nsecond line", "title.en: must be one line: remove the line break at character 6"),
])
def test_a_center_playbook_with_hostile_words_is_refused_naming_file_step_and_field(run_cli, demo_db, tmp_path,
                                                                                    title, reason):
    from store import schedule

    path = tmp_path / "center.toml"
    path.write_text(CENTER_STEP.format(title=title), encoding="utf-8")
    try:
        code, out, err = run_cli("due", "--db", demo_db, "--playbook", path)
    finally:
        schedule._process_override = None
    assert code != 0 and out == "" and raw_in(err, lines=True) == []
    assert err.startswith("carefloor: center.toml, step center_evening_round: ") and reason in err
