"""A staff box in a form: type a staff number or the start of a name; → takes the suggestion,
and the line beside the box says who it is ("周护士 · N1 · 护士"), so nobody has to know numbers.

The directory (active staff) is read in a worker when the form opens; until it arrives the box
is a plain text box, and the store still checks what is saved (store.lifecycle.staff_ref).
"""
from __future__ import annotations

from textual.suggester import Suggester

from store.staff import StaffRow
from store.text import inert
from tui.i18n import role_name, t


class StaffDirectory:
    """Active staff: matched as the store matches them (exact number, else a unique full name),
    completed in any case (→ then gives the exact spelling the store takes)."""

    def __init__(self, rows: list[StaffRow]) -> None:
        self.rows = [r for r in rows if r.active]

    def exact(self, text: str) -> StaffRow | None:
        """The member saving this text would name (store.lifecycle.staff_ref): the one with this
        number, else the only one with this full name."""
        text = text.strip()
        if not text:
            return None
        for row in self.rows:
            if row.number == text:
                return row
        named = [r for r in self.rows if r.name == text]
        return named[0] if len(named) == 1 else None

    def first(self, prefix: str) -> tuple[StaffRow, str] | None:
        """The first member whose number, else name, starts with `prefix`, and that completion."""
        prefix = prefix.strip().casefold()
        if not prefix:
            return None
        for row in self.rows:
            if row.number.casefold().startswith(prefix):
                return row, row.number
        for row in self.rows:
            if row.name.casefold().startswith(prefix):
                return row, row.name
        return None

    def who(self, text: str) -> str:
        """The line beside the box: who the text is, or who → would take, or that nobody is."""
        if not text.strip():
            return ""
        row = self.exact(text)
        if row is not None:
            return describe(row)
        found = self.first(text)
        if found is not None:
            return t("lifecycle.staff_take", who=describe(found[0]))
        return t("lifecycle.staff_none", text=text.strip())


def describe(row: StaffRow) -> str:
    return f"{row.name} · {row.number} · {role_name(row.role)}"


class StaffSuggester(Suggester):
    """Completes a staff number or name from the directory (shown dimmed; → takes it)."""

    def __init__(self, directory: StaffDirectory) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.directory = directory

    async def get_suggestion(self, value: str) -> str | None:
        found = self.directory.first(value)
        return inert(found[1]) if found else None  # drawn in the box as it is


def load_directory() -> StaffDirectory:
    """Read the active staff (thread)."""
    from store.staff import list_staff

    return StaffDirectory(list_staff(include_inactive=False))
