"""Room readiness (manual 000 §4.5.1 2.4.2): the departments tick the checklist before admission.

One checkbox per seed item; an item someone ticked shows who. Ctrl+S saves exactly the items this
person changed, all in one write (store.prep.set_readiness), so a refusal saves none of them and
ticks made meanwhile on another terminal are not undone. Live reloads refresh the boxes until
something is changed here.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Checkbox, Static

from screens.forms.base import Field, FormScreen
from tui.i18n import pick, t


def _item_fields() -> tuple[Field, ...]:
    from seeds.lifecycle import load_lifecycle

    return tuple(Field(f"item_{i.id}", "", "check", names=i.name) for i in load_lifecycle().readiness)


@dataclass(frozen=True)
class Loaded:
    notice: object  # store.stays.Notice
    items: list  # store.prep.ReadinessItem


class ReadinessForm(FormScreen):
    TITLE_KEY = "stay_forms.readiness.title"
    def __init__(self, stay_id: int) -> None:
        self.FIELDS = _item_fields()
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id
        self.loaded: Loaded | None = None
        self.synced: dict[str, bool] = {}  # what the boxes were last set to from the store

    def load(self) -> Loaded:
        from store import prep, stays

        return Loaded(stays.notice(self.app.actor, self.stay_id), prep.readiness(self.stay_id))

    def show(self, data: Loaded) -> None:
        first = self.loaded is None
        self.loaded = data
        notice = data.notice
        room = t("stay_forms.readiness.room", room=notice.room) if notice.room else t("stay_forms.readiness.no_room")
        done = sum(1 for i in data.items if i.done)
        self.query_one("#form-info", Static).update(
            t("stay_forms.guest", name=notice.name, contract_no=notice.contract_no) + "\n" + room + "  "
            + t("stay_forms.readiness.count", done=done, total=len(data.items)))
        for item in data.items:
            box = self.query_one(f"#f-item_{item.id}", Checkbox)
            box.label = pick(item.name) + (f"  ({item.by})" if item.done and item.by else "")
        if first or not self.dirty():
            for item in data.items:
                self.set_value(f"item_{item.id}", item.done)
            self.synced = {f"item_{i.id}": i.done for i in data.items}
            self.initial = self.values()

    def changed(self, values: dict) -> dict[str, bool]:
        """item id -> wanted state, for the boxes this person changed."""
        return {key[len("item_"):]: bool(value) for key, value in values.items()
                if key in self.synced and bool(value) != self.synced[key]}

    def action_save(self) -> None:
        if not self.busy and self.loaded is not None and not self.changed(self.values()):
            self.saved = True
            self.notify(t("stay_forms.readiness.nothing_changed"))
            self.app.pop_screen()
            return
        super().action_save()

    def submit(self, actor, values):
        from store.prep import set_readiness

        wanted = self.changed(values)
        return set_readiness(actor, self.stay_id, {i for i, done in wanted.items() if done}, only=set(wanted))
