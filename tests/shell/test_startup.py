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
import gc, sys
sys.path.insert(0, {root!r})
from tui import startup
startup.hold_collector()
import tui.app  # the imports run with no collection
held = (gc.isenabled(), gc.get_count()[0] > 700)  # allocations past the threshold, none collected
tui.app.make_app(None, lang="en")
print(*held, gc.isenabled())
"""


def test_the_collector_is_held_while_importing_and_back_once_the_app_is_built():
    out = subprocess.run([sys.executable, "-c", HELD.format(root=str(ROOT))], capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"]


def test_a_command_gives_the_collector_back_whatever_it_did(capsys):
    import gc

    import pytest

    from tui import cli

    with pytest.raises(SystemExit):  # argparse prints the version and exits
        cli.main(["--version"])
    assert gc.isenabled()
