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


def test_a_baby_record_reads_in_words():
    """What the demo (and the admission form) writes about a baby: no column names on the timeline."""
    from screens.guest_file_view import _change
    from tui import i18n

    i18n.set_language("zh")
    assert _change("sex", None, "female") == "性别: - -> 女"
    assert _change("born_on", None, "2026-11-11") == "出生日: - -> 2026-11-11"
    i18n.set_language("en")
    assert _change("weight_g", None, 3478) == "weight (g): - -> 3478"
