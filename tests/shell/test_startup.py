"""Start-up: the first app built freezes what the imports made (the collector skips it), once."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import gc, sys
sys.path.insert(0, {root!r})
from tui import app, startup
before = gc.get_freeze_count()
app.make_app(None, lang="en")
first = gc.get_freeze_count()
garbage = [[i] for i in range(5000)]  # made after the first app: must stay collectable
app.make_app(None, lang="en")
print(before, first, gc.get_freeze_count(), startup.freeze_imported_objects())
"""


def test_the_first_app_freezes_the_imported_objects_and_later_apps_do_not():
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT))], capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    before, first, second, again = out.stdout.split()
    assert int(before) == 0 and int(first) > 10_000  # modules, classes, Textual's CSS
    assert second == first and again == "False"  # a test process's later apps never freeze their garbage


HELD = """
import asyncio, gc, sys
sys.path.insert(0, {root!r})
from tui import startup
startup.hold_collector()
import tui.app  # the imports run with no collection
seen = [gc.isenabled(), gc.get_count()[0] > 700]  # allocations past the threshold, none collected
app = tui.app.make_app(None, lang="en")
seen.append(gc.isenabled())  # built: still held until its first screen is drawn

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):  # the release waits for the login screen's first frame
            await pilot.pause(0.02)
            if gc.isenabled():
                break
        seen.append(type(app.screen).__name__)
        seen.append(gc.isenabled())
asyncio.run(main())
print(*seen)
"""


def test_the_collector_is_held_while_starting_and_back_once_the_first_screen_is_drawn(tmp_path):
    code = HELD.format(root=str(ROOT)).replace("make_app(None", f"make_app({str(tmp_path / 'c.db')!r}")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "False", "LoginScreen", "True"]


def test_a_collector_stopped_by_someone_else_stays_stopped():
    import gc

    from tui import startup

    gc.disable()
    try:
        startup.hold_collector()
        startup.release_collector()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_command_gives_the_collector_back_whatever_it_did(capsys):
    import gc

    import pytest

    from tui import cli

    with pytest.raises(SystemExit):  # argparse prints the version and exits
        cli.main(["--version"])
    assert gc.isenabled()


def test_a_command_other_than_the_app_runs_with_the_collector_on(monkeypatch):
    """The wall display runs for days and draws no app screen that would give it back."""
    import gc

    from tui import cli
    from tui.commands import wall

    seen = []
    monkeypatch.setattr(wall, "run", lambda args: seen.append(gc.isenabled()) or 0)
    assert cli.main(["wall", "--db", "none.db"]) == 0
    assert seen == [True]
