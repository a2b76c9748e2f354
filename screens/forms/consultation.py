"""Aesthetics consultation (咨询): a new guest, her category (starts the lead plan), the item."""
from __future__ import annotations

from screens.forms.base import Field, FormScreen
from tui.i18n import pick


def _categories() -> list[tuple[str, str]]:
    from seeds.lifecycle import load_lifecycle

    return [(pick(c["name"]), cid) for cid, c in load_lifecycle().categories.items()]


class ConsultationForm(FormScreen):
    TITLE_KEY = "lifecycle.consultation.title"
    FIELDS = (
        Field("name", "lifecycle.f.name"),
        Field("phone", "lifecycle.f.phone", hint="lifecycle.hint.phone"),
        Field("category", "lifecycle.f.category", "select", _categories),
        Field("item", "lifecycle.f.item"),
        Field("consultant", "lifecycle.f.consultant", "staff", hint="lifecycle.hint.staff"),
    )

    def submit(self, actor, values):
        from store import cases

        return cases.record_consultation(actor, **values)
