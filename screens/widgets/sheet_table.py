"""A `store.exports.Sheet` on screen: a bold title with its row count, then the table (or "none")."""
from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from store.exports import Sheet, cell_text
from store.text import inert


def sheet_renderable(sheet: Sheet, empty: str, *, count: bool = True) -> Group:
    title = Text(inert(f"{sheet.title} ({len(sheet.rows)})" if count else sheet.title), style="bold")
    if not sheet.rows:
        return Group(title, Text(f"  {empty}", style="dim"), Text(""))
    table = Table(box=None, show_header=True, header_style="bold", expand=False, padding=(0, 1), pad_edge=True)
    for header in sheet.headers:
        table.add_column(header, overflow="fold")
    for row in sheet.rows:
        table.add_row(*(Text(cell_text(c)) for c in row))  # Text: a stored "[red]" is not markup
    return Group(title, table, Text(""))
