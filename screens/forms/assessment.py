"""Health assessment (健康评估, manual 002) into the guest file: health data, so the store asks
for the "health_notes" permission and records who wrote it."""
from __future__ import annotations

from screens.forms.base import Field
from screens.forms.course import GuestForm
from tui.i18n import t


class AssessmentForm(GuestForm):
    TITLE_KEY = "front_desk.assessment.title"
    FIELDS = (
        Field("symptoms", "front_desk.f.symptoms"),
        Field("history", "front_desk.f.history"),
        Field("allergies", "front_desk.f.allergies"),
        Field("family_history", "front_desk.f.family_history"),
    )

    def submit(self, actor, values):
        from store import appointments

        return appointments.record_assessment(actor, self.guest_id, **values)

    def saved_text(self, result) -> str:
        return t("front_desk.assessed")
