"""A task's script in the reader's language with the guest's details filled in."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import arrow

from seeds.festivals import FESTIVALS
from store import clock, schedule
from store.errors import NotFound
from store.models import Appointment, Baby, Guest, Room, Stay, Task
from store.settings import get_setting
from store.surnames import surname_of

FALLBACK = {
    "zh": {"salutation": "宝妈", "baby": "宝宝", "center": "本中心"},
    "en": {"salutation": "Mom", "baby": "your baby", "center": "our center"},
}
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class FilledScript:
    title: str
    text: str
    checklist: list[str]
    why: str  # in `lang`; the task's stored text when the playbook no longer has the step
    channel: str
    whys: dict | None = None  # the step's {"zh", "en"} manual rule, for a screen that picks the language


class _Values(dict):
    def __missing__(self, key):  # an unknown placeholder stays visible rather than crashing
        return "{" + key + "}"


def salutation(name: str, stored: str, lang: str) -> str:
    """王小红 -> 王小姐 / Ms. Wang; a stored salutation wins; no name, or one that starts with
    something else than a Chinese character ("VIP王美丽") -> 宝妈 / Mom."""
    if stored and (lang == "zh" or not _HAN.search(stored)):
        return stored
    name = (name or "").strip()
    if not name:
        return FALLBACK[lang]["salutation"]
    if not _HAN.search(name):
        return f"Ms. {name.split()[-1]}" if lang == "en" else name
    surname = surname_of(name) or (name[0] if _HAN.match(name) else None)  # a rare surname: its first character
    if surname is None:
        return FALLBACK[lang]["salutation"]
    if lang == "zh":
        return f"{surname}小姐"
    from pypinyin import lazy_pinyin  # lazy: the dictionary costs ~100 ms to load

    return "Ms. " + "".join(lazy_pinyin(surname)).capitalize()


def filled_script(task_id: int, lang: str = "zh", staff_name: str | None = None) -> FilledScript:
    """Title, text and checklist of the task's step in `lang` ("zh"/"en"), placeholders filled."""
    lang = "en" if lang == "en" else "zh"
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFound("task {id} not found", id=task_id)
    step = schedule.step_for(task.playbook, task.step)
    values = _values(task, lang, staff_name)
    if step is None:  # a task from elsewhere (e.g. a tier change) or a step the center removed
        items = [str((i.get(lang) if lang == "en" else None) or i.get("item", "")) for i in task.checklist or []]
        return FilledScript(task.title, "", items, task.why, task.channel)
    fill = lambda text: text.format_map(values)  # noqa: E731
    return FilledScript(
        title=fill(step.title[lang]), text=fill(step.script[lang]),
        checklist=[fill(item[lang]) for item in step.checklist], why=step.why[lang], channel=task.channel,
        whys=dict(step.why),
    )


def _values(task: Task, lang: str, staff_name: str | None) -> _Values:
    guest = Guest.get_by_id(task.guest_id)
    stay = _stay(task)
    due_day = arrow.get(task.due_at).to(clock.timezone()).date()
    return _Values(
        salutation=salutation(guest.name, guest.salutation, lang), name=guest.name,
        baby=_baby(guest.id) or FALLBACK[lang]["baby"], room=_room(stay), day=_day(stay, due_day),
        staff=staff_name or _role_name(task.role, lang), center=get_setting("center_name") or FALLBACK[lang]["center"],
        festival=_festival(task.dedupe_key, lang), date=_date(task, lang),
    )


def _stay(task: Task) -> Stay | None:
    if task.stay_id:
        return Stay.get_or_none(Stay.id == task.stay_id)
    return Stay.select().where(Stay.guest == task.guest_id).order_by(Stay.id.desc()).first()


def _baby(guest_id: int) -> str:
    row = Baby.select(Baby.name).where(Baby.guest == guest_id, Baby.name != "").order_by(Baby.id).first()
    return row.name if row else ""


def _room(stay: Stay | None) -> str:
    if stay is None or stay.room_id is None:
        return ""
    room = Room.get_or_none(Room.id == stay.room_id)
    return room.number if room else ""


def _day(stay: Stay | None, day: dt.date) -> str:
    admission = stay and (stay.admitted_on or stay.planned_admission)
    return str(schedule.stay_day(admission, day)) if admission else ""


def _role_name(role: str, lang: str) -> str:
    from seeds.roles import load_roles

    found = load_roles().get(role)
    return found.name[lang] if found else ""


def _ref(key: str) -> tuple[str, str]:
    parts = key.split("/")
    return (parts[3], parts[4]) if len(parts) >= 5 else ("", "")


def _festival(key: str, lang: str) -> str:
    occ = _ref(key)[1]
    fid = occ.rstrip("0123456789")
    return FESTIVALS[fid][lang] if fid in FESTIVALS else ""


def _date(task: Task, lang: str) -> str:
    """The appointment's local time for appointment steps, else the task's day."""
    ref = _ref(task.dedupe_key)[0]
    at = task.due_at
    if ref.startswith("a") and ref[1:].isdigit():
        appt = Appointment.get_or_none(Appointment.id == int(ref[1:]))
        at = appt.at if appt else at
    local = arrow.get(at).to(clock.timezone())
    return local.format("M月D日 HH:mm") if lang == "zh" else local.format("D MMM HH:mm")
