"""CareTable: Textual's DataTable, but column widths measured after a render always show, and
every cell shown as plain inert text.

Textual 8.2 measures new rows on idle and widens the columns without bumping the table's render
generation, so a frame drawn between `add_row` and that idle (a busy machine) stays cached with
the old, narrower columns until something else changes (cf. textual#1026).
A DataTable parses a str cell as markup; the cells of these tables are stored text (names, notes),
so each goes through screens/widgets/plain.py: one line, no markup, no raw control character.
"""
from __future__ import annotations

from typing import Any, Iterable

from textual.widgets import DataTable

from screens.widgets.plain import safe


class CareTable(DataTable):
    def add_row(self, *cells: Any, **kwargs: Any):
        return super().add_row(*(safe(cell, multiline=False) for cell in cells), **kwargs)

    def _update_dimensions(self, new_rows: Iterable) -> None:
        super()._update_dimensions(new_rows)
        self._update_count += 1  # a new render generation: lines cached with the old widths are stale
        self.refresh()
