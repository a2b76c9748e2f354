"""Peewee models: the whole schema of a center. Only store/ imports this."""
from __future__ import annotations

import peewee as pw

from store.fields import DataField, JsonField, LineField, NotesField, UtcDateTimeField

db = pw.DatabaseProxy()

ROOM_STATUSES = ("vacant", "reserved", "occupied", "cleaning", "out_of_service")
CENTER_KINDS = ("postpartum", "aesthetics", "wellness")
TASK_KINDS = ("visit", "callback", "message", "checklist")
TASK_STATUSES = ("open", "done", "skipped", "cancelled", "not_applicable")
CHANNELS = ("phone", "sms", "wechat", "in_person")


class Base(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False


class SchemaVersion(Base):
    """One row: the schema version this database is at."""

    version = pw.IntegerField()
    upgraded_at = UtcDateTimeField(null=True)


class Setting(Base):
    """Center settings: name, kind, time zone, and anything a center configures."""

    key = LineField(primary_key=True, max_length=64)
    value = DataField(null=True)


class Staff(Base):
    number = LineField(unique=True, max_length=16)
    name = LineField(max_length=64)
    role = LineField(max_length=32)
    pin_hash = LineField(max_length=256, default="")
    active = pw.BooleanField(default=True)
    failed_pins = pw.IntegerField(default=0)
    locked_until = UtcDateTimeField(null=True)
    phone = LineField(max_length=32, default="")
    created_at = UtcDateTimeField()


class Floor(Base):
    number = pw.IntegerField(unique=True)
    name = LineField(max_length=32, default="")


class Room(Base):
    floor = pw.ForeignKeyField(Floor, backref="rooms", on_delete="RESTRICT")
    number = LineField(unique=True, max_length=16)
    status = LineField(max_length=16, default="vacant")
    note = LineField(max_length=200, default="")


class Guest(Base):
    """A mother (postpartum) or a client (aesthetics, wellness)."""

    name = LineField(max_length=64)
    initials = LineField(max_length=32, default="", index=True)  # pinyin initials: 张晓红 -> zxh
    salutation = LineField(max_length=32, default="")
    phone = LineField(max_length=32, default="", index=True)
    phone_last4 = LineField(max_length=4, default="", index=True)
    wechat = LineField(max_length=64, default="")
    kind = LineField(max_length=16, default="postpartum")
    birthday = pw.DateField(null=True)
    allergies = NotesField(default="")
    health_notes = NotesField(default="")
    vip = pw.BooleanField(default=False)
    night_shift = pw.BooleanField(default=False)
    do_not_disturb = pw.BooleanField(default=False)
    declined_on = pw.DateField(null=True)  # clearly declined: messages only, for 6 months
    call_window = LineField(max_length=32, default="")  # "afternoon", "14:00-17:00"
    tier = LineField(max_length=16, default="ordinary")
    owner = pw.ForeignKeyField(Staff, null=True, backref="guests", on_delete="SET NULL")
    entered_on = pw.DateField()  # steps due before this day are not applicable
    anchors_changed_at = UtcDateTimeField(null=True, index=True)  # store.generate.mark_anchors_changed
    # Her own planning state (store/generate.py): tasks exist for every step due up to
    # planned_through (NULL: never planned), by the playbooks whose fingerprint is planned_books;
    # planned_change is the anchors_changed_at that plan saw; plan_rev moves with every plan and
    # every anchor change, so a planner that read her before either never overwrites a newer plan.
    planned_through = pw.DateField(null=True)
    planned_books = LineField(max_length=16, default="")
    planned_change = UtcDateTimeField(null=True)
    plan_rev = pw.IntegerField(default=0)
    created_at = UtcDateTimeField()


class Baby(Base):
    guest = pw.ForeignKeyField(Guest, backref="babies", on_delete="CASCADE")
    name = LineField(max_length=64, default="")
    sex = LineField(max_length=8, default="")
    born_on = pw.DateField(null=True)
    weight_g = pw.IntegerField(null=True)
    notes = NotesField(default="")


class Stay(Base):
    """A postpartum contract and the stay it buys."""

    guest = pw.ForeignKeyField(Guest, backref="stays", on_delete="CASCADE")
    contract_no = LineField(unique=True, max_length=32)
    package = LineField(max_length=64, default="")
    package_days = pw.IntegerField(default=28)
    signed_on = pw.DateField(null=True)
    due_date = pw.DateField(null=True)
    delivery_date = pw.DateField(null=True)
    delivery_type = LineField(max_length=16, default="")  # vaginal | c_section
    hospital = LineField(max_length=128, default="")
    hospital_discharge_on = pw.DateField(null=True)
    planned_admission = pw.DateField(null=True)
    admitted_on = pw.DateField(null=True)
    planned_discharge = pw.DateField(null=True, index=True)
    discharged_on = pw.DateField(null=True, index=True)  # the board's "departed today"
    room = pw.ForeignKeyField(Room, null=True, backref="stays", on_delete="SET NULL")
    first_payment_cents = pw.IntegerField(default=0)
    balance_cents = pw.IntegerField(default=0)
    deposit_cents = pw.IntegerField(default=0)
    deposit_refunded_on = pw.DateField(null=True)
    status = LineField(max_length=16, default="signed")  # signed | admitted | discharged | cancelled
    notice = DataField(null=True)  # admission notice extras: {"vouchers": .., "gifts": ..}
    car_request = DataField(null=True)  # {"pickup_at", "address", "note", "by", "approved_by", ..}
    readiness = DataField(null=True)  # room readiness: {"item_id": {"done", "by", "at"}}
    checkout = DataField(null=True)  # discharge checklist, refund, override: who, when, why

    class Meta:
        # the board: who is in house (admitted) and who arrives soon (signed, by planned admission)
        indexes = ((("status", "planned_admission"), False),)


class Case(Base):
    """An aesthetics consultation and what came of it."""

    guest = pw.ForeignKeyField(Guest, backref="cases", on_delete="CASCADE")
    consulted_on = pw.DateField()
    category = LineField(max_length=32)  # new | returning | consulted_not_booked | booked_no_show
    item = LineField(max_length=128, default="")
    consultant = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    converted_on = pw.DateField(null=True)
    on_611_plan = pw.BooleanField(default=False)


class Procedure(Base):
    guest = pw.ForeignKeyField(Guest, backref="procedures", on_delete="CASCADE")
    case = pw.ForeignKeyField(Case, null=True, backref="procedures", on_delete="SET NULL")
    kind = LineField(max_length=32)  # surgery_outpatient | surgery_inpatient | skin | dental | non_invasive
    name = LineField(max_length=128)
    performed_on = pw.DateField()
    discharged_on = pw.DateField(null=True)
    stitch_removal_on = pw.DateField(null=True)


class Course(Base):
    """A treatment course: N sessions, then calls after it ends."""

    guest = pw.ForeignKeyField(Guest, backref="courses", on_delete="CASCADE")
    name = LineField(max_length=128)
    sessions_planned = pw.IntegerField(default=6)
    ended_on = pw.DateField(null=True)


class CourseSession(Base):
    course = pw.ForeignKeyField(Course, backref="sessions", on_delete="CASCADE")
    number = pw.IntegerField()
    done_on = pw.DateField()

    class Meta:
        indexes = ((("course", "number"), True),)


class Appointment(Base):
    """Wellness (and aesthetics) appointments: time, item, staff."""

    guest = pw.ForeignKeyField(Guest, backref="appointments", on_delete="CASCADE")
    at = UtcDateTimeField(index=True)
    item = LineField(max_length=128)
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    status = LineField(max_length=16, default="booked")  # booked | done | cancelled | no_show
    purpose = LineField(max_length=32, default="")  # vip_arrival | treatment | dressing | revisit | ... (playbook anchors)


class Task(Base):
    """A visit or callback a playbook step scheduled for a guest."""

    guest = pw.ForeignKeyField(Guest, backref="tasks", on_delete="CASCADE", index=False)  # (guest, status, due_at)
    stay = pw.ForeignKeyField(Stay, null=True, on_delete="CASCADE", index=False)  # partial, below
    kind = LineField(max_length=16)  # TASK_KINDS
    playbook = LineField(max_length=32)
    step = LineField(max_length=64)
    anchor = LineField(max_length=32)
    dedupe_key = LineField(unique=True, max_length=200)  # guest/step/anchor ref/occurrence
    title = LineField(max_length=200, default="")
    due_at = UtcDateTimeField()
    window_end = UtcDateTimeField(null=True)
    channel = LineField(max_length=16, default="phone")
    role = LineField(max_length=32, default="")
    assignee = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)  # partial, below
    status = LineField(max_length=16, default="open")
    attempts = pw.IntegerField(default=0)
    outcome = LineField(max_length=32, default="")
    reason = LineField(max_length=200, default="")
    checklist = DataField(null=True)  # [{"item": "...", "done": false}]
    why = LineField(max_length=200, default="")  # the playbook step's manual rule ("§4.6.3 day 2")
    done_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+", index=False)  # partial, below
    done_at = UtcDateTimeField(null=True)
    created_at = UtcDateTimeField()

    class Meta:
        indexes = (
            (("guest", "status", "due_at"), False),  # also serves guest_id alone (and its cascade)
        )


