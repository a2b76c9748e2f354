"""The audit trail read back: who viewed or changed what, filtered by guest, staff and date.

Only people with `audit_view` may read it. Values in before/after that the reader may not
see (health notes, money, full phones) are redacted in the rows returned, so an auditor
without those permissions still sees who touched what without seeing the data itself.
The rows' text is inert (store/text.py): the log keeps what was stored, old control characters
included, and every way of reading it (screen, `carefloor audit`, CSV) shows them harmless.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Iterable, TextIO

import arrow

from store import clock
from store.errors import NotFound
from store.models import Event, Guest, Staff
from store.permissions import mask_phone, require
from store.text import inert, inert_data
from store.writes import Actor, write

HEALTH_KEYS = frozenset({"health_notes", "allergies", "delivery_type", "hospital", "notes", "health"})
MONEY_KEYS = frozenset({"package", "payments", "amount", "price"})
PHONE_KEYS = frozenset({"phone", "wechat"})
HIDDEN = "***"
CSV_COLUMNS = ["id", "at", "staff_id", "staff", "terminal", "os_user", "tty", "client", "action", "entity",
               "entity_id", "guest_id", "guest", "before", "after"]
DEFAULT_LIMIT = 500


@dataclass(frozen=True)
class AuditFilter:
    """What to look for; every field optional. guest/staff are ids, numbers or names."""

    guest: str | None = None
    staff: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive local day
    limit: int | None = DEFAULT_LIMIT
    newest_first: bool = True


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str  # center-local "YYYY-MM-DD HH:mm:ss"
    staff_id: int | None
    staff_name: str
    terminal: str
    action: str
    entity: str
    entity_id: int | None
    guest_id: int | None
    guest_name: str
    before: Any
    after: Any
    os_user: str = ""  # who sat at the terminal (store/terminal.py); '' before migration m0004
    tty: str = ""
    client: str = ""  # ssh client address:port, or a browser tab's session (tty "web")

    @property
    def seat(self) -> str:
        """'wang.li pts/3 10.0.0.7:52144', or for older events the terminal text they kept."""
        return " ".join(part for part in (self.os_user, self.tty, self.client) if part) or self.terminal


def query(actor: Actor, flt: AuditFilter = AuditFilter()) -> list[AuditRow]:
    """Audit rows matching `flt`; PermissionDenied (logged) without audit_view."""
    require(actor, "audit_view")
    select = Event.select()
    if conds := _conditions(flt):
        select = select.where(*conds)
    order = Event.id.desc() if flt.newest_first else Event.id.asc()
    select = select.order_by(order)
    if flt.limit:
        select = select.limit(flt.limit)
    events = list(select)
    names = _guest_names({e.guest for e in events if e.guest is not None})
    return [_row(actor, e, names) for e in events]


def export_csv(actor: Actor, flt: AuditFilter, out: TextIO) -> int:
    """Write matching rows (oldest first, no limit) as CSV; the export itself is logged."""
    rows = query(actor, AuditFilter(flt.guest, flt.staff, flt.since, flt.until, None, False))
    write_csv(rows, out)
    described = {k: v for k, v in (("guest", flt.guest), ("staff", flt.staff),
                                   ("since", _iso(flt.since)), ("until", _iso(flt.until))) if v}
    write(actor, "audit.export", lambda tx: tx.record("audit", None, None, {**described, "rows": len(rows)}))
    return len(rows)


def start_new_chain(actor: Actor) -> None:
    """After `audit --new-key`: a marker that starts the chain again under the new key, counting
    the events before it (sealed under the lost key: they can no longer be checked)."""
    from store import auditchain

    def apply(tx) -> None:
        tx.starts_chain = True
        tx.record("event", None, None, auditchain.marker_after("new key"))

    write(actor, auditchain.MARKER, apply)


def write_csv(rows: Iterable[AuditRow], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([_cell(v) for v in (
            r.id, r.at, r.staff_id, r.staff_name, r.terminal, r.os_user, r.tty, r.client, r.action, r.entity,
            r.entity_id, r.guest_id, r.guest_name, _json(r.before), _json(r.after))])


def change_summary(row: AuditRow, width: int = 200) -> str:
    """'phone: 138****1234 -> 139****0000; tier: ordinary -> gold' for one-line display."""
    before = row.before if isinstance(row.before, dict) else {}
    after = row.after if isinstance(row.after, dict) else {}
    parts = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if key in before and key in after:
            parts.append(f"{key}: {_short(old)} -> {_short(new)}")
        else:
            parts.append(f"{key}: {_short(new if key in after else old)}")
    text = inert("; ".join(parts))  # one line: a note's line breaks show as ␤
    return text if len(text) <= width else text[: width - 3] + "..."


def _conditions(flt: AuditFilter) -> list:
    conds = []
    if flt.guest:
        conds.append(Event.guest.in_(_guest_ids(flt.guest)))
    if flt.staff:
        conds.append(_staff_condition(flt.staff))
    if flt.since:
        conds.append(Event.at >= clock.local_day_bounds(flt.since)[0])
    if flt.until:
        conds.append(Event.at < clock.local_day_bounds(flt.until)[1])
    return conds


def _guest_ids(text: str) -> list[int]:
    text = str(text).strip()
    if text.isdigit() and Guest.get_or_none(Guest.id == int(text)) is not None:
        return [int(text)]
    ids = [g.id for g in Guest.select(Guest.id).where(
        (Guest.name == text) | Guest.name.contains(text) | (Guest.phone == text)).limit(200)]
    if not ids:
        raise NotFound("no guest matches {text!r}: give a guest id, a name or a phone number", text=text)
    return ids


def _staff_condition(text: str):
    """Events by that person, and sign-in attempts typed with their number."""
    text = str(text).strip()
    rows = list(Staff.select().where((Staff.number == text) | (Staff.name == text)))
    if not rows:
        rows = list(Staff.select().where(Staff.name.contains(text)))
    if not rows:
        raise NotFound("no staff member matches {text!r}: give a staff number or name", text=text)
    ids = [r.id for r in rows]
    typed = [f"#{r.number}" for r in rows]
    return Event.staff.in_(ids) | (Event.staff.is_null() & Event.staff_name.in_(typed))


def _guest_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {g.id: g.name for g in Guest.select(Guest.id, Guest.name).where(Guest.id.in_(list(ids)))}


def _row(actor: Actor, e: Event, names: dict[int, str]) -> AuditRow:
    local = arrow.get(e.at).to(clock.timezone()).format("YYYY-MM-DD HH:mm:ss")
    return AuditRow(e.id, local, e.staff, inert(e.staff_name), inert(e.terminal), inert(e.action), inert(e.entity),
                    e.entity_id, e.guest, inert(names.get(e.guest, "")) if e.guest is not None else "",
                    inert_data(redact(actor, e.before)), inert_data(redact(actor, e.after)),
                    inert(e.os_user), inert(e.tty), inert(e.client))


def redact(actor: Actor, value: Any) -> Any:
    """Hide health, money and full phone values the actor may not see, at any depth."""
    if isinstance(value, list):
        return [redact(actor, v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        if _is_health(key) and not actor.can("health_notes"):
            out[key] = HIDDEN
        elif _is_money(key) and not actor.can("money"):
            out[key] = HIDDEN
        elif key in PHONE_KEYS and not actor.can("phone_full"):
            out[key] = mask_phone(str(v)) if v else v
        else:
            out[key] = redact(actor, v)
    return out


def _is_health(key: str) -> bool:
    return key in HEALTH_KEYS


def _is_money(key: str) -> bool:
    return key in MONEY_KEYS or key.endswith("_cents")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _cell(value: Any) -> Any:
    """Keep spreadsheet programs from running a cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
