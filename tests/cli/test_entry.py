"""The entry point really runs as a program."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_tui_cli_help_lists_the_office_commands():
    done = subprocess.run([sys.executable, "-m", "tui.cli", "--help"], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "CAREFLOOR_LANG": "en"}, timeout=60)
    assert done.returncode == 0, done.stderr
    for command in ("demo", "due", "import", "staff"):
        assert f"\n    {command} " in done.stdout
    assert "Traceback" not in done.stderr


def test_due_command_imports_neither_textual_nor_the_postgres_driver(tmp_path):
    """`carefloor due` is run by scripts and cron: its start must stay light (issue 2: under 0.5 s)."""
    db = tmp_path / "c.db"
    script = ("import sys; from tui import cli; code = cli.main(['due', '--db', sys.argv[1], '--on', '2026-11-23', "
              "'--json']); heavy = sorted(m for m in ('textual', 'psycopg') if m in sys.modules); "
              "print(code, heavy)")
    subprocess.run([sys.executable, "-m", "tui.cli", "staff", "add", "M1", "x", "--role", "manager", "--pin", "9999",
                    "--db", str(db)], cwd=ROOT, capture_output=True, check=True, timeout=60)
    done = subprocess.run([sys.executable, "-c", script, str(db)], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "CAREFLOOR_LANG": "en"}, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr
