"""`carefloor audit [--guest G] [--staff S] [--since DATE] [--until DATE] [--csv]`: the audit trail.
`carefloor audit --verify`: check the sealed chain (exit 1 naming the first broken event).
`carefloor audit --new-key`: the key is lost for good: a new one, and a chain that starts again.

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
    check = parser.add_mutually_exclusive_group()
    check.add_argument("--verify", action="store_true", help=t("audit_cli.verify_help"))
    check.add_argument("--new-key", action="store_true", help=t("audit_cli.new_key_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    if args.verify:
        return verify(args.db)
    if args.new_key:
        return new_key(args.db)
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


def verify(db_arg: str | None) -> int:
    """Walk the chain; one line either way, exit 0 when intact and 1 when something broke."""
    from store import db as store_db
    from store.auditverify import verify as walk
    from store.backup import backup_folder

    open_existing(db_arg)
    try:
        report = walk(backup_folder(store_db.resolve(db_arg)))
    finally:
        store_db.close()
    if report.intact:
        print(_summary(report))
        return 0
    print(_finding(report.finding))
    return 1


def new_key(db_arg: str | None) -> int:
    from store import audit, auditkey, db as store_db

    target = store_db.resolve(db_arg)
    if "://" not in target:
        from pathlib import Path

        if not Path(target).exists():
            raise CommandError(t("cli.no_database", path=target))
    store_db.open_database(target, create=False, new_audit_key=True)
    try:
        audit.start_new_chain(cli_actor("audit --new-key"))
        path = auditkey.current_path()
    finally:
        store_db.close()
    print(t("audit_cli.new_key_done", keyfile=path))
    return 0


def _summary(report) -> str:
    if report.start is None:
        return t("audit_cli.verify_empty")
    line = t("audit_cli.verify_ok", checked=report.checked, start=report.start, last=report.last,
             why=t(f"audit_cli.start_{report.reason.replace(' ', '_') or 'new'}"))
    if report.before:
        line += t("audit_cli.verify_before", count=report.before, start=report.start)
    return line + t("audit_cli.verify_heads", count=report.heads)


def _finding(finding) -> str:
    params = {"event": finding.event, "other": finding.other, **finding.details}
    kind = finding.kind
    if kind == "before_start" and finding.event is None:
        kind = "before_start_removed"
    return t(f"audit_cli.broken_{kind}", **params)