# The lists' index, (status, due_at), leaves out not-applicable rows: 40% of a first generation's
# inserts, their due dates scattered over years of history, and a third of its insert time
# (bench_generate). SQLite uses a partial index only for a query that repeats the index's WHERE
# term word for word, with a literal: every list across guests adds `& listed()`.
LISTED_TERM = "'not_applicable'"


def listed() -> pw.Expression:
    """The term that lets a query across guests use the (status, due_at) index."""
    return Task.status != pw.SQL(LISTED_TERM)


Task.add_index(Task.index(Task.status, Task.due_at).where(listed()))


TASK_PARTIAL_INDEXES = ("stay", "assignee", "done_by")
for _name in TASK_PARTIAL_INDEXES:  # mostly NULL: indexing only the set values keeps inserts cheap
    _column = getattr(Task, _name)
    Task.add_index(Task.index(_column).where(_column.is_null(False)))


class ContactLog(Base):
    """What happened when someone acted on a task or reached out: who, when, what."""

    guest = pw.ForeignKeyField(Guest, backref="contacts", on_delete="CASCADE")
    task = pw.ForeignKeyField(Task, null=True, backref="logs", on_delete="SET NULL")
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = UtcDateTimeField(index=True)
    channel = LineField(max_length=16, default="")
    outcome = LineField(max_length=32)
    note = NotesField(default="")


