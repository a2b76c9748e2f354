"""One complaint and its handling steps (投诉详情), opened with complaint_id=N.

Shows the intake (when, channel, who, what, guest), owner and deadline, every investigation
note (each stamped by the store with who and when), the resolution plan, the reply to the
guest, the written confirmation and the status. Each step is listed with the key that does it:
o owner and deadline, i add an investigation note, p plan (measures, who, by when),
r reply to the guest, c the guest confirmed the written result, x close (asks first).

o/i/p/r open a small dialog (screens/dialogs/complaint_step.py) that stays open on a refusal
with what was typed; c/x ask first. A step the store would refuse (out of order, closed already:
store.complaints.step_refusal) is said at once, in red under the title and as a notification,
before any dialog or question; a refusal only the write can see (no permission, a change from
another desk) is shown the same way after it. Live: reloads when anything changes.
"""
from __future__ import annotations

from typing import Callable

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from screens.base import CareScreen
from screens.complaints import channel_label, local_full, local_time, status_label
from screens.dialogs.complaint_step import ComplaintStepDialog, StepField
from screens.dialogs.confirm import ConfirmDialog
from screens.widgets.plain import inert_text, plain
from store import db as store_db
from store.complaints import ComplaintRow
from store.errors import StoreError
from tui.i18n import t
from tui.store_messages import message as store_message

BOLD = Style(bold=True)
INDENT = "    "


