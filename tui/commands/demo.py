"""`carefloor demo`: build the demo center (deterministic for a seed and a day)."""
from __future__ import annotations

from tui.commands._shared import add_db_argument, parse_day, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t

KINDS = ("postpartum", "aesthetics", "wellness")


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("demo", help=t("demo_cli.help"), description=t("demo_cli.description"))
    add_db_argument(parser)
    parser.add_argument("--kind", default="postpartum", metavar="|".join(KINDS), help=t("demo_cli.kind_help"))
    parser.add_argument("--today", metavar="DATE", help=t("demo_cli.today_help"))
    parser.add_argument("--seed", default="1", metavar="N", help=t("demo_cli.seed_help"))
    parser.add_argument("--force", action="store_true", help=t("demo_cli.force_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    import time

    if args.kind not in KINDS:
        raise CommandError(t("demo_cli.bad_kind", kind=args.kind, kinds=", ".join(KINDS)), EXIT_USAGE)
    if not str(args.seed).isdigit():
        raise CommandError(t("demo_cli.bad_seed", seed=args.seed), EXIT_USAGE)
    today = parse_day(args.today, "--today") if args.today else None
    from seeds import demo
    from store import db as store_db

    began = time.perf_counter()
    target = store_db.resolve(args.db)
    try:
        summary = demo.build(target, kind=args.kind, today=today, seed=int(args.seed), force=args.force)
    finally:
        store_db.close()
    print(t("demo_cli.built", db=target, kind=summary.kind, today=summary.today.isoformat(), guests=summary.guests,
            staff=summary.staff, tasks=summary.tasks, seconds=f"{time.perf_counter() - began:.1f}"))
    print(t("demo_cli.logins"))
    return 0
