"""CareTable: a frame drawn before the new rows were measured must not stay on screen."""
from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from screens.widgets.care_table import CareTable
from tests.screens.helpers import run


class TableApp(App):
    CSS = "DataTable { height: 1fr; }"  # as on the screens: new rows do not resize the table
    def __init__(self, cls) -> None:
        super().__init__()
        self.cls = cls

    def compose(self) -> ComposeResult:
        yield self.cls(id="t")


def _header(table) -> str:
    return "".join(segment.text for segment in table.render_line(0)).rstrip()


async def _header_after_early_frame(cls) -> str:
    app = TableApp(cls)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one("#t", DataTable)
        table.add_columns("When", "Guest")
        for _ in range(3):  # mounted, laid out, shown: no resize left to come
            await pilot.pause()
        table.add_row("overdue 11-22 15:00", "王小红")
        _header(table)  # a frame drawn before the table's idle measured the new row
        await pilot.pause()
        return _header(table)


@run
async def test_columns_widen_even_after_a_frame_drawn_before_the_measure():
    assert _words_at(await _header_after_early_frame(CareTable)) == [("When", 1), ("Guest", 22)]


@run
async def test_plain_datatable_keeps_the_early_frame():
    """The Textual behaviour CareTable works around; when this fails, CareTable can go."""
    with pytest.raises(AssertionError):
        assert _words_at(await _header_after_early_frame(DataTable)) == [("When", 1), ("Guest", 22)]


def _words_at(line: str) -> list[tuple[str, int]]:
    words, at = [], 0
    for word in line.split():
        at = line.index(word, at)
        words.append((word, at))
        at += len(word)
    return words
