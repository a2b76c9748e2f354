"""The outcome keys of the callbacks screen (a mixin, so the screen module stays short)."""
from __future__ import annotations

from textual import work

from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.reschedule import RescheduleDialog
from screens.dialogs.text_prompt import TextPrompt
from store import daily, outcomes
from store import db as store_db
from tui.i18n import language, t

MESSAGE_CHANNELS = ("sms", "wechat")


class CallbackActions:
    def _row(self):
        row = self.selected()
        if row is None:
            self.notify(t("daily.pick_row"), severity="warning")
        return row

    def _run(self, row, fn, *args) -> None:
        actor = self.app.actor
        self.run_outcome(lambda: fn(actor, row.task.id, *args), row.task.guest_name)

    def action_reached(self) -> None:
        row = self._row()
        if row:
            prompt = TextPrompt(t("daily.reached_title", name=row.task.guest_name), t("daily.reached_label"),
                                draft_key=f"reached:{row.task.id}")
            self.app.push_screen(prompt, lambda note: note is not None and self._run(row, outcomes.reached, note))

    def action_no_answer(self) -> None:
        row = self._row()
        if row:
            self._run(row, outcomes.no_answer)

    def action_busy(self) -> None:
        row = self._row()
        if row:
            dialog = RescheduleDialog(t("daily.busy_title", name=row.task.guest_name), current=row.task.due,
                                      hours=row.call_hours)
            self.app.push_screen(dialog, lambda when: when is not None and self._run(row, outcomes.busy, when))

    def action_reschedule(self) -> None:
        row = self._row()
        if row:
            dialog = RescheduleDialog(t("daily.reschedule_title", name=row.task.guest_name), current=row.task.due,
                                      hours=row.call_hours)
            self.app.push_screen(dialog, lambda when: when is not None and self._run(row, outcomes.reschedule, when))

    def action_skip(self) -> None:
        row = self._row()
        if row:
            prompt = TextPrompt(t("daily.skip_title", name=row.task.guest_name), t("daily.skip_label"),
                                required=True, draft_key=f"skip:{row.task.id}")
            self.app.push_screen(prompt, lambda reason: reason and self._run(row, outcomes.skip, reason))

    def action_dnd(self) -> None:
        row = self._row()
        if row:
            dialog = ConfirmDialog(t("daily.dnd_question", name=row.task.guest_name), t("daily.dnd_title"))
            self.app.push_screen(dialog, lambda yes: yes and self._run(row, outcomes.do_not_disturb))

    def action_converted(self) -> None:
        row = self._row()
        if row is None:
            return
        if row.task.playbook != "aesthetics":
            self.notify(t("daily.not_a_lead"), severity="warning")
            return
        self._run(row, outcomes.converted)

    def action_send(self) -> None:
        row = self._row()
        if row is None:
            return
        if row.task.channel not in MESSAGE_CHANNELS:
            self.notify(t("daily.only_messages"), severity="warning")
            return
        self._send_worker(row, language(), self.app.actor)

    @work(thread=True, group="cb-send")
    def _send_worker(self, row, lang: str, actor) -> None:
        try:
            script = daily.script_for(row.task.id, lang, actor.name)
        finally:
            store_db.close()
        self.app.call_from_thread(self._copy_and_log, row, actor, script)

    def _copy_and_log(self, row, actor, script) -> None:
        text = (script.text or script.title).strip()
        self.app.copy_to_clipboard(text)
        self.run_outcome(lambda: outcomes.sent(actor, row.task.id, text), row.task.guest_name)
