"""`carefloor tiers --reevaluate [--db D] [--on DATE]`: put every guest in the tier her year
earns (seeds/tiers.toml); each change gets a callback task to tell her. Run it each quarter."""
from __future__ import annotations

from tui.commands._shared import add_db_argument, cli_actor, open_existing, parse_day, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("tiers", help=t("lifecycle.tiers_cli.help"),
                                   description=t("lifecycle.tiers_cli.help"))
    add_db_argument(parser)
    parser.add_argument("--reevaluate", action="store_true", help=t("lifecycle.tiers_cli.reevaluate_help"))
    parser.add_argument("--on", metavar="DATE", help=t("lifecycle.tiers_cli.on_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    if not args.reevaluate:
        raise CommandError(t("lifecycle.tiers_cli.need_flag"), EXIT_USAGE)
    day = parse_day(args.on, "--on") if args.on else None
    from store import db as store_db, tiers

    open_existing(args.db)
    try:
        changes = tiers.reevaluate(cli_actor("tiers"), day)
    finally:
        store_db.close()
    from store.text import inert

    for change in changes:  # a stored name: inert
        print(inert(t("lifecycle.tiers_cli.changed", name=change.name, before=change.before, after=change.after)))
    print(t("lifecycle.tiers_cli.summary", count=len(changes)))
    return 0
