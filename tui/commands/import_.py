"""`carefloor import FILE [--skip-bad]`: guests from CSV or .xlsx, with a per-row error report."""
from __future__ import annotations

import sys

from store.text import inert
from tui.commands._shared import add_db_argument, cli_actor, open_existing, start
from tui.errors import CommandError
from tui.i18n import has, t


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("import", help=t("import_cli.help"), description=t("import_cli.description"))
    parser.add_argument("file", metavar="FILE", help=t("import_cli.file_help"))
    add_db_argument(parser)
    parser.add_argument("--skip-bad", action="store_true", help=t("import_cli.skip_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    from pathlib import Path

    from store import db as store_db
    from store.importer import import_file

    if not Path(args.file).is_file():
        raise CommandError(t("import_cli.no_file", file=args.file))
    open_existing(args.db)
    try:
        report = import_file(args.file, actor=cli_actor("import"), skip_bad=args.skip_bad)
    finally:
        store_db.close()
    for error in report.errors:
        line = t("import_cli.row_error", row=error.row, column=error.column, reason=_reason(error))
        print(inert(line), file=sys.stderr)  # quotes the file's cells and stored names
    if report.errors and not args.skip_bad:
        raise CommandError(t("import_cli.refused", bad=report.skipped, rows=report.rows))
    print(t("import_cli.done", imported=report.imported, skipped=report.skipped, rows=report.rows))
    return 0


def _reason(error) -> str:
    key = f"import_cli.reason_{error.code}"
    return t(key, **error.params) if has(key) else error.reason
