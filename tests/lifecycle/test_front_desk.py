"""Pilot tests of the aesthetics / wellness front desk: the guest forms (convert, procedure, course,
session, appointment, assessment) and the day's appointments screen. Keyboard only; a refusal
keeps what was typed and saves nothing."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from textual.widgets import DataTable

from screens.appointments import AppointmentsScreen
from screens.dialogs.confirm import ConfirmDialog
from screens.forms.appointment import AppointmentForm
from store import appointments as ap
from store import cases, clock, generate
from store.guests_write import create_guest
from store.models import Appointment, Case, Course, CourseSession, Event, Guest, Procedure, Staff, Task
from store.writes import SYSTEM, write
from tests.lifecycle.helpers import TODAY
from tests.lifecycle.pilot import error_of, form_error, info_of, open_form, settle, type_text
from tui.app import make_app

pytestmark = pytest.mark.usefixtures("sqlite_only")


async def saved(pilot, form):
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is not form, f"{form_error(form)} {[error_of(form, f.key) for f in form.FIELDS]}"


async def refused(pilot, form):
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is form


def lead(center, item="双眼皮", name="赵敏", phone="13700137000", guest_id=None):
    """An aesthetics consultation; returns (case id, guest id)."""
    kw = {"guest_id": guest_id} if guest_id else {"name": name, "phone": phone}
    case_id = cases.record_consultation(center["consultant"], category="new", item=item, **kw)
    return case_id, Case.get_by_id(case_id).guest_id


def wellness_guest(name="孙丽", phone="13600136000"):
    return write(SYSTEM, "guest.add", lambda tx: create_guest(tx, name=name, phone=phone, entered_on=TODAY,
                                                              kind="wellness"))


def number(center, role):
    return Staff.get_by_id(center[role].staff_id).number


def _task(guest_id, step, anchor):
    """A task of another writer (not a playbook's: planning leaves it alone), on `anchor`."""
    return Task.create(guest=guest_id, kind="callback", playbook="manual", step=step, anchor=anchor,
                       dedupe_key=f"{guest_id}/{step}", due_at=clock.now(), created_at=clock.now())


# -- convert --------------------------------------------------------------------------------------
async def test_convert_form_cancels_the_lead_followups(center):
    case_id, guest = lead(center)
    follow_up, birthday = _task(guest, "lead_day3", "consultation"), _task(guest, "birthday", "birthday")
    app = make_app(None, lang="en", actor=center["consultant"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "convert", guest_id=guest)
        assert "赵敏" in info_of(form)
        assert form.values() == {"case": case_id, "converted_on": "2026-11-23"}  # her only one, chosen
        await saved(pilot, form)
    assert Case.get_by_id(case_id).converted_on == TODAY
    assert Task.get_by_id(follow_up.id).status == "cancelled" and Task.get_by_id(birthday.id).status == "open"


async def test_convert_form_asks_which_consultation_and_checks_the_date(center):
    first, guest = lead(center)
    second, _ = lead(center, item="祛斑", guest_id=guest)
    app = make_app(None, lang="en", actor=center["consultant"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "convert", guest_id=guest)
        await refused(pilot, form)
        assert "choose a consultation" in error_of(form, "case")
        await pilot.press("enter", "down", "down", "enter", "tab")  # the older one (newest is listed first)
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "23/11")
        await refused(pilot, form)
        assert "not a date" in error_of(form, "converted_on")
        assert form.values() == {"case": first, "converted_on": "23/11"}
        assert Case.select().where(Case.converted_on.is_null(False)).count() == 0
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "2026-11-22")
        await saved(pilot, form)
    assert Case.get_by_id(first).converted_on == dt.date(2026, 11, 22)
    assert Case.get_by_id(second).converted_on is None


async def test_convert_form_says_when_nothing_is_open(center):
    case_id, guest = lead(center)
    cases.convert(center["consultant"], case_id)
    app = make_app(None, lang="zh", actor=center["consultant"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "convert", guest_id=guest)
        assert "没有未成交的咨询" in info_of(form)
        await refused(pilot, form)
        assert error_of(form, "case") == "请选择一条咨询"


# -- procedure ------------------------------------------------------------------------------------
async def test_procedure_form_by_keyboard_converts_the_chosen_consultation(center):
    case_id, guest = lead(center)
    app = make_app(None, lang="en", actor=center["consultant"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "procedure", guest_id=guest)
        assert form.values()["case_id"] == ""  # optional: never chosen for her
        await pilot.press("enter", "down", "down", "enter", "tab")  # surgery, inpatient
        await type_text(pilot, "Rhinoplasty")
        await pilot.press("tab", "tab")  # performed on: today, prefilled
        await pilot.press("enter", "down", "enter", "tab")  # the consultation it came from
        await type_text(pilot, "2026-11-25")
        await saved(pilot, form)
    proc = Procedure.get()
    assert (proc.guest_id, proc.kind, proc.name, proc.performed_on, proc.discharged_on) == (
        guest, "surgery_inpatient", "Rhinoplasty", TODAY, dt.date(2026, 11, 25))
    assert Case.get_by_id(case_id).converted_on == TODAY


async def test_procedure_form_refusals_keep_the_input(center):
    _, guest = lead(center)
    app = make_app(None, lang="en", actor=center["consultant"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "procedure", guest_id=guest)
        await pilot.press("tab")
        await type_text(pilot, "Photo rejuvenation")
        await refused(pilot, form)
        assert "choose one of" in error_of(form, "kind") and app.focused.id == "f-kind"
        await pilot.press("enter", "down", "down", "down", "enter")  # skin
        form.query_one("#f-stitch_removal_on").focus()
        await type_text(pilot, "2026-11-01")
        await refused(pilot, form)
        assert "before the procedure" in error_of(form, "stitch_removal_on")
        assert error_of(form, "kind") == ""
        assert form.values()["name"] == "Photo rejuvenation" and form.values()["kind"] == "skin"
    assert Procedure.select().count() == 0


# -- course and session ---------------------------------------------------------------------------
async def test_course_then_session_starts_the_day3_call(center):
    _, guest = lead(center)
    app = make_app(None, lang="en", actor=center["medical_assistant"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "course", guest_id=guest)
        assert form.values()["sessions"] == "6"
        await type_text(pilot, "Hydra facial")
        await pilot.press("tab", "backspace")
        await type_text(pilot, "4")
        await saved(pilot, form)
        form = await open_form(pilot, "session", guest_id=guest)
        select = form.query_one("#f-course")
        assert "Hydra facial  0/4" in str(select.query_one("#label").render())  # her only course, chosen
        await saved(pilot, form)
        form = await open_form(pilot, "session", guest_id=guest)
        assert "Hydra facial  1/4" in str(form.query_one("#f-course").query_one("#label").render())
    course = Course.get()
    assert (course.name, course.sessions_planned) == ("Hydra facial", 4)
    assert [(s.number, s.done_on) for s in CourseSession.select()] == [(1, TODAY)]
    generate.run(through=TODAY + dt.timedelta(days=10))
    calls = Task.select().where((Task.guest == guest) & (Task.step == "treatment_day3_call"))
    assert [c.due_at.date() for c in calls] == [dt.date(2026, 11, 26)]


async def test_course_and_session_refusals(center):
    _, guest = lead(center)
    app = make_app(None, lang="en", actor=center["medical_assistant"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "course", guest_id=guest)
        await type_text(pilot, "Hydra facial")
        await pilot.press("tab", "backspace")
        await type_text(pilot, "six")
        await refused(pilot, form)
        assert "whole number" in error_of(form, "sessions") and form.values()["name"] == "Hydra facial"
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "40")
        await refused(pilot, form)
        assert "1 to 30" in error_of(form, "sessions")
        assert Course.select().count() == 0
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    course = cases.start_course(center["medical_assistant"], guest, "Hydra facial", sessions=1)
    async with make_app(None, lang="en", actor=center["medical_assistant"]).run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "session", guest_id=guest)
        await pilot.press("tab", *["backspace"] * 10)
        await type_text(pilot, "2026-11-30")
        await refused(pilot, form)
        assert "ahead of time" in error_of(form, "done_on") and form.values()["done_on"] == "2026-11-30"
        assert CourseSession.select().count() == 0
    cases.log_session(center["medical_assistant"], course)  # the last one: nothing left to log
    async with make_app(None, lang="en", actor=center["medical_assistant"]).run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "session", guest_id=guest)
        assert "no course with sessions left" in info_of(form)
        await refused(pilot, form)
        assert "choose a course" in error_of(form, "course")


# -- appointments: the form -----------------------------------------------------------------------
async def test_book_an_appointment_by_keyboard(center):
    guest = wellness_guest()
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "appointment", guest_id=guest)
        assert "孙丽" in info_of(form) and not form.query("#f-agreed")  # a new one needs no agreement
        for text in ("2026-11-25 15:00", "Moxibustion", number(center, "nurse")):
            await type_text(pilot, text)
            await pilot.press("tab")
        await saved(pilot, form)
    row = Appointment.get()
    assert (row.guest_id, row.item, row.staff_id, row.status) == (guest, "Moxibustion", center["nurse"].staff_id,
                                                                  "booked")
    assert row.at.isoformat().startswith("2026-11-25T07:00")


async def test_the_staff_box_completes_a_name_and_says_who_it_is(center):
    """Nobody has to know staff numbers: the start of a name is completed (→ takes it) and the
    line beside the box says who it is; the store takes the name when only one member has it."""
    from textual.widgets import Input, Static

    from tests.daily.app_helpers import wait_until

    guest = wellness_guest()
    nurse = Staff.get_by_id(center["nurse"].staff_id)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "appointment", guest_id=guest)
        who = lambda: str(form.query_one("#w-staff", Static).render())  # noqa: E731
        for text in ("2026-11-25 15:00", "Moxibustion"):
            await type_text(pilot, text)
            await pilot.press("tab")
        await wait_until(pilot, lambda: form.staff_directory is not None)
        await type_text(pilot, "nur")
        await wait_until(pilot, lambda: "→" in who())
        assert who() == f"{nurse.name} · {nurse.number} · Nurse (→ to take)"
        await pilot.press("right")
        await wait_until(pilot, lambda: form.query_one("#f-staff", Input).value == nurse.name)
        assert who() == f"{nurse.name} · {nurse.number} · Nurse"
        await pilot.press(*["backspace"] * len(nurse.name))
        await type_text(pilot, "nobody")
        await wait_until(pilot, lambda: "nobody" in who())
        assert who() == 'no active staff member "nobody"'
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, nurse.number.lower())  # the store takes "S6", not "s6": → gives it
        await wait_until(pilot, lambda: "→" in who())
        await pilot.press("right")
        await wait_until(pilot, lambda: form.query_one("#f-staff", Input).value == nurse.number)
        await pilot.press(*["backspace"] * len(nurse.number))
        await type_text(pilot, nurse.name)
        await saved(pilot, form)
    assert Appointment.get().staff_id == nurse.id