class Note(Base):
    """A free one-line note to a guest ("603 slept 5h, latch ok")."""

    guest = pw.ForeignKeyField(Guest, backref="notes", on_delete="CASCADE")
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = UtcDateTimeField(index=True)
    text = NotesField()


class Complaint(Base):
    guest = pw.ForeignKeyField(Guest, null=True, backref="complaints", on_delete="SET NULL")
    channel = LineField(max_length=16, default="")
    received_at = UtcDateTimeField()
    reporter = LineField(max_length=64, default="")
    what = NotesField()
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    deadline = UtcDateTimeField(null=True, index=True)
    investigation = NotesField(default="")
    plan = NotesField(default="")
    plan_owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    plan_due = pw.DateField(null=True)
    reply = NotesField(default="")
    replied_at = UtcDateTimeField(null=True)
    result_confirmed_at = UtcDateTimeField(null=True)
    closed_at = UtcDateTimeField(null=True)
    status = LineField(max_length=16, default="open")  # open | investigating | resolved | closed


class Survey(Base):
    guest = pw.ForeignKeyField(Guest, backref="surveys", on_delete="CASCADE")
    stay = pw.ForeignKeyField(Stay, null=True, on_delete="SET NULL")
    at = UtcDateTimeField()
    scores = DataField()  # {"item_id": 1..5}
    comment = NotesField(default="")


