"""`carefloor wall [--db D] [--lang zh|en] [--theme NAME] [--poll-ms N]`: the station wall display."""
from __future__ import annotations

from tui.commands._shared import add_db_argument, open_existing, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("wall", help=t("wall.cli.help"), description=t("wall.cli.help"))
    add_db_argument(parser)
    parser.add_argument("--lang", choices=("zh", "en"), help=t("wall.cli.lang_help"))
    parser.add_argument("--theme", metavar="NAME", default="carefloor-dark", help=t("wall.cli.theme_help"))
    parser.add_argument("--poll-ms", type=int, default=1000, metavar="N", help=t("wall.cli.poll_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start(args.lang)
    if not 100 <= args.poll_ms <= 60_000:
        raise CommandError(t("wall.cli.bad_poll"), EXIT_USAGE)
    from tui.themes import theme_names

    if args.theme not in theme_names():
        raise CommandError(f"unknown theme {args.theme!r}: use one of {', '.join(theme_names())}", EXIT_USAGE)
    open_existing(args.db)
    from screens.wall import WallApp
    from store import db as store_db

    app = WallApp(poll_ms=args.poll_ms, theme=args.theme)
    try:
        app.run()
    finally:
        store_db.close()
    return app.return_code or 0
