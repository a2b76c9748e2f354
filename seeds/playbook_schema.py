"""What a playbook is made of: plain frozen dataclasses and the vocabulary a step may use."""
from __future__ import annotations

from dataclasses import dataclass, field

UNITS = ("minutes", "hours", "days", "weeks", "months")
CLOCK_UNITS = ("minutes", "hours")
CHANNELS = ("phone", "sms", "wechat", "in_person")
KINDS = ("visit", "callback", "message", "checklist")
CONDITIONS = ("while_not_converted", "skip_if_visited", "stop_on_dnd", "after_decline_messages_only")
PLACEHOLDERS = ("salutation", "name", "baby", "room", "day", "staff", "center", "festival", "date")
ASSIGN = ("", "owner", "consultant")

# anchor name -> the record it hangs on (one task series per record)
ANCHORS: dict[str, str] = {
    "signing": "stay", "due_date": "stay", "delivery": "stay", "hospital_discharge": "stay",
    "admission": "stay", "mid_stay": "stay", "full_month": "stay", "planned_discharge": "stay",
    "discharge": "stay", "stay_end": "stay",
    "consultation": "case", "plan_611": "case",
    "procedure": "procedure", "procedure_discharge": "procedure", "stitch_removal": "procedure",
    "treatment_session": "session", "course_end": "course",
    "appointment": "appointment", "vip_arrival": "appointment",
    "birthday": "guest", "festival": "guest", "first_seen": "guest",
    "quarter": "center",
    "after_step": "step",
}
INSTANT_ANCHORS = frozenset({"appointment", "vip_arrival"})
# dates a bound ("until due_date", "last_seen + 6 months") may name besides the anchors
BOUND_NAMES = frozenset(ANCHORS) - {"festival", "after_step", "quarter"} | {"last_seen"}
ONLY_FOR: dict[str, tuple] = {
    "case_category": ("new", "returning", "consulted_not_booked", "booked_no_show"),
    "procedure_kind": ("surgery_outpatient", "surgery_inpatient", "skin", "dental", "non_invasive"),
    "appointment_purpose": ("", "visit", "treatment", "dressing", "stitch_removal", "revisit", "consultation"),
    "appointment_status": ("booked", "done", "cancelled", "no_show"),
    "delivery_type": ("vaginal", "c_section"),
    "vip": (True, False),
    "session_number": tuple(range(1, 31)),
}


@dataclass(frozen=True)
class Offset:
    """A signed distance from an anchor: amount < 0 is before."""

    amount: int
    unit: str = "days"

    @property
    def is_clock(self) -> bool:
        return self.unit in CLOCK_UNITS


ZERO = Offset(0, "days")


@dataclass(frozen=True)
class Bound:
    """A date named relative to the guest: 'due_date', 'last_seen + 6 months', 'pregnancy week 24'."""

    anchor: str = ""
    offset: Offset = ZERO
    pregnancy_week: int | None = None


@dataclass(frozen=True)
class Repeat:
    """A step that recurs: every N units, or on given days of the month; bounded by until/count."""

    every: Offset | None = None
    days_of_month: tuple[int, ...] = ()
    start: Bound | None = None
    until: Bound | None = None
    count: int | None = None


@dataclass(frozen=True)
class Window:
    """A local clock range in which a task is due; None on a step means the anchor's own time."""

    name: str
    start: tuple[int, int]
    end: tuple[int, int]




@dataclass(frozen=True)
class Outcome:
    """What 'no answer' / 'not in room' does: retry `retry_after` later inside the task's window (or
    `within`, for in-person tasks: the day's hours), else at the next day's start; after
    `max_attempts` tries at distinct times, escalate. Tries closer together than `apart` (a key
    pressed twice) count as one."""

    retry_after: Offset = Offset(2, "hours")
    max_attempts: int = 3
    escalate_to: str = "supervisor"
    within: Window | None = None  # the hours a retry may fall in, widening the task's own window
    apart: Offset = Offset(10, "minutes")


@dataclass(frozen=True)
class Step:
    id: str
    playbook: str
    anchor: str
    offset: Offset
    channel: str
    role: str
    kind: str
    title: dict[str, str]
    script: dict[str, str]
    why: dict[str, str]  # the manual rule, {zh, en}; a plain-text why in a file is used for both
    window: Window | None = None
    repeat: Repeat | None = None
    checklist: tuple[dict[str, str], ...] = ()
    conditions: frozenset[str] = frozenset()
    outcome: Outcome = Outcome()
    only_for: dict[str, tuple] = field(default_factory=dict)
    between: tuple[Bound | None, Bound | None] = (None, None)
    festivals: tuple[str, ...] = ()
    after_step: str = ""
    offset_by_outcome: dict[str, Offset] = field(default_factory=dict)
    clamp: Bound | None = None
    assign: str = ""
    source: str = ""

    @property
    def context(self) -> str:
        return ANCHORS[self.anchor]

    @property
    def is_outreach(self) -> bool:
        """Reaches the guest away from the center: stopped by do-not-disturb."""
        return self.channel != "in_person"


@dataclass(frozen=True)
class Playbook:
    name: str
    kinds: tuple[str, ...]
    vip_only: bool
    steps: tuple[Step, ...]
    windows: dict[str, Window]
    source: str = ""

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)
