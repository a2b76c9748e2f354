"""Peewee models: the whole schema of a center. Only store/ imports this."""
from __future__ import annotations

import peewee as pw

from store.fields import JsonField, UtcDateTimeField

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

    key = pw.CharField(primary_key=True, max_length=64)
    value = JsonField(null=True)


class Staff(Base):
    number = pw.CharField(unique=True, max_length=16)
    name = pw.CharField(max_length=64)
    role = pw.CharField(max_length=32)
    pin_hash = pw.CharField(max_length=256, default="")
    active = pw.BooleanField(default=True)
    failed_pins = pw.IntegerField(default=0)
    locked_until = UtcDateTimeField(null=True)
    phone = pw.CharField(max_length=32, default="")
    created_at = UtcDateTimeField()


class Floor(Base):
    number = pw.IntegerField(unique=True)
    name = pw.CharField(max_length=32, default="")


class Room(Base):
    floor = pw.ForeignKeyField(Floor, backref="rooms", on_delete="RESTRICT")
    number = pw.CharField(unique=True, max_length=16)
    status = pw.CharField(max_length=16, default="vacant")
    note = pw.CharField(max_length=200, default="")


class Guest(Base):
    """A mother (postpartum) or a client (aesthetics, wellness)."""

    name = pw.CharField(max_length=64)
    initials = pw.CharField(max_length=32, default="", index=True)  # pinyin initials: 张晓红 -> zxh
    salutation = pw.CharField(max_length=32, default="")
    phone = pw.CharField(max_length=32, default="", index=True)
    phone_last4 = pw.CharField(max_length=4, default="", index=True)
    wechat = pw.CharField(max_length=64, default="")
    kind = pw.CharField(max_length=16, default="postpartum")
    birthday = pw.DateField(null=True)
    allergies = pw.TextField(default="")
    health_notes = pw.TextField(default="")
    vip = pw.BooleanField(default=False)
    night_shift = pw.BooleanField(default=False)
    do_not_disturb = pw.BooleanField(default=False)
    declined_on = pw.DateField(null=True)  # clearly declined: messages only, for 6 months
    call_window = pw.CharField(max_length=32, default="")  # "afternoon", "14:00-17:00"
    tier = pw.CharField(max_length=16, default="ordinary")
    owner = pw.ForeignKeyField(Staff, null=True, backref="guests", on_delete="SET NULL")
    entered_on = pw.DateField()  # steps due before this day are not applicable
    anchors_changed_at = UtcDateTimeField(null=True, index=True)  # store.generate.mark_anchors_changed
    # Her own planning state (store/generate.py): tasks exist for every step due up to
    # planned_through (NULL: never planned), by the playbooks whose fingerprint is planned_books;
    # planned_change is the anchors_changed_at that plan saw; plan_rev moves with every plan and
    # every anchor change, so a planner that read her before either never overwrites a newer plan.
    planned_through = pw.DateField(null=True)
    planned_books = pw.CharField(max_length=16, default="")
    planned_change = UtcDateTimeField(null=True)
    plan_rev = pw.IntegerField(default=0)
    created_at = UtcDateTimeField()


class Baby(Base):
    guest = pw.ForeignKeyField(Guest, backref="babies", on_delete="CASCADE")
    name = pw.CharField(max_length=64, default="")
    sex = pw.CharField(max_length=8, default="")
    born_on = pw.DateField(null=True)
    weight_g = pw.IntegerField(null=True)
    notes = pw.TextField(default="")


class Stay(Base):
    """A postpartum contract and the stay it buys."""

    guest = pw.ForeignKeyField(Guest, backref="stays", on_delete="CASCADE")
    contract_no = pw.CharField(unique=True, max_length=32)
    package = pw.CharField(max_length=64, default="")
    package_days = pw.IntegerField(default=28)
    signed_on = pw.DateField(null=True)
    due_date = pw.DateField(null=True)
    delivery_date = pw.DateField(null=True)
    delivery_type = pw.CharField(max_length=16, default="")  # vaginal | c_section
    hospital = pw.CharField(max_length=128, default="")
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
    status = pw.CharField(max_length=16, default="signed")  # signed | admitted | discharged | cancelled
    notice = JsonField(null=True)  # admission notice extras: {"vouchers": .., "gifts": ..}
    car_request = JsonField(null=True)  # {"pickup_at", "address", "note", "by", "approved_by", ..}
    readiness = JsonField(null=True)  # room readiness: {"item_id": {"done", "by", "at"}}
    checkout = JsonField(null=True)  # discharge checklist, refund, override: who, when, why

    class Meta:
        # the board: who is in house (admitted) and who arrives soon (signed, by planned admission)
        indexes = ((("status", "planned_admission"), False),)


class Case(Base):
    """An aesthetics consultation and what came of it."""

    guest = pw.ForeignKeyField(Guest, backref="cases", on_delete="CASCADE")
    consulted_on = pw.DateField()
    category = pw.CharField(max_length=32)  # new | returning | consulted_not_booked | booked_no_show
    item = pw.CharField(max_length=128, default="")
    consultant = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    converted_on = pw.DateField(null=True)
    on_611_plan = pw.BooleanField(default=False)


class Procedure(Base):
    guest = pw.ForeignKeyField(Guest, backref="procedures", on_delete="CASCADE")
    case = pw.ForeignKeyField(Case, null=True, backref="procedures", on_delete="SET NULL")
    kind = pw.CharField(max_length=32)  # surgery_outpatient | surgery_inpatient | skin | dental | non_invasive
    name = pw.CharField(max_length=128)
    performed_on = pw.DateField()
    discharged_on = pw.DateField(null=True)
    stitch_removal_on = pw.DateField(null=True)