async def test_booking_refusals_keep_the_input(center):
    guest = wellness_guest()
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "appointment", guest_id=guest)
        for text in ("2026-11-20 15:00", "Tuina", "NOPE"):
            await type_text(pilot, text)
            await pilot.press("tab")
        await refused(pilot, form)
        assert "has passed" in error_of(form, "at") and app.focused.id == "f-at"
        await pilot.press(*["backspace"] * 16)
        await type_text(pilot, "tomorrow 3pm")
        await refused(pilot, form)
        assert "not a time" in error_of(form, "at")
        await pilot.press(*["backspace"] * 12)
        await type_text(pilot, "2026-11-25 15:00")
        await refused(pilot, form)
        assert "no active staff member" in error_of(form, "staff") and error_of(form, "at") == ""
        assert form.values() == {"at": "2026-11-25 15:00", "item": "Tuina", "staff": "NOPE"}
    assert Appointment.select().count() == 0


async def test_change_is_agreed_in_advance_and_logged(center):
    guest = wellness_guest()
    appt = ap.book(center["customer_service"], guest, at="2026-11-25 15:00", item="Tuina",
                   staff=center["nurse"].staff_id)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 30)) as pilot:
        form = await open_form(pilot, "appointment", appointment_id=appt)
        assert isinstance(form, AppointmentForm)
        assert form.values() == {"at": "2026-11-25 15:00", "item": "Tuina", "staff": number(center, "nurse"),
                                 "agreed": False, "note": ""}
        assert "Now: 2026-11-25 15:00" in info_of(form)
        await pilot.press("end", *["backspace"] * 5)
        await type_text(pilot, "10:00")
        await refused(pilot, form)
        assert "agree the change" in error_of(form, "agreed") and app.focused.id == "f-agreed"
        await pilot.press("space", "tab")
        await refused(pilot, form)
        assert "how the guest agreed" in error_of(form, "note")
        assert form.values()["at"] == "2026-11-25 10:00" and form.values()["agreed"] is True
        assert Appointment.get_by_id(appt).at.isoformat().startswith("2026-11-25T07:00")
        await type_text(pilot, "phoned 11-23, ok")
        await saved(pilot, form)
    assert Appointment.get_by_id(appt).at.isoformat().startswith("2026-11-25T02:00")
    event = Event.get(Event.action == "appointment.change")
    assert event.after == {"at": "2026-11-25T02:00:00+00:00", "agreed": "phoned 11-23, ok"}  # only the edit


