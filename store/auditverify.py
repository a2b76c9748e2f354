"""`carefloor audit --verify`: walk the audit chain and name the first event that breaks it.

The walk reads every event in id order, in batches, and checks for each:
- it has a seal (an event without one was inserted behind carefloor's back),
- it follows the event before it (`prev`): one that points past its predecessor tells of events
  deleted in between; one that points elsewhere, of events moved or added,
- its seal matches its content and its predecessor's seal (else it was altered, or forged).
Before the chain's start there must be exactly the events its marker counted. After the walk,
every chain head a daily backup recorded (store/audit_heads.py) must still be there with the
same seal: a log cut off after its last event leaves an intact, shorter chain, and only this
catches it. The result names what broke and where; the CLI words it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from store import audit_heads, auditkey
from store.auditchain import GENESIS, MARKER, hashed_fields, seal
from store.models import Event, db

BATCH = 5000


@dataclass(frozen=True)
class Finding:
    """What broke: `kind` names it, `event` is the event named, `other` a related one."""

    kind: str  # unsealed | missing | out_of_order | altered | no_start | before_start | head_missing | head_changed | heads_unreadable
    event: int | None
    other: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    checked: int = 0
    start: int | None = None  # the chain is checked from this event
    last: int | None = None
    before: int = 0  # events before the start (written before the chain existed, or under a lost key)
    reason: str = ""  # why the chain starts where it does: new | upgrade | new key
    heads: int = 0  # backup-recorded heads found intact
    finding: Finding | None = None

    @property
    def intact(self) -> bool:
        return self.finding is None


def verify(heads_folder: Path | None = None) -> Report:
    """Check the whole chain of the open database (and the heads recorded in `heads_folder`)."""
    key = auditkey.current()
    names = _columns()
    start = _start(key, names)
    if start is None:
        total = db.execute_sql(f"SELECT COUNT(*) FROM {_table()}").fetchone()[0]
        if total == 0:
            return Report()
        first = db.execute_sql(f"SELECT MIN(id) FROM {_table()}").fetchone()[0]
        return Report(finding=Finding("no_start", first, details={"keyfile": str(auditkey.current_path() or "")}))
    row = _values(names, start)
    reason, before = _start_reason(row)
    report = Report(start=row["id"], reason=reason, before=before[0])
    if (broken := _check_before(row["id"], before)) is not None:
        return _with(report, finding=broken)
    checked, last, broken = _walk(key, names, row)
    report = _with(report, checked=checked, last=last)
    if broken is not None:
        return _with(report, finding=broken)
    return _check_heads(report, heads_folder)


def _columns() -> list[str]:
    return [Event._meta.fields[n].column_name for n in ("seal", *hashed_fields())]


def _table() -> str:
    return f'"{Event._meta.table_name}"'


def _select(names: list[str], where: str, params: tuple = (), limit: int | None = None) -> list[tuple]:
    cols = ", ".join(f'"{n}"' for n in names)
    sql = f"SELECT {cols} FROM {_table()} WHERE {where} ORDER BY id" + (f" LIMIT {int(limit)}" if limit else "")
    return list(db.execute_sql(sql.replace("?", db.obj.param), params))


def _values(names: list[str], raw: tuple) -> dict[str, Any]:
    return dict(zip(("seal", *hashed_fields()), raw))


def _start(key: bytes, names: list[str]) -> tuple | None:
    """The last chain start sealed with this key (a forged one cannot be: it would need the key)."""
    for raw in reversed(_select(names, "prev IS NULL AND seal IS NOT NULL")):
        values = _values(names, raw)
        if seal(key, GENESIS, values) == values["seal"]:
            return raw
    return None


def _start_reason(start: dict[str, Any]) -> tuple[str, tuple[int, int | None]]:
    """Why the chain starts here, and (count, last id) of the events its marker says came before."""
    if start["action"] != MARKER:
        return "new", (0, None)
    after = json.loads(start["after"] or "{}")
    return str(after.get("reason", "")), (int(after.get("before", 0)), after.get("last_before"))


def _check_before(start_id: int, expected: tuple[int, int | None]) -> Finding | None:
    count, last = db.execute_sql(f"SELECT COUNT(*), MAX(id) FROM {_table()} WHERE id < {db.obj.param}",
                                 (start_id,)).fetchone()
    if (count, last) == expected:
        return None
    if last is not None and (expected[1] is None or last > expected[1]):  # added after the marker's count
        floor = "" if expected[1] is None else f" AND id > {int(expected[1])}"
        first_extra = db.execute_sql(f"SELECT MIN(id) FROM {_table()} WHERE id < {db.obj.param}{floor}",
                                     (start_id,)).fetchone()[0]
        return Finding("before_start", first_extra, start_id, {"expected": expected[0], "found": count})
    return Finding("before_start", None, start_id, {"expected": expected[0], "found": count})


def _walk(key: bytes, names: list[str], start: dict[str, Any]) -> tuple[int, int, Finding | None]:
    """(events checked, last id, the first finding) from the start to the end of the table."""
    prev, checked = start, 1
    for raw in _rows_after(names, start["id"]):
        row = _values(names, raw)
        broken = _check(key, prev, row)
        if broken is not None:
            return checked, prev["id"], broken
        prev, checked = row, checked + 1
    return checked, prev["id"], None


def _rows_after(names: list[str], after_id: int) -> Iterator[tuple]:
    while batch := _select(names, "id > ?", (after_id,), BATCH):
        yield from batch
        after_id = batch[-1][1]


def _check(key: bytes, prev: dict[str, Any], row: dict[str, Any]) -> Finding | None:
    if row["seal"] is None:
        return Finding("unsealed", row["id"], prev["id"])
    if row["prev"] != prev["id"]:
        if row["prev"] is not None and row["prev"] > prev["id"]:
            return Finding("missing", row["id"], prev["id"], {"chained_to": row["prev"]})
        return Finding("out_of_order", row["id"], prev["id"], {"chained_to": row["prev"]})
    if seal(key, prev["seal"], row) != row["seal"]:
        return Finding("altered", row["id"], prev["id"])
    return None


def _check_heads(report: Report, folder: Path | None) -> Report:
    """Every head a backup recorded must still be there, sealed the same."""
    if folder is None:
        return report
    matched = 0
    for head in audit_heads.read(folder):
        if isinstance(head, audit_heads.Unreadable):
            return _with(report, heads=matched, finding=Finding("heads_unreadable", None, details={
                "file": str(folder / audit_heads.FILE), "line": head.line}))
        found = db.execute_sql(f"SELECT seal FROM {_table()} WHERE id = {db.obj.param}", (head.event,)).fetchone()
        details = {"source": head.source, "at": head.at[:10], "last": report.last}
        if found is None:
            return _with(report, heads=matched, finding=Finding("head_missing", head.event, report.last, details))
        if head.seal is not None and found[0] != head.seal:
            return _with(report, heads=matched, finding=Finding("head_changed", head.event, None, details))
        matched += 1
    return _with(report, heads=matched)


def _with(report: Report, **changes) -> Report:
    from dataclasses import replace

    return replace(report, **changes)
