"""CareTable: Textual's DataTable, but column widths measured after a render always show.

Textual 8.2 measures new rows on idle and widens the columns without bumping the table's render
generation, so a frame drawn between `add_row` and that idle (a busy machine) stays cached with
the old, narrower columns until something else changes (cf. textual#1026).
"""
from __future__ import annotations

from typing import Iterable

from textual.widgets import DataTable


class CareTable(DataTable):
    def _update_dimensions(self, new_rows: Iterable) -> None:
        super()._update_dimensions(new_rows)
        self._update_count += 1  # a new render generation: lines cached with the old widths are stale
        self.refresh()
