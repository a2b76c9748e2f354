"""Charts in the terminal, drawn with coloured spaces (block glyphs are ambiguous-width in CJK terminals).

- `BarChart`: one horizontal bar per row: `value` filled out of `total` (e.g. done of due), scaled
  to the largest total, with a label on the left and a text on the right.
- `ColumnChart`: a column per point (e.g. overdue per day), scaled to the largest value, with the
  maximum above and the first / last labels below.
Colours come from the theme through component classes (see reports.tcss).
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    total: float
    text: str


def _fit(text: str, cells: int) -> str:
    """`text` cut or padded to exactly `cells` terminal columns."""
    out, used = "", 0
    for ch in text:
        w = cell_len(ch)
        if used + w > cells:
            break
        out, used = out + ch, used + w
    return out + " " * (cells - used)


class BarChart(Widget):
    COMPONENT_CLASSES = {"chart--bar", "chart--rest", "chart--label"}
    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars: list[Bar] = []

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.styles.height = max(1, len(bars))
        self.refresh(layout=True)

    def render(self) -> Text:
        if not self.bars:
            return Text("")
        width = self.size.width or 60
        label_w = min(max(cell_len(b.label) for b in self.bars), max(6, width // 4))
        text_w = max(cell_len(b.text) for b in self.bars)
        room = max(4, width - label_w - text_w - 3)
        top = max(b.total for b in self.bars) or 1
        bar, rest = self.get_component_rich_style("chart--bar"), self.get_component_rich_style("chart--rest")
        out = Text(no_wrap=True, overflow="crop")
        for n, item in enumerate(self.bars):
            total_cells = round(room * item.total / top)
            filled = min(total_cells, round(room * item.value / top))
            out.append(_fit(item.label, label_w) + " ", self.get_component_rich_style("chart--label"))
            out.append(" " * filled, bar)
            out.append(" " * (total_cells - filled), rest)
            out.append(" " * (room - total_cells) + " " + item.text)
            if n < len(self.bars) - 1:
                out.append("\n")
        return out


class ColumnChart(Widget):
    COMPONENT_CLASSES = {"chart--bar", "chart--axis"}
    DEFAULT_CSS = "ColumnChart { height: 8; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: list[tuple[str, float]] = []
        self.top_label = ""

    def set_points(self, points: list[tuple[str, float]], top_label: str = "") -> None:
        self.points, self.top_label = points, top_label
        self.refresh()

    def render(self) -> Text:
        if not self.points:
            return Text("")
        width, height = self.size.width or 60, max(3, (self.size.height or 8) - 2)
        column = max(1, min(3, (width + 1) // len(self.points) - 1))
        top = max(v for _, v in self.points) or 1
        bar, axis = self.get_component_rich_style("chart--bar"), self.get_component_rich_style("chart--axis")
        out = Text(no_wrap=True, overflow="crop")
        out.append(self.top_label + "\n", axis)
        levels = [round(height * v / top) for _, v in self.points]
        for row in range(height, 0, -1):
            for level in levels:
                out.append(" " * column, bar if level >= row else "")
                out.append(" ")
            out.append("\n")
        span = (column + 1) * len(self.points)
        first, last = self.points[0][0], self.points[-1][0]
        out.append(first + " " * max(1, span - cell_len(first) - cell_len(last)) + last, axis)
        return out
