"""`carefloor [--db D] [--lang zh|en] [--theme NAME] [--config F]`: the floor app (the default command)."""
from __future__ import annotations


def register(subparsers, parent_parser) -> None:
    parser = subparsers.add_parser("app", help="run the floor app (default) / 运行程序 (默认)")
    parser.add_argument("--db", metavar="D", help="database file or URL (else $CAREFLOOR_DB, else the user data file)")
    parser.add_argument("--lang", choices=("zh", "en"), help="language (else config, else the locale)")
    parser.add_argument("--theme", metavar="NAME", help="carefloor-dark, carefloor-light or carefloor-contrast")
    parser.add_argument("--config", metavar="F", help="config file (else $XDG_CONFIG_HOME/carefloor/config.toml)")
    parser.add_argument("--playbook", metavar="PATH", help="the center's own playbook file that overrides or extends steps")
    parser.set_defaults(func=run)


def run(args) -> int:
    from store import db as store_db
    from tui.config import ConfigError, load_config
    from tui.errors import CommandError

    try:
        config = load_config(args.config).with_overrides(lang=args.lang, theme=args.theme)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    from tui.app import make_app

    try:
        app = make_app(store_db.resolve(args.db), config=config, day_rollover=True)  # this terminal plans new days
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    from tui.commands._shared import use_playbook

    use_playbook(args.playbook or config.playbook_path)  # a bad playbook refuses to start, naming file/step/field
    from tui import autobackup

    autobackup.start(app, store_db.resolve(args.db))  # daily backup, NFS warning: off the UI thread
    try:
        app.run()
    finally:
        store_db.close()
    if getattr(app, "crash_message", ""):
        raise CommandError(app.crash_message)  # one line on stderr, exit 1
    return app.return_code or 0
