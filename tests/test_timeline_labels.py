"""Every change the store can write about a guest has a timeline label in both languages."""
from __future__ import annotations

import re
from pathlib import Path

from tui.i18n import catalog

ROOT = Path(__file__).resolve().parents[1]
# Actions that never land on a guest's timeline: staff, sign-in, system and bulk work.
NOT_GUEST = re.compile(r"^(login|staff|audit|handover|tasks|import|demo|permission|setting|floor|room\.add|x$)")
LITERAL = re.compile(r'(?:write\(\w+, |action=)"([a-z_]+\.[a-z_.]+)"')


def _store_actions() -> set[str]:
    found = set()
    for path in (ROOT / "store").glob("*.py"):
        found |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    found |= {f"appointment.{s}" for s in ("booked", "done", "cancelled", "no_show")}  # f"appointment.{status}"
    return {a for a in found if not NOT_GUEST.match(a) and not a.endswith(".view")}


def test_the_scan_finds_the_store_actions():
    assert {"contract.new", "stay.admit", "payment.record", "complaint.record"} <= _store_actions()


def test_every_guest_facing_action_has_a_timeline_label():
    labels = catalog()
    missing = sorted(a for a in _store_actions() if f"guest_file.action.{a}" not in labels)
    assert not missing, f"add these to [guest_file.action] in tui/locales/guest_file.toml: {missing}"
