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
