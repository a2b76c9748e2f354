"""Formatting of the guest file: labelled field rows and timeline rows (plain data in, Rich text out)."""
from __future__ import annotations

import datetime as dt

from rich.text import Text

from store import clock
from store.guests import GuestFile, TimelineEntry
from store.text import inert
from tui.i18n import has, t
from tui.money import figure_parts


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "-"


def _hidden() -> Text:
    return Text(t("guest_file.hidden"), style="dim italic")


def title_line(file: GuestFile, addressed: str = "") -> Text:
    """Name (how to address her), room, day of stay, flags."""
    text = Text(f" {inert(file.name)}", style="bold")  # stored text: inert (store/text.py)
    if addressed:
        text.append(f" ({inert(addressed)})")
    stay = file.stay
    if stay and stay.room:
        text.append(f"  {inert(stay.room)}")
    if stay and stay.day is not None:
        text.append("  " + t("board.day_of_stay", day=stay.day, days=stay.package_days))
    flags = [t("board.flag.allergy")] if file.has_allergies else []
    flags += [t(f"board.flag.{k}") for k, on in (("dnd", file.do_not_disturb), ("vip", file.vip),
                                                  ("complaint", file.open_complaints > 0)) if on]
    if stay and stay.delivery_type == "c_section":
        flags.append(t("board.flag.c_section"))
    if flags:
        text.append("  " + " ".join(flags), style="bold")
    return text


def field_rows(file: GuestFile) -> list[tuple[str, object]]:
    """(label, value) rows in SPEC 2.5 order; hidden fields say so."""
    rows: list[tuple[str, object]] = [
        (t("guest_file.f.phone"), file.phone or "-"),
        (t("guest_file.f.wechat"), file.wechat or "-"),
        (t("guest_file.f.call_window"), file.call_window or "-"),
        (t("guest_file.f.dnd"), t("common.yes") if file.do_not_disturb else t("common.no")),
        (t("guest_file.f.tier"), t(f"guest_file.tier.{file.tier}") if file.tier else "-"),
        (t("guest_file.f.owner"), file.owner or "-"),
        (t("guest_file.f.allergies"), _hidden() if file.allergies is None else (file.allergies or "-")),
        (t("guest_file.f.health"), _hidden() if file.health_notes is None else (file.health_notes or "-")),
    ]
    rows += _stay_rows(file)
    for baby in file.babies:
        born = _date(baby.born_on)
        weight = f" {baby.weight_g}g" if baby.weight_g else ""
        sex = t(f"guest_file.sex.{baby.sex}") if baby.sex in ("female", "male") else baby.sex
        rows.append((t("guest_file.f.baby"), f"{baby.name or '-'} {sex} {born}{weight}".strip()))
    return rows


def _stay_rows(file: GuestFile) -> list[tuple[str, object]]:
    stay = file.stay
    if stay is None:
        return [(t("guest_file.f.stay"), t("guest_file.no_stay"))]
    rows: list[tuple[str, object]] = [
        (t("guest_file.f.stay"), t(f"guest_file.stay_status.{stay.status}")),
        (t("guest_file.f.package"), f"{stay.package or '-'} ({stay.package_days})"),
        (t("guest_file.f.due_date"), _date(stay.due_date)),
        (t("guest_file.f.delivery"), _hidden() if stay.delivery_type is None else
         f"{_date(stay.delivery_date)} {t('guest_file.delivery.' + stay.delivery_type) if stay.delivery_type else ''}"),
        (t("guest_file.f.hospital"), stay.hospital or "-"),
        (t("guest_file.f.admission"), _date(stay.admitted_on or stay.planned_admission)),
        (t("guest_file.f.discharge"), _date(stay.discharged_on or stay.planned_discharge)),
    ]
    if stay.contract_no is None or stay.money is None:
        rows.append((t("guest_file.f.contract"), _hidden()))
        rows.append((t("guest_file.f.payments"), _hidden()))
    else:
        rows.append((t("guest_file.f.contract"), stay.contract_no))
        rows += figure_parts(stay.money)  # one row a figure, named as on the payment and discharge forms
    return rows


def _change(field: str, before, after) -> str:
    """'状态: 在住 -> 已离店', '金额: - -> 5,000.00': known fields and values in words."""
    label = _word("field", field)
    return f"{label}: {_value(field, before)} -> {_value(field, after)}"


def _value(field: str, value) -> str:
    if value in (None, ""):
        return "-"
    if field.endswith("cents") and str(value).lstrip("-").isdigit():
        return f"{int(value) / 100:,.2f}"
    return _word("value", str(value))


def _word(table: str, raw: str) -> str:
    """The translation of a field name or value, else the raw text."""
    key = f"guest_file.{table}.{raw}"
    return t(key) if has(key) else raw


def timeline_row(entry: TimelineEntry) -> tuple[str, str, str]:
    when = entry.at.to(clock.timezone()).format("MM-DD HH:mm")
    kind = t(f"guest_file.kind.{entry.kind}")
    if entry.kind == "change":
        detail = "; ".join(_change(k, a, b) for k, a, b in entry.changes)
        action = t(f"guest_file.action.{entry.action}")
        action = entry.action if action.startswith("guest_file.") else action
        what = f"{kind} {action} {detail}".strip()
    else:
        outcome = t(f"guest_file.outcome.{entry.action}")
        outcome = entry.action if outcome.startswith("guest_file.") else outcome
        outcome = "" if entry.kind == "note" else outcome
        what = " ".join(p for p in (kind, outcome, entry.text) if p)
    return when, entry.who or "-", what
