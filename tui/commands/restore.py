"""`carefloor restore SRC [--db D] [--yes]`: check a backup, keep the current file aside, restore."""
from __future__ import annotations

import sys

from tui.commands._shared import add_db_argument, start
from tui.errors import CommandError
from tui.i18n import t


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("restore", help=t("backup_cli.restore_help"),
                                   description=t("backup_cli.restore_help"))
    parser.add_argument("src", metavar="SRC", help=t("backup_cli.src_help"))
    parser.add_argument("--yes", action="store_true", help=t("backup_cli.yes_help"))
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    from store.backup import restore, verify
    from store.db import resolve
    from store.filecheck import sqlite_path

    target = sqlite_path(resolve(args.db))
    if target is None:
        raise CommandError(t("backup_cli.postgres"))
    checked = verify(args.src)  # a bad backup is refused before anyone is asked anything
    print(t("backup_cli.checked", version=checked.schema_version, events=checked.events))
    if target.exists() and not args.yes and not _confirmed(args.src, target):
        print(t("backup_cli.cancelled"))
        return 1
    _, previous = restore(args.src, target)
    print(t("backup_cli.restored", db=target))
    if previous is not None:
        print(t("backup_cli.previous", path=previous))
    print(t("backup_cli.terminals"))
    return 0


def _confirmed(src: str, target) -> bool:
    if not sys.stdin.isatty():
        raise CommandError(t("backup_cli.need_yes"))
    try:
        return input(t("backup_cli.confirm", src=src, db=target)).strip().lower() in ("yes", "y", "是")
    except EOFError:
        return False