# -- assessment -----------------------------------------------------------------------------------
async def test_assessment_form_saves_for_a_nurse(center):
    guest = wellness_guest()
    app = make_app(None, lang="en", actor=center["nurse"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "assessment", guest_id=guest)
        await pilot.press("tab")
        await type_text(pilot, "none")
        await refused(pilot, form)
        assert "enter the symptoms" in error_of(form, "symptoms") and app.focused.id == "f-symptoms"
        await type_text(pilot, "insomnia")
        await pilot.press("tab", "tab")
        await type_text(pilot, "penicillin")
        await pilot.press("tab")
        await type_text(pilot, "diabetes")
        await saved(pilot, form)
    g = Guest.get_by_id(guest)
    assert g.health_notes == "symptoms: insomnia\nhistory: none\nfamily history: diabetes"
    assert g.allergies == "penicillin"


async def test_assessment_needs_the_health_permission(center):
    guest = wellness_guest()
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "assessment", guest_id=guest)
        await type_text(pilot, "insomnia")
        await refused(pilot, form)
        assert "may not health notes" in form_error(form) and form.values()["symptoms"] == "insomnia"
    assert not Guest.get_by_id(guest).health_notes


# -- the appointments screen ----------------------------------------------------------------------
def day_of_appointments(center, desk_clock=None):
    """Booked at 10:00 for today: 11:00 孙丽, 14:00 周芳, 15:30 李静, 16:00 孙丽; tomorrow one more.
    Given the clock, the day moves on to 16:30 and the 16:00 one is done (marked once it came)."""
    sun, zhou, li = wellness_guest(), wellness_guest("周芳", "13600136001"), wellness_guest("李静", "13600136002")
    cs, nurse, assistant = center["customer_service"], center["nurse"].staff_id, center["medical_assistant"].staff_id
    ids = [ap.book(cs, sun, at="2026-11-23 11:00", item="艾灸", staff=nurse),
           ap.book(cs, zhou, at="2026-11-23 14:00", item="推拿 60分钟", staff=assistant),
           ap.book(cs, li, at="2026-11-23 15:30", item="拔罐", staff=nurse),
           ap.book(cs, sun, at="2026-11-23 16:00", item="足疗", staff=assistant),
           ap.book(cs, zhou, at="2026-11-24 10:00", item="刮痧", staff=nurse)]
    if desk_clock is not None:
        desk_clock.set(clock.at_local(TODAY, 16, 30))
        ap.set_status(cs, ids[3], "done")
    return ids


