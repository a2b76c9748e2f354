"""`carefloor serve [--port N] [--db D] [--lang zh|en] [--wall]`: the app in a browser, on 127.0.0.1 only.

textual-serve starts one app process per browser tab. It binds to 127.0.0.1, and a gate
(tui/webguard.py) serves only requests that name this server (Host, Origin) and carry the
random token of this launch in their path: the address printed at start is the only way in,
so neither a web page in that browser nor another OS user of the machine can connect.
Behind it, everyone still signs in with their staff number and PIN (or sees the wall).
"""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

from tui.commands._shared import add_db_argument, open_existing, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t

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
    from tui.webguard import GuardedServer, new_token

    server = GuardedServer(app_command(target, args.lang, args.wall), args.port, new_token(), "carefloor")
    print(t("serve.listening", url=server.url), file=sys.stderr, flush=True)
    server.serve()
    return 0
