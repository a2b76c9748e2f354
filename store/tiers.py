"""Membership tiers (manual 002): re-evaluated from a year's spend and visits; a change
creates a callback task to tell the guest."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from seeds.tiers import load_tiers
from store import clock
from store.models import Guest, Payment, Task
from store.writes import SYSTEM, Actor, write


@dataclass(frozen=True)
class TierChange:
    guest_id: int
    name: str
    before: str
    after: str
    do_not_disturb: bool = False


def standing(today: dt.date) -> dict[int, tuple[int, int]]:
    """guest id -> (spend cents, visits) over the rules' window ending today."""
    rules = load_tiers()
    since = clock.at_local(today - dt.timedelta(days=rules.window_days - 1))
    until = clock.at_local(today + dt.timedelta(days=1))
    query = (Payment.select(Payment.guest, pw.fn.SUM(Payment.amount_cents), pw.fn.COUNT(Payment.id))
             .where((Payment.at >= since) & (Payment.at < until) & Payment.kind.in_(sorted(rules.spend_kinds))
                    & (Payment.amount_cents > 0))
             .group_by(Payment.guest).tuples())
    return {guest: (int(spend or 0), int(count)) for guest, spend, count in query}


def reevaluate(actor: Actor = SYSTEM, today: dt.date | None = None) -> list[TierChange]:
    """Put every guest in the tier her year earns; upgrades and downgrades get a callback."""
    day = today or clock.today()
    rules = load_tiers()
    totals = standing(day)
    changes = []
    for guest_id, name, tier, dnd in Guest.select(Guest.id, Guest.name, Guest.tier, Guest.do_not_disturb).tuples():
        spend, visits = totals.get(guest_id, (0, 0))
        new = rules.tier_for(spend, visits).id
        if new != tier:
            changes.append(TierChange(guest_id, name, tier, new, bool(dnd)))
    if changes:
        write(actor, "tiers.reevaluate", lambda tx: _apply(tx, changes, day))
    return changes


def _apply(tx, changes: list[TierChange], day: dt.date) -> None:
    for change in changes:
        Guest.update(tier=change.after).where(Guest.id == change.guest_id).execute()
        tx.record("guest", change.guest_id, {"tier": change.before}, {"tier": change.after}, guest=change.guest_id)
        if change.do_not_disturb:  # the guest asked not to be called: the tier changes silently
            continue
        Task.insert(
            guest=change.guest_id, kind="callback", playbook="tiers", step="tier_change", anchor="tier_change",
            dedupe_key=f"tiers/{change.guest_id}/{day.isoformat()}/{change.after}",
            title=f"tier {change.before} -> {change.after}", due_at=clock.at_local(day, 14),
            window_end=clock.at_local(day, 17), channel="phone", role="customer_service", created_at=tx.now,
        ).on_conflict_ignore().execute()
        tx.record("task", None, None, {"step": "tier_change", "tier": change.after}, guest=change.guest_id,
                  action="task.add")
