"""Run the real app in a terminal for the hang-up tests: python -m tests.daily.hup_child DB STAFF_ID."""
from __future__ import annotations

import sys

from store import clock
from store.models import Staff
from store.permissions import permissions_for
from store.writes import Actor
from tui.app import make_app


def main(db_path: str, staff_id: int) -> int:
    clock.install(clock.FixedClock("2026-11-23T02:00:00+00:00"))
    app = make_app(db_path, lang="en")
    staff = Staff.get_by_id(staff_id)
    app.actor = Actor(staff.id, staff.name, staff.role, "pty", permissions_for(staff.role))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
