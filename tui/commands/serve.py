"""`carefloor serve [--port N] [--db D] [--lang zh|en] [--wall]`: the app in a browser, on 127.0.0.1 only.

textual-serve starts one app process per browser tab. The web page has NO authentication of its
own: anyone who can reach the port gets the sign-in screen (or, with --wall, the wall display).
It therefore binds to 127.0.0.1; a front desk reaches it on the same machine (or over an ssh tunnel).
"""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

from tui.commands._shared import add_db_argument, open_existing, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("serve", help=t("serve.help"), description=t("serve.help"))
    add_db_argument(parser)
    parser.add_argument("--port", type=int, default=8000, help=t("serve.port_help"))
    parser.add_argument("--lang", choices=("zh", "en"), help=t("wall.cli.lang_help"))
    parser.add_argument("--wall", action="store_true", help=t("serve.wall_help"))
    parser.set_defaults(func=run)


def app_command(db: str, lang: str | None, wall: bool) -> str:
    """The shell command each browser tab runs: this Python, this checkout, the same database."""
    argv = [sys.executable, "-m", "tui.cli", "wall" if wall else "app", "--db", db]
    if lang:
        argv += ["--lang", lang]
    return f"cd {shlex.quote(str(ROOT))} && exec {shlex.join(argv)}"


def run(args) -> int:
    start(args.lang)
    if not 1024 <= args.port <= 65535:
        raise CommandError(t("serve.bad_port"), EXIT_USAGE)
    database = open_existing(args.db)  # refuse a missing database before starting a server
    from store import db as store_db

    target = store_db.resolve(args.db)
    store_db.close()
    del database
    if "://" not in target:
        target = str(Path(target).resolve())
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandError(t("serve.missing")) from None
    server = Server(app_command(target, args.lang, args.wall), host=HOST, port=args.port, title="carefloor")
    print(t("serve.listening", url=f"http://{HOST}:{args.port}"), file=sys.stderr)
    server.serve()
    return 0