class SignOff(Base):
    """A department's signature on an admission notice or discharge form."""

    stay = pw.ForeignKeyField(Stay, backref="signoffs", on_delete="CASCADE")
    form = LineField(max_length=32)  # admission_notice | discharge_form
    department = LineField(max_length=32)
    staff = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
    at = UtcDateTimeField()

    class Meta:
        indexes = ((("stay", "form", "department"), True),)


class Payment(Base):
    """Money in (positive) or out (refunds, negative): spend for tiers, balance for checkout."""

    guest = pw.ForeignKeyField(Guest, backref="payments", on_delete="CASCADE")
    stay = pw.ForeignKeyField(Stay, null=True, backref="payments", on_delete="SET NULL")
    amount_cents = pw.IntegerField()
    at = UtcDateTimeField(index=True)
    kind = LineField(max_length=32)  # first_payment | balance | deposit | deposit_refund | service | ..
    note = LineField(max_length=200, default="")


class Draft(Base):
    """Text typed and not yet saved, kept per person so a dropped session loses nothing."""

    staff = pw.ForeignKeyField(Staff, on_delete="CASCADE")
    key = LineField(max_length=64)
    text = NotesField(default="")
    updated_at = UtcDateTimeField()

    class Meta:
        indexes = ((("staff", "key"), True),)


class Event(Base):
    """Append-only: the audit trail and the change feed that live screens poll."""

    at = UtcDateTimeField()
    staff = pw.IntegerField(null=True)  # no FK: the log outlives staff records
    staff_name = pw.CharField(max_length=64, default="")  # copies: plain, old text included
    terminal = pw.CharField(max_length=128, default="")
    # who sat at the terminal (store/terminal.py); '' in events written before migration m0004
    os_user = pw.CharField(max_length=64, default="", constraints=[pw.SQL("DEFAULT ''")])
    tty = pw.CharField(max_length=32, default="", constraints=[pw.SQL("DEFAULT ''")])
    client = pw.CharField(max_length=128, default="", constraints=[pw.SQL("DEFAULT ''")])
    action = pw.CharField(max_length=64)
    entity = pw.CharField(max_length=32, default="")
    entity_id = pw.IntegerField(null=True)
    guest = pw.IntegerField(null=True, index=True)
    before = JsonField(null=True)
    after = JsonField(null=True)
    prev = pw.IntegerField(null=True)  # the event this one is chained to; None starts a chain
    seal = pw.CharField(max_length=64, null=True)  # keyed hash over prev's seal and this row (store/auditchain.py)

    class Meta:
        indexes = ((("entity", "entity_id"), False), (("staff", "at"), False))


class PlanFailure(Base):
    """A guest planning could not plan (bad data): she is skipped, the others go on. One row per
    guest, gone once she plans again; managers see them on the board and in `carefloor due`."""

    guest = pw.ForeignKeyField(Guest, unique=True, on_delete="CASCADE")
    playbook = LineField(max_length=32, default="")
    step = LineField(max_length=64, default="")  # "" when no one step is to blame (her dates)
    error = NotesField()
    first_at = UtcDateTimeField()
    at = UtcDateTimeField()


class HandoverAck(Base):
    """The incoming shift's acknowledgement of a handover: who, when, and what it said (counts)."""

    shift = LineField(max_length=16)  # a key of the "shifts" setting: day | night
    starts_at = UtcDateTimeField()
    ends_at = UtcDateTimeField()
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    staff_name = pw.CharField(max_length=64)
    at = UtcDateTimeField()
    summary = JsonField(null=True)  # the counts the incoming nurse saw

    class Meta:
        indexes = ((("shift", "starts_at"), True),)


MODELS = [
    SchemaVersion, Setting, Staff, Floor, Room, Guest, Baby, Stay, Case, Procedure, Course,
    CourseSession, Appointment, Task, ContactLog, Note, Complaint, Survey, SignOff, Draft, Event,
    Payment, HandoverAck, PlanFailure,
]
