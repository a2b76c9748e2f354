"""A room card's lines: late flags take the overdue style so they stand out from ordinary flags."""
from __future__ import annotations

import datetime as dt

from screens.widgets.room_card import card_lines
from store.board import Occupant, RoomCard


def _card(flags: tuple[str, ...]) -> RoomCard:
    guest = Occupant(guest_id=1, stay_id=1, name="王小红", initials="WXH", phone_last4="1111", baby="",
                     in_house=True, day=3, days=28, planned_admission=dt.date(2026, 11, 20),
                     planned_discharge=dt.date(2026, 12, 18), flags=flags)
    return RoomCard(room_id=1, number="601", floor=6, status="occupied", note="", occupant=guest)


def _styles_of(line) -> dict[str, str]:
    return {line.plain[span.start:span.end]: span.style for span in line.spans}


def test_late_complaint_and_missing_signoff_are_drawn_as_overdue_other_flags_as_flags(frozen_clock):
    lines = card_lines(_card(("dnd", "complaint_late", "signoff")), flag_style="FLAG", overdue_style="LATE")
    flags = lines[4]
    styles = sorted(set(_styles_of(flags).values()))
    assert styles == ["FLAG", "LATE"]
    by_style = {style: [text for text, s in _styles_of(flags).items() if s == style] for style in styles}
    assert len(by_style["FLAG"]) == 1 and len(by_style["LATE"]) == 2


def test_a_card_without_flags_has_an_empty_flag_line(frozen_clock):
    assert card_lines(_card(()), "FLAG", "LATE")[4].plain == ""
