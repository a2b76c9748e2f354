"""The bench runner: a module that fails becomes a row with its error; the table always prints."""
from __future__ import annotations

import os

from bench import runner


def test_a_failing_module_is_a_row_not_a_crash():
    rows = runner.run_module("bench_does_not_exist", True, dict(os.environ))
    assert len(rows) == 1 and rows[0]["name"].endswith("FAILED")
    assert "No module named" in rows[0]["note"]


def test_table_has_the_machine_each_figure_and_ratios():
    info = dict(runner.machine(), load_end="0.1 0.1 0.1")
    rows = [runner.summarize("thing", [float(x) for x in range(1, 41)], ratio=0.5, note="n"),
            {"name": "broken: FAILED", "median_ms": None, "spread": "", "n": 0, "note": "boom"},
            {"name": "given", "median_ms": 1500.0, "spread": 2.5, "n": 3}]
    table = runner.format_table(info, rows, True, 1.0)
    assert f"{info['cpus']} cpus" in table and f"sqlite {info['sqlite']}" in table
    assert "thing" in table and "0.50x" in table and "2.0 ms..38.0 ms" in table
    assert "broken: FAILED" in table and "boom" in table and "1.50 s" in table


def test_discover_finds_the_modules_and_puts_the_app_last():
    names = runner.discover()
    assert "bench_writes" in names and "bench_live" in names
    assert names[-1] == "bench_app"


class FakePane:
    """A pane whose cursor moves on Right/Left, and which shows a half-drawn frame first
    (as tmux may, mid-write) before the key's whole result; frames queue up as tmux draws them."""

    def __init__(self):
        self.screen, self.pending, self.target = "cursor at 301", [], "cursor at 301"
        self.sent_after_whole_frame: list[bool] = []

    def send(self, session, key):
        self.sent_after_whole_frame.append(self.screen == self.target)
        self.target = "cursor at 302" if key == "Right" else "cursor at 301"
        self.pending += ["half drawn", self.target]

    def capture(self, session, attrs=False):
        if self.pending:
            self.screen = self.pending.pop(0)
        return self.screen


def test_key_to_screen_waits_for_the_whole_frame(monkeypatch):
    from bench import bench_app

    pane = FakePane()
    monkeypatch.setattr(bench_app, "_send", pane.send)
    monkeypatch.setattr(bench_app, "_capture", pane.capture)
    monkeypatch.setattr(bench_app, "_settled", lambda session: [pane.capture(session) for _ in range(3)][-1])
    times = bench_app._keys("s", 6)
    # "until anything differs" stopped on the half-drawn frame; the next press then took the rest
    # of this one for its own result (and, in tmux, sometimes waited 5 s for it)
    assert len(times) == 6 and max(times) < 1000
    assert all(pane.sent_after_whole_frame) and pane.screen == "cursor at 301"
