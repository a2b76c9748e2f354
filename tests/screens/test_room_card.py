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


def test_a_card_line_is_cut_or_filled_exactly_as_textual_strips_did():
    """_fitted replaces Strip(...).crop_extend(...).apply_style(...): same cells, same styles."""
    import random

    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    from screens.widgets.room_card import _fitted

    rng = random.Random(4)
    colour, bold = Style(bgcolor="red"), Style(bold=True)
    words = ["601", " D3/28", "张晓红", "VIP", "过敏", "Ann Lee", "C-section"]
    for _ in range(300):
        segments = [Segment(rng.choice(words), rng.choice([None, bold])) for _ in range(rng.randrange(0, 4))]
        width = rng.randrange(0, 16)
        expected = list(Strip(segments, sum(s.cell_length for s in segments)).crop_extend(0, width, None)
                        .apply_style(colour))
        got = _fitted(segments, width, colour)
        assert "".join(s.text for s in got) == "".join(s.text for s in expected), (segments, width)
        assert sum(s.cell_length for s in got) == width
        assert [s.style for s in got if s.text.strip()] == [s.style for s in expected if s.text.strip()]