class Course(Base):
    """A treatment course: N sessions, then calls after it ends."""

    guest = pw.ForeignKeyField(Guest, backref="courses", on_delete="CASCADE")
    name = pw.CharField(max_length=128)
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
    item = pw.CharField(max_length=128)
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    status = pw.CharField(max_length=16, default="booked")  # booked | done | cancelled | no_show
    purpose = pw.CharField(max_length=32, default="")  # vip_arrival | treatment | dressing | revisit | ... (playbook anchors)


class Task(Base):
    """A visit or callback a playbook step scheduled for a guest."""

    guest = pw.ForeignKeyField(Guest, backref="tasks", on_delete="CASCADE", index=False)  # (guest, status, due_at)
    stay = pw.ForeignKeyField(Stay, null=True, on_delete="CASCADE", index=False)  # partial, below
    kind = pw.CharField(max_length=16)  # TASK_KINDS
    playbook = pw.CharField(max_length=32)
    step = pw.CharField(max_length=64)
    anchor = pw.CharField(max_length=32)
    dedupe_key = pw.CharField(unique=True, max_length=200)  # guest/step/anchor ref/occurrence
    title = pw.CharField(max_length=200, default="")
    due_at = UtcDateTimeField()
    window_end = UtcDateTimeField(null=True)
    channel = pw.CharField(max_length=16, default="phone")
    role = pw.CharField(max_length=32, default="")
    assignee = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)  # partial, below
    status = pw.CharField(max_length=16, default="open")
    attempts = pw.IntegerField(default=0)
    outcome = pw.CharField(max_length=32, default="")
    reason = pw.CharField(max_length=200, default="")
    checklist = JsonField(null=True)  # [{"item": "...", "done": false}]
    why = pw.CharField(max_length=200, default="")  # the playbook step's manual rule ("§4.6.3 day 2")
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
    channel = pw.CharField(max_length=16, default="")
    outcome = pw.CharField(max_length=32)
    note = pw.TextField(default="")


class Note(Base):
    """A free one-line note to a guest ("603 slept 5h, latch ok")."""

    guest = pw.ForeignKeyField(Guest, backref="notes", on_delete="CASCADE")
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = UtcDateTimeField(index=True)
    text = pw.TextField()


class Complaint(Base):
    guest = pw.ForeignKeyField(Guest, null=True, backref="complaints", on_delete="SET NULL")
    channel = pw.CharField(max_length=16, default="")
    received_at = UtcDateTimeField()
    reporter = pw.CharField(max_length=64, default="")
    what = pw.TextField()
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    deadline = UtcDateTimeField(null=True, index=True)
    investigation = pw.TextField(default="")
    plan = pw.TextField(default="")
    plan_owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    plan_due = pw.DateField(null=True)
    reply = pw.TextField(default="")
    replied_at = UtcDateTimeField(null=True)
    result_confirmed_at = UtcDateTimeField(null=True)
    closed_at = UtcDateTimeField(null=True)
    status = pw.CharField(max_length=16, default="open")  # open | investigating | resolved | closed


class Survey(Base):
    guest = pw.ForeignKeyField(Guest, backref="surveys", on_delete="CASCADE")
    stay = pw.ForeignKeyField(Stay, null=True, on_delete="SET NULL")
    at = UtcDateTimeField()
    scores = JsonField()  # {"item_id": 1..5}
    comment = pw.TextField(default="")


class SignOff(Base):
    """A department's signature on an admission notice or discharge form."""

    stay = pw.ForeignKeyField(Stay, backref="signoffs", on_delete="CASCADE")
    form = pw.CharField(max_length=32)  # admission_notice | discharge_form
    department = pw.CharField(max_length=32)
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
    kind = pw.CharField(max_length=32)  # first_payment | balance | deposit | deposit_refund | service | ..
    note = pw.CharField(max_length=200, default="")


class Draft(Base):
    """Text typed and not yet saved, kept per person so a dropped session loses nothing."""

    staff = pw.ForeignKeyField(Staff, on_delete="CASCADE")
    key = pw.CharField(max_length=64)
    text = pw.TextField(default="")
    updated_at = UtcDateTimeField()

    class Meta:
        indexes = ((("staff", "key"), True),)


class Event(Base):
    """Append-only: the audit trail and the change feed that live screens poll."""

    at = UtcDateTimeField()
    staff = pw.IntegerField(null=True)  # no FK: the log outlives staff records
    staff_name = pw.CharField(max_length=64, default="")
    terminal = pw.CharField(max_length=128, default="")
    action = pw.CharField(max_length=64)
    entity = pw.CharField(max_length=32, default="")
    entity_id = pw.IntegerField(null=True)
    guest = pw.IntegerField(null=True, index=True)
    before = JsonField(null=True)
    after = JsonField(null=True)

    class Meta:
        indexes = ((("entity", "entity_id"), False), (("staff", "at"), False))


class PlanFailure(Base):
    """A guest planning could not plan (bad data): she is skipped, the others go on. One row per
    guest, gone once she plans again; managers see them on the board and in `carefloor due`."""

    guest = pw.ForeignKeyField(Guest, unique=True, on_delete="CASCADE")
    playbook = pw.CharField(max_length=32, default="")
    step = pw.CharField(max_length=64, default="")  # "" when no one step is to blame (her dates)
    error = pw.TextField()
    first_at = UtcDateTimeField()
    at = UtcDateTimeField()


class HandoverAck(Base):
    """The incoming shift's acknowledgement of a handover: who, when, and what it said (counts)."""

    shift = pw.CharField(max_length=16)  # a key of the "shifts" setting: day | night
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
