"""Complaint (投诉) as received: channel, who, what; owner and deadline (default from seeds)."""
from __future__ import annotations

from screens.forms.base import Field, FormScreen
from tui.i18n import t


def _channels() -> list[tuple[str, str]]:
    from seeds.lifecycle import load_lifecycle

    return [(t(f"lifecycle.channel.{c}"), c) for c in load_lifecycle().complaint_channels]


class ComplaintForm(FormScreen):
    TITLE_KEY = "lifecycle.complaint.title"
    FIELDS = (
        Field("channel", "lifecycle.f.channel", "select", _channels),
        Field("reporter", "lifecycle.f.reporter"),
        Field("what", "lifecycle.f.what"),
        Field("owner", "lifecycle.f.owner", "staff", hint="lifecycle.hint.staff"),
        Field("deadline", "lifecycle.f.deadline", hint="lifecycle.hint.deadline"),
    )

    def __init__(self, guest_id: int | None = None) -> None:
        super().__init__(guest_id=guest_id)
        self.guest_id = guest_id

    def submit(self, actor, values):
        from store import complaints

        return complaints.record(actor, guest_id=self.guest_id, channel=values["channel"],
                                 reporter=values["reporter"], what=values["what"],
                                 owner=values["owner"] or None, deadline=values["deadline"] or None)
