"""Fixtures of the hostile-text tests: the CLI runner and the demo center (shared with tests/cli)."""
from __future__ import annotations

from tests.cli.conftest import DEMO_DAY, demo_db, demo_template, run_cli  # noqa: F401 (fixtures)