async def open_appointments(pilot):
    await settle(pilot)
    pilot.app.show_screen("appointments")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AppointmentsScreen) and screen.loads >= 1
    return screen


def statuses(ids):
    return [Appointment.get_by_id(i).status for i in ids]


def table_column(screen, index):
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(r)[index]) for r in range(table.row_count)]


async def test_appointments_screen_done_no_show_and_cancel(center, frozen_clock):
    ids = day_of_appointments(center, frozen_clock)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_appointments(pilot)
        assert table_column(screen, 1) == ["孙丽", "周芳", "李静", "孙丽"]
        assert "4 appointments, 3 to serve" in str(screen.query_one("#ap-day").render())
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("down", "x")
        await settle(pilot)
        assert statuses(ids[:2]) == ["done", "no_show"]
        await pilot.press("down", "c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "李静" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(pilot)
        assert statuses(ids[2:3]) == ["booked"]
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen and statuses(ids[:4]) == ["done", "no_show", "cancelled", "done"]
        assert table_column(screen, 4) == ["done", "no-show", "cancelled", "done"]
        assert screen.selected().id == ids[2]  # the cursor stayed on her row through the reload
        await pilot.press("down", "d")  # already done: said, not changed
        await settle(pilot)
        assert statuses(ids[3:4]) == ["done"]
        await pilot.press("up", "up", "u")  # the no-show was a mistake: she is in the waiting room
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "no-show" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await settle(pilot)
        assert statuses(ids[1:2]) == ["booked"]
        assert Event.select().where(Event.action == "appointment.booked").count() == 1  # logged like any change


@pytest.mark.parametrize("status", ["done", "no_show"])
def test_an_appointment_to_come_cannot_be_done_or_no_show(center, status):
    """At 10:00 the 11:00 appointment has not happened: neither done nor missed. Refused with the
    reason, nothing written; once its time has come it can be."""
    from store.errors import Invalid

    ids = day_of_appointments(center)
    events = Event.select().count()
    with pytest.raises(Invalid, match="once its time has come") as refused:
        ap.set_status(center["customer_service"], ids[0], status)
    assert "11:00" in str(refused.value)
    assert statuses(ids[:1]) == ["booked"] and Event.select().count() == events
    assert ap.status_refusal(Appointment.get_by_id(ids[0]).at, "booked", "cancelled") is None  # cancelling is fine


async def test_appointments_screen_says_why_a_future_one_cannot_be_marked(center, frozen_clock):
    """d / x on an appointment still to come: the reason at once, no write, no question."""
    ids = day_of_appointments(center, frozen_clock)  # 16:30
    app = make_app(None, lang="zh", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_appointments(pilot)
        await pilot.press("right_square_bracket")  # tomorrow 10:00 刮痧
        await settle(pilot)
        assert table_column(screen, 2) == ["刮痧"]
        for key in ("d", "x"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen
            said = [n.message for n in app._notifications]
            assert any("到了预约时间才能标记" in m and "2026-11-24 10:00" in m for m in said), said
        assert statuses(ids[4:]) == ["booked"]
        assert Event.select().where(Event.action.in_(["appointment.done", "appointment.no_show"])).count() == 1


async def test_appointments_screen_enter_changes_and_days_move(center):
    ids = day_of_appointments(center)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_appointments(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AppointmentForm) and form.appointment_id == ids[1]
        assert form.values()["item"] == "推拿 60分钟"
        form.query_one("#f-staff").focus()
        await pilot.press("end", *["backspace"] * 5)
        await type_text(pilot, number(center, "nurse"))
        await pilot.press("tab", "space", "tab")
        await type_text(pilot, "phoned, ok")
        await saved(pilot, form)
        assert app.screen is screen
        assert Appointment.get_by_id(ids[1]).staff_id == center["nurse"].staff_id
        await settle(pilot)
        assert "nurse-name" in table_column(screen, 3)[1]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.day == TODAY + dt.timedelta(days=1) and table_column(screen, 2) == ["刮痧"]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert "No appointments" in str(screen.query_one("#ap-day").render())
        await pilot.press("t")
        await settle(pilot)
        assert len(table_column(screen, 0)) == 4


async def test_appointments_screen_reloads_live(center, frozen_clock):
    day_of_appointments(center, frozen_clock)
    app = make_app(None, lang="en", actor=center["customer_service"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_appointments(pilot)
        ap.book(center["nurse"], wellness_guest("王芳", "13600136009"), at="2026-11-23 17:00", item="艾灸",
                staff=center["nurse"].staff_id)
        for _ in range(100):
            await pilot.pause(0.05)
            if len(screen.rows) == 5:
                break
        await settle(pilot)
        assert table_column(screen, 1)[-1] == "王芳"


# -- snapshots ------------------------------------------------------------------------------------
SIZES = [(80, 24), (160, 45)]


def real_names(center):
    """Names as a center has them (the fixture's "nurse-name" would crowd the header and the table)."""
    for role, name in (("nurse", "李护士"), ("medical_assistant", "陈医助"), ("customer_service", "赵客服")):
        Staff.update(name=name).where(Staff.id == center[role].staff_id).execute()
    return dataclasses.replace(center["customer_service"], name="赵客服")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_appointments_snapshot(center, frozen_clock, snap_compare, lang, size):
    ids = day_of_appointments(center, frozen_clock)
    ap.set_status(center["customer_service"], ids[2], "no_show")
    app = make_app(None, lang=lang, actor=real_names(center))

    async def ready(pilot):
        await open_appointments(pilot)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_change_form_snapshot(center, snap_compare, lang):
    guest = wellness_guest()
    appt = ap.book(center["customer_service"], guest, at="2026-11-25 15:00", item="推拿 60分钟",
                   staff=center["nurse"].staff_id)
    app = make_app(None, lang=lang, actor=real_names(center))

    async def ready(pilot):
        form = await open_form(pilot, "appointment", appointment_id=appt)
        await pilot.press("ctrl+s")  # not agreed yet: the reason shows under the checkbox
        await settle(pilot)
        assert error_of(form, "agreed")

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
