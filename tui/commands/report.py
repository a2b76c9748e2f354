"""`carefloor report [NAME] [--on DATE] [--weeks N] [--days N] [--months N] [--xlsx F | --csv F | --md [F]]`:
the manager reports for the office (the server's shell is trusted: no sign-in, every figure)."""
from __future__ import annotations

from tui.commands._shared import add_db_argument, cli_actor, open_existing, parse_day, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t

NAMES = ("callbacks", "overdue", "complaints", "satisfaction", "all")
LIMITS = {"weeks": 104, "days": 366, "months": 36}


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("report", help=t("reports.cli.help"), description=t("reports.cli.help"))
    add_db_argument(parser)
    parser.add_argument("name", nargs="?", default="all", choices=NAMES, metavar="NAME", help=t("reports.cli.name_help"))
    parser.add_argument("--on", metavar="DATE", help=t("reports.cli.on_help"))
    parser.add_argument("--weeks", type=int, default=8, help=t("reports.cli.weeks_help"))
    parser.add_argument("--days", type=int, default=28, help=t("reports.cli.days_help"))
    parser.add_argument("--months", type=int, default=6, help=t("reports.cli.months_help"))
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--xlsx", metavar="FILE", help=t("handover.cli.xlsx_help"))
    out.add_argument("--csv", metavar="FILE", help=t("reports.cli.csv_help"))
    out.add_argument("--md", nargs="?", const="-", metavar="FILE", help=t("handover.cli.md_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    for option, most in LIMITS.items():
        if not 1 <= getattr(args, option) <= most:
            raise CommandError(t("reports.cli.bad_count", option=f"--{option}", most=most), EXIT_USAGE)
    if args.csv and args.name == "all":
        raise CommandError(t("reports.cli.csv_one"), EXIT_USAGE)
    day = parse_day(args.on, "--on") if args.on else None
    open_existing(args.db)
    from store import db as store_db
    from store.reports import build_report
    from store.settings import get_setting
    from tui import humanize
    from tui.commands.handover import emit
    from tui.sheets import report_sheets

    try:
        report = build_report(cli_actor("report"), day, weeks=args.weeks, days=args.days, months=args.months)
        center = str(get_setting("center_name", "") or "")
    finally:
        store_db.close()
    sheets = report_sheets(report)
    chosen = list(sheets.values()) if args.name == "all" else [sheets[args.name]]
    title = t("reports.doc_title", center=center, day=humanize.day_label(report.end_day))
    return emit(chosen, title, md=args.md, xlsx=args.xlsx, csv=args.csv)