class ComplaintDetailScreen(CareScreen):
    TITLE_KEY = "complaints.detail_title"
    CSS_PATH = "complaint_detail.tcss"
    COMPONENT_CLASSES = {"complaint-detail--overdue", "complaint-detail--key", "complaint-detail--muted"}
    BINDINGS = [
        # o and c are listed beside their steps in the body; the footer keeps 4 + the app's 3 in 80 columns
        Binding("o", "owner", "complaints.key.owner", id="complaint_detail.owner", show=False),
        Binding("i", "note", "complaints.key.note", id="complaint_detail.note"),
        Binding("p", "plan", "complaints.key.plan", id="complaint_detail.plan"),
        Binding("r", "reply", "complaints.key.reply", id="complaint_detail.reply"),
        Binding("c", "confirm", "complaints.key.confirm", id="complaint_detail.confirm", show=False),
        Binding("x", "close", "complaints.key.close", id="complaint_detail.close"),
    ]

    def __init__(self, complaint_id: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.complaint_id = int(complaint_id)
        self.row: ComplaintRow | None = None
        self.stamps: list = []  # store.complaints.StepStamp, oldest first
        self.denied = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="cd-message")
        with VerticalScroll(id="cd-body"):
            yield Static("", id="cd-text")

    def on_mount(self) -> None:
        self.query_one("#cd-body").focus()
        super().on_mount()

    # -- data --------------------------------------------------------------------------
    def load(self) -> tuple[ComplaintRow | None, list]:
        from store import complaints
        from store.errors import PermissionDenied

        if self.denied:  # refused (and logged) once: a live reload must not log it again and again
            return None, []
        try:
            return (complaints.get(self.app.actor, self.complaint_id),
                    complaints.history(self.app.actor, self.complaint_id))
        except PermissionDenied:
            self.denied = True
            return None, []

    def show(self, data: tuple[ComplaintRow | None, list]) -> None:
        row, self.stamps = data
        self.row = row
        if row is None:
            self.say(t("complaints.denied"))
            self.query_one("#cd-text", Static).update("")
            return
        self.query_one("#cd-text", Static).update(inert_text(self.detail_text(row)))  # stored text throughout

    def style(self, name: str) -> Style:
        return self.get_component_rich_style(f"complaint-detail--{name}", partial=True, default=BOLD)

    def detail_text(self, row: ComplaintRow) -> Text:
        """Status line, then one block per step with the key that does it."""
        overdue, key, muted = self.style("overdue"), self.style("key"), self.style("muted")
        not_yet = t("complaints.not_yet")
        text = Text()
        text.append(f"#{row.id}  ", style=BOLD)
        text.append(t("complaints.detail.status", status=status_label(row)), style=BOLD)
        if row.overdue:
            text.append(f"  {t('complaints.overdue')}", style=overdue)
        text.append("\n")

        def step(letter: str, name: str, value: str | Text = "", value_style: Style | str = "") -> None:
            text.append(f"[{letter}] " if letter else "    ", style=key)
            text.append(t(f"complaints.step.{name}"), style=BOLD)
            if value:
                text.append("  ")
                text.append(value, style=value_style) if isinstance(value, str) else text.append_text(value)
            text.append("\n")

        def lines(body: str, style: Style | str = "") -> None:
            for line in body.splitlines():
                text.append(INDENT + line + "\n", style=style)

        step("", "intake", t("complaints.detail.received", when=local_time(row.received_at),
                                channel=channel_label(row.channel), reporter=row.reporter))
        lines(t("complaints.detail.guest", guest=row.guest_name or t("complaints.no_guest")))
        lines(row.what)

        owner = t("complaints.detail.owner", owner=row.owner or t("complaints.nobody"),
                  deadline=local_time(row.deadline))
        owner_text = Text(owner)
        if row.overdue:
            owner_text = Text(f"{owner}  {t('complaints.overdue')}", style=overdue)
        step("o", "owner", owner_text)

        step("i", "investigation", "" if row.investigation else not_yet, muted)
        lines(row.investigation)

        step("p", "plan", row.plan.splitlines()[0] if row.plan else not_yet, "" if row.plan else muted)
        if row.plan:
            lines("\n".join(row.plan.splitlines()[1:]))
            lines(t("complaints.detail.plan_by", owner=row.plan_owner or t("complaints.nobody"),
                    due=row.plan_due.isoformat() if row.plan_due else "-"), muted)

        step("r", "reply", row.reply.splitlines()[0] if row.reply else not_yet, "" if row.reply else muted)
        if row.reply:
            lines("\n".join(row.reply.splitlines()[1:]))

        confirmed = t("complaints.detail.at", when=local_time(row.result_confirmed_at)) if row.result_confirmed_at else not_yet
        step("c", "confirm", confirmed, "" if row.result_confirmed_at else muted)
        closed = t("complaints.detail.at", when=local_time(row.closed_at)) if row.closed_at else not_yet
        step("x", "close", closed, "" if row.closed_at else muted)
        self._stamps(text, muted)
        text.rstrip()
        return text

    def _stamps(self, text: Text, muted: Style) -> None:
        """Who took each step and when, from the event log."""
        if not self.stamps:
            return
        text.append("\n" + t("complaints.detail.history") + "\n", style=BOLD)
        for stamp in self.stamps:
            text.append(f"{INDENT}{local_time(stamp.at)}  {stamp.who}  ", style=muted)
            text.append(t(f"complaints.history.{stamp.step}") + "\n")

    def say(self, message: str) -> None:
        """A refusal in red under the title ("" clears it)."""
        widget = self.query_one("#cd-message", Static)
        widget.update(plain(message, style=self.style("overdue"), multiline=True) if message else "")
        widget.display = bool(message)

    def message_text(self) -> str:
        return str(self.query_one("#cd-message", Static).render())

    # -- steps -------------------------------------------------------------------------
    def _refusal(self, step: str) -> bool:
        """Say now why `step` would be refused (the store's own rule on the loaded complaint)."""
        from store.complaints import step_refusal

        refusal = step_refusal(step, self.row) if self.row is not None else None
        if refusal is not None:
            message = t("complaints.blocked", reason=store_message(refusal))
            self.say(message)
            self.notify(message, severity="warning")
        return refusal is not None

    def _dialog(self, step: str, title_key: str, fields: list[StepField], submit: Callable) -> None:
        self.say("")
        if self._refusal(step):
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.notify(t("complaints.done"))
                self.refresh_data()

        self.app.push_screen(ComplaintStepDialog(t(title_key), fields, submit), done)

    def action_owner(self) -> None:
        from store import complaints

        deadline = local_full(self.row.deadline) if self.row else ""
        self._dialog("assign", "complaints.step.owner", [
            StepField("owner", "complaints.f.owner", "complaints.hint.staff"),
            StepField("deadline", "complaints.f.deadline", "complaints.hint.deadline", deadline),
        ], lambda actor, v: complaints.assign(actor, self.complaint_id, owner=v["owner"], deadline=v["deadline"]))

    def action_note(self) -> None:
        from store import complaints

        self._dialog("investigate", "complaints.step.investigation", [StepField("note", "complaints.f.note")],
                     lambda actor, v: complaints.investigate(actor, self.complaint_id, v["note"]))

    def action_plan(self) -> None:
        from store import complaints

        row = self.row
        self._dialog("plan", "complaints.step.plan", [
            StepField("measures", "complaints.f.measures", value=row.plan if row else ""),
            StepField("plan_owner", "complaints.f.plan_owner", "complaints.hint.staff"),
            StepField("plan_due", "complaints.f.plan_due", "complaints.hint.date",
                      row.plan_due.isoformat() if row and row.plan_due else ""),
        ], lambda actor, v: complaints.plan(actor, self.complaint_id, measures=v["measures"],
                                            owner=v["plan_owner"], due=v["plan_due"]))

    def action_reply(self) -> None:
        from store import complaints

        self._dialog("reply", "complaints.step.reply", [StepField("reply", "complaints.f.reply")],
                     lambda actor, v: complaints.reply(actor, self.complaint_id, v["reply"]))

    def action_confirm(self) -> None:
        from store import complaints

        self._ask("confirm", t("complaints.confirm_question"), t("complaints.step.confirm"),
                  lambda actor: complaints.confirm_result(actor, self.complaint_id), t("complaints.done"))

    def action_close(self) -> None:
        from store import complaints

        self._ask("close", t("complaints.close_question"), t("complaints.step.close"),
                  lambda actor: complaints.close(actor, self.complaint_id), t("complaints.closed_ok"))

    def _ask(self, name: str, question: str, title: str, step: Callable, done_message: str) -> None:
        self.say("")
        if self._refusal(name):
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._run(step, done_message)

        self.app.push_screen(ConfirmDialog(question, title), answer)

    @work(thread=True, exclusive=True, group="complaint-step")
    def _run(self, step: Callable, done_message: str) -> None:
        try:
            step(self.app.actor)
        except StoreError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._stepped, done_message)

    def _refused(self, exc: StoreError) -> None:
        message = t("complaints.refused", reason=store_message(exc))
        if self.is_attached:
            self.say(message)
        self.notify(message, severity="error")

    def _stepped(self, message: str) -> None:
        self.notify(message)
        if self.is_attached:
            self.refresh_data()
