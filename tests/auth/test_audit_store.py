"""The audit trail read back: filters, permissions, redaction, CSV."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from store import audit
from store.errors import NotFound, PermissionDenied
from store.models import Event
from store.permissions import permissions_for
from store.writes import Actor, append_view_event, write
from tests.auth.helpers import add_guest, add_staff


def _actor(staff_id: int, name: str, role: str, terminal: str = "pts/1") -> Actor:
    return Actor(staff_id, name, role, terminal, permissions_for(role))


@pytest.fixture
def people(store):
    ids = {
        "nurse": add_staff("1001", "李护士", "nurse"),
        "manager": add_staff("0001", "陈店长", "manager"),
        "admin": add_staff("0009", "IT Wang", "admin"),
    }
    return {role: _actor(i, name, role) for (role, i), name in zip(ids.items(), ["李护士", "陈店长", "IT Wang"])}


def _edit_phone(actor: Actor, guest_id: int, old: str, new: str) -> None:
    write(actor, "guest.edit", lambda tx: tx.record(
        "guest", guest_id, {"phone": old, "health_notes": "GDM"}, {"phone": new, "health_notes": "GDM, diet"},
        guest=guest_id))


def test_views_and_edits_of_a_guest_file_are_in_the_trail(people):
    guest = add_guest("张晓红")
    other = add_guest("王芳")
    append_view_event(people["nurse"], "guest", guest, guest=guest)
    _edit_phone(people["nurse"], guest, "13812341234", "13900000000")
    append_view_event(people["nurse"], "guest", other, guest=other)
    rows = audit.query(people["manager"], audit.AuditFilter(guest="张晓红"))
    assert [r.action for r in rows] == ["guest.edit", "guest.view"]
    assert {(r.staff_name, r.terminal, r.guest_name) for r in rows} == {("李护士", "pts/1", "张晓红")}
    assert rows[0].before["phone"] == "13812341234" and rows[0].after["phone"] == "13900000000"
    assert audit.query(people["manager"], audit.AuditFilter(guest=str(other)))[0].guest_name == "王芳"


def test_reading_the_trail_needs_audit_view_and_a_refusal_is_logged(people):
    with pytest.raises(PermissionDenied):
        audit.query(people["nurse"])
    denied = Event.select().order_by(Event.id.desc()).get()
    assert (denied.action, denied.staff, denied.after) == ("permission.denied", people["nurse"].staff_id,
                                                           {"permission": "audit_view"})


def test_an_auditor_without_health_or_phone_rights_sees_who_but_not_what(people):
    guest = add_guest("张晓红")
    _edit_phone(people["nurse"], guest, "13812341234", "13900000000")
    row = audit.query(people["admin"], audit.AuditFilter(guest=str(guest)))[0]
    assert row.before == {"phone": "138****1234", "health_notes": "***"}
    assert row.after == {"phone": "139****0000", "health_notes": "***"}
    assert audit.change_summary(row) == "health_notes: *** -> ***; phone: 138****1234 -> 139****0000"


def test_staff_filter_by_number_or_name_includes_sign_in_attempts(people):
    from store import auth

    guest = add_guest("张晓红")
    append_view_event(people["nurse"], "guest", guest, guest=guest)
    append_view_event(people["manager"], "guest", guest, guest=guest)
    with pytest.raises(auth.LoginFailed):
        auth.login("1001", "0000", "tty1")
    by_number = audit.query(people["manager"], audit.AuditFilter(staff="1001"))
    assert [r.action for r in by_number] == ["login.failed", "login.attempt", "guest.view"]
    assert audit.query(people["manager"], audit.AuditFilter(staff="陈店长"))[0].staff_name == "陈店长"
    with pytest.raises(NotFound, match="staff number or name"):
        audit.query(people["manager"], audit.AuditFilter(staff="nobody"))


def test_date_range_uses_the_centers_local_days(people, frozen_clock):
    guest = add_guest("张晓红")
    frozen_clock.set("2026-11-20T15:30:00+00:00")  # 23:30 on the 20th in Shanghai
    append_view_event(people["nurse"], "guest", guest, guest=guest)
    frozen_clock.set("2026-11-20T16:30:00+00:00")  # 00:30 on the 21st in Shanghai
    append_view_event(people["manager"], "guest", guest, guest=guest)
    day20 = audit.query(people["manager"], audit.AuditFilter(until=dt.date(2026, 11, 20)))
    day21 = audit.query(people["manager"], audit.AuditFilter(since=dt.date(2026, 11, 21)))
    assert [r.staff_name for r in day20] == ["李护士"] and day20[0].at == "2026-11-20 23:30:00"
    assert [r.staff_name for r in day21] == ["陈店长"]


def test_unknown_guest_is_a_clear_error(people):
    with pytest.raises(NotFound, match="no guest matches"):
        audit.query(people["manager"], audit.AuditFilter(guest="nobody"))


def test_csv_export_oldest_first_escapes_formulas_and_is_logged(people):
    guest = add_guest("=HYPERLINK(1)")
    append_view_event(people["nurse"], "guest", guest, guest=guest)
    _edit_phone(people["nurse"], guest, "13812341234", "13900000000")
    out = io.StringIO()
    count = audit.export_csv(people["manager"], audit.AuditFilter(guest=str(guest)), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == 2 and [r["action"] for r in rows] == ["guest.view", "guest.edit"]
    assert rows[0]["guest"] == "'=HYPERLINK(1)" and rows[0]["terminal"] == "pts/1"
    assert '"phone": "13900000000"' in rows[1]["after"]
    last = Event.select().order_by(Event.id.desc()).get()
    assert (last.action, last.after) == ("audit.export", {"guest": str(guest), "rows": 2})
