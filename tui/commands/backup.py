"""`carefloor backup DEST [--db D]`: a consistent copy of the SQLite file while others work."""
from __future__ import annotations

from tui.commands._shared import add_db_argument, start
from tui.errors import CommandError
from tui.i18n import t


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("backup", help=t("backup_cli.help"), description=t("backup_cli.help"))
    parser.add_argument("dest", metavar="DEST", help=t("backup_cli.dest_help"))
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    path = sqlite_file(args.db)
    from store.backup import backup_file, verify

    made = backup_file(path, args.dest)
    checked = verify(made)
    print(t("backup_cli.done", path=made))
    print(t("backup_cli.checked", version=checked.schema_version, events=checked.events))
    return 0


def sqlite_file(db_arg: str | None):
    """The SQLite file behind --db / $CAREFLOOR_DB / the default; PostgreSQL is refused clearly."""
    from store import db as store_db  # no PostgreSQL driver for a SQLite file: store/driver.py

    target = store_db.resolve(db_arg)
    from store.filecheck import sqlite_path

    path = sqlite_path(target)
    if path is None:
        raise CommandError(t("backup_cli.postgres"))
    if not path.is_file():
        raise CommandError(t("cli.no_database", path=path))
    return path
