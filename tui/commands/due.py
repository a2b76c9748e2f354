"""`carefloor due [--on DATE] [--json]`: plan what the playbooks schedule, list what is due.

Planning first: the day's roll-over if no terminal did it yet (waiting for one that is on it),
then any guest still behind, through `--on` (a look-ahead plans each guest further, never
anyone else's plan). Guests planning had to skip are named on stderr, each with the step.
Kept light: no textual import, the store and rich.cells only when run.
"""
from __future__ import annotations

import json
import sys

from tui.commands._shared import add_db_argument, add_playbook_argument, use_playbook, cli_actor, open_existing, parse_day, print_safely, start
from tui.i18n import pick, role_name, t

JSON_KEYS = ("id", "guest", "room", "kind", "playbook", "step", "title", "due", "window_end", "channel",
             "role", "assignee", "status", "attempts", "call_window", "overdue")


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("due", help=t("due_cli.help"), description=t("due_cli.help"))
    add_db_argument(parser)
    parser.add_argument("--on", metavar="DATE", help=t("due_cli.on_help"))
    parser.add_argument("--json", action="store_true", help=t("due_cli.json_help"))
    add_playbook_argument(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    day = parse_day(args.on, "--on") if args.on else None
    open_existing(args.db)  # first: it imports the store without the PostgreSQL driver when it can
    from store import clock, db as store_db

    try:
        use_playbook(args.playbook)
        day = day or clock.today()
        _check_day(day, clock.today())
        _generate(day)
        rows = _due(day)
        failures = _failures()
    finally:
        store_db.close()
    _print_failures(failures)
    print_safely(lambda: _print_json(rows, day) if args.json else _print_table(rows, day))
    return 0


def _check_day(day, today) -> None:
    from store import bounds
    from tui.errors import EXIT_USAGE, CommandError

    if not bounds.within("on", day, today):
        earliest, latest = bounds.allowed("on", today)
        raise CommandError(t("due_cli.on_range", day=day.isoformat(), earliest=earliest.isoformat(),
                             latest=latest.isoformat()), EXIT_USAGE)


def _generate(day) -> None:
    """Bring every guest's plan up to `day` (idempotent) before reading it."""
    from store import generate, rollover
    from store.terminal import describe

    rollover.run(describe(), wait=True)  # the day's roll-over, once per database
    generate.run(through=day, actor=cli_actor("due"))  # the look-ahead, and anyone still behind


def _failures():
    from store.plan_failures import failures

    return failures()


def _print_failures(failures) -> None:
    """Each guest planning skips, on stderr: who, which step, what broke."""
    for f in failures:
        step = f"{f.playbook}/{f.step}" if f.step else t("due_cli.plan_failed_dates")
        line = t("due_cli.plan_failed", name=f.name, room=f.room or "-", step=step, error=f.error)
        print("carefloor: " + "".join(ch if ch.isprintable() else "?" for ch in line), file=sys.stderr)


def _due(day):
    from store.tasks import due_tasks
    from store.writes import Actor

    reader = Actor(0, "carefloor due", "", "")  # no permissions: phones stay masked in printouts
    return due_tasks(day, actor=reader)


def _print_json(rows, day) -> None:
    from store.text import inert_data

    out = []
    for row in rows:
        data = row.to_json()
        data["overdue"] = row.overdue(day)
        out.append({key: data[key] for key in JSON_KEYS})
    # inert: JSON escapes C0 but not C1 or bidi, and whoever reads it may print the values
    json.dump(inert_data(out, multiline=False), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _print_table(rows, day) -> None:
    from rich.cells import cell_len

    from store import clock

    if not rows:
        print(t("due_cli.nothing", day=day.isoformat()))
        return
    from store.text import inert

    zone = clock.timezone()
    header = tuple(t(f"due_cli.col_{name}") for name in ("due", "room", "guest", "kind", "channel", "role", "title"))
    table = [header] + [tuple(inert(cell) for cell in _cells(row, day, zone)) for row in rows]
    widths = [max(cell_len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        cells = [cell + " " * (width - cell_len(cell)) for cell, width in zip(line, widths)]
        print("  ".join(cells).rstrip())
    overdue = sum(1 for row in rows if row.overdue(day))
    print(t("due_cli.summary", total=len(rows), overdue=overdue, day=day.isoformat()))


def _cells(row, day, zone) -> tuple[str, ...]:
    import arrow

    local = arrow.get(row.due).to(zone)
    when = local.format("HH:mm") if local.date() == day else local.format("MM-DD HH:mm")
    if row.overdue(day):
        when = "!" + when
    return (when, row.room or "-", row.guest_name, t(f"due_cli.kind_{row.kind}"),
            t(f"due_cli.channel_{row.channel}"), row.assignee_name or role_name(row.role) or "-",
            pick(row.titles) or row.title)
