"""Discharge satisfaction survey (满意度调查表): each item 1-5 and a comment."""
from __future__ import annotations

from screens.forms.base import Field, FormScreen

SCORES = [(str(n), str(n)) for n in range(5, 0, -1)]


def _item_fields() -> tuple[Field, ...]:
    from seeds.survey import load_survey

    return tuple(Field(item.id, "", "select", lambda: SCORES, names=item.text) for item in load_survey())


class SurveyForm(FormScreen):
    TITLE_KEY = "lifecycle.survey.title"

    def __init__(self, stay_id: int) -> None:
        self.FIELDS = _item_fields() + (Field("comment", "lifecycle.f.comment"),)
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id

    def submit(self, actor, values):
        from store import surveys

        comment = values.pop("comment")
        return surveys.record_survey(actor, self.stay_id, values, comment)
