"""`carefloor audit [--guest G] [--staff S] [--since DATE] [--until DATE] [--csv]`: the audit trail.

Whoever can run this against the database file owns it, so it reads as the system; a CSV
export is itself recorded in the trail.
"""
from __future__ import annotations

import sys

from tui.commands._shared import add_db_argument, cli_actor, open_existing, parse_day, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t

DEFAULT_LIMIT = 200


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("audit", help=t("audit_cli.help"), description=t("audit_cli.help"))
    add_db_argument(parser)
    parser.add_argument("--guest", metavar="G", help=t("audit_cli.guest_help"))
    parser.add_argument("--staff", metavar="S", help=t("audit_cli.staff_help"))
    parser.add_argument("--since", metavar="DATE", help=t("audit_cli.since_help"))
    parser.add_argument("--until", metavar="DATE", help=t("audit_cli.until_help"))
    parser.add_argument("--limit", metavar="N", type=int, default=DEFAULT_LIMIT, help=t("audit_cli.limit_help"))
    parser.add_argument("--csv", action="store_true", help=t("audit_cli.csv_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    from store import audit, db as store_db

    since = parse_day(args.since, "--since") if args.since else None
    until = parse_day(args.until, "--until") if args.until else None
    if since and until and until < since:
        raise CommandError(t("audit_cli.bad_range"), EXIT_USAGE)
    if args.limit < 1:
        raise CommandError(t("audit_cli.bad_limit"), EXIT_USAGE)
    flt = audit.AuditFilter(args.guest, args.staff, since, until, args.limit)
    open_existing(args.db)
    try:
        if args.csv:
            audit.export_csv(cli_actor("audit --csv"), flt, sys.stdout)
            return 0
        rows = audit.query(cli_actor("audit"), flt)
    finally:
        store_db.close()
    _print_table(rows)
    return 0


def _print_table(rows) -> None:
    """Oldest at the top, newest at the bottom (next to the prompt), one line per event."""
    from rich.cells import cell_len

    from store.audit import change_summary

    if not rows:
        print(t("audit_cli.none"))
        return
    table = [(r.at, r.staff_name or "-", r.seat or "-", r.action, _target(r), change_summary(r, 80))
             for r in reversed(rows)]  # store.audit rows are inert already
    widths = [max(cell_len(row[i]) for row in table) for i in range(5)]
    for row in table:
        cells = [cell + " " * (w - cell_len(cell)) for cell, w in zip(row, widths)]
        print("  ".join([*cells, row[5]]).rstrip())


def _target(row) -> str:
    if row.guest_name:
        return row.guest_name
    if row.entity:
        return f"{row.entity} {row.entity_id}" if row.entity_id is not None else row.entity
    return "-"
