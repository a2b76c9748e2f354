"""`carefloor handover [--at "YYYY-MM-DD HH:MM"] [--md [F] | --txt [F] | --xlsx F]`: the shift handover
for the office or a printer (default: the shift being handed over now, as printable text).
A FILE of `-` is standard output (`--xlsx - > h.xlsx`): the person's own shell creates the file."""
from __future__ import annotations

import sys

from tui.commands._shared import add_db_argument, open_existing, print_safely, start
from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import t
from tui.store_messages import message


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("handover", help=t("handover.cli.help"), description=t("handover.cli.help"))
    add_db_argument(parser)
    parser.add_argument("--at", metavar="TIME", help=t("handover.cli.at_help"))
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--md", nargs="?", const="-", metavar="FILE", help=t("handover.cli.md_help"))
    out.add_argument("--txt", nargs="?", const="-", metavar="FILE", help=t("handover.cli.txt_help"))
    out.add_argument("--xlsx", metavar="FILE", help=t("handover.cli.xlsx_help"))
    parser.set_defaults(func=run)


def run(args) -> int:
    start()
    open_existing(args.db)
    from store import clock, db as store_db
    from store.handover import handover
    from store.settings import get_setting
    from store.shifts import outgoing_shift
    from tui.sheets import ack_line, handover_sheets, handover_title

    try:
        report = handover(outgoing_shift(_at(args.at) if args.at else clock.now()))
        sheets = handover_sheets(report)
        title, subtitle = handover_title(report, str(get_setting("center_name", "") or "")), ack_line(report)
    finally:
        store_db.close()
    return emit(sheets, title, subtitle, md=args.md, txt=args.txt, xlsx=args.xlsx)


def _at(text: str):
    import arrow

    from store import clock

    try:
        return arrow.get(text.strip(), "YYYY-MM-DD HH:mm", tzinfo=clock.timezone()).to("UTC")
    except (arrow.parser.ParserError, ValueError):
        raise CommandError(t("handover.cli.bad_at", value=text), EXIT_USAGE) from None


def emit(sheets, title: str, subtitle: str = "", *, md=None, txt=None, xlsx=None, csv=None) -> int:
    """Print (no file, or "-") or write the sheets; shared with `carefloor report`."""
    from store.errors import StoreError
    from store.exports import render, to_csv, to_markdown, to_text, write_file

    target = next((v for v in (md, txt, xlsx, csv) if v), None)
    if target is None or target == "-":
        if xlsx:
            return _xlsx_to_stdout(render(".xlsx", sheets, title, subtitle))
        if md:
            text = to_markdown(sheets, title, subtitle)
        elif csv:
            text = to_csv(sheets[0])
        else:
            text = to_text(sheets, title, subtitle)
        print_safely(lambda: sys.stdout.write(text))
        return 0
    try:
        written = write_file(target, sheets, title, subtitle)
    except StoreError as exc:
        raise CommandError(message(exc)) from None
    print(t("handover.cli.written", path=str(written)), file=sys.stderr)
    return 0


def _xlsx_to_stdout(data: bytes) -> int:
    """`--xlsx -`: the bytes to standard output, where the person's own shell makes the file."""
    if sys.stdout.isatty():
        raise CommandError(t("handover.cli.xlsx_tty"), EXIT_USAGE)
    sys.stdout.flush()
    print_safely(lambda: sys.stdout.buffer.write(data))
    return 0
