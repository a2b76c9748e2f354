"""Helpers the office subcommands share: --db handling, dates, language, the CLI actor."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from tui.errors import EXIT_USAGE, CommandError
from tui.i18n import detect_language, role_name, set_language, t


def add_db_argument(parser) -> None:
    parser.add_argument("--db", metavar="D", help=t("cli.db_help"))


def add_playbook_argument(parser) -> None:
    parser.add_argument("--playbook", metavar="PATH", help=t("cli.playbook_help"))


def use_playbook(path: str | None) -> None:
    """Load and validate the playbooks (plus a center override file) before any work: refuse a bad one."""
    from store import schedule

    if path and not Path(path).is_file():
        raise CommandError(t("cli.no_playbook", path=path))
    schedule.use_playbook_file(path)


def start(lang: str | None = None) -> None:
    """Every subcommand speaks the locale's language (CAREFLOOR_LANG overrides)."""
    set_language(detect_language(lang or os.environ.get("CAREFLOOR_LANG") or None))


def open_existing(db_arg: str | None):
    """Open a database that must already exist: a missing file is an error, not a new empty center."""
    from store import db as store_db  # no PostgreSQL driver for a SQLite file: store/driver.py

    target = store_db.resolve(db_arg)
    if "://" not in target and not Path(target).exists():
        raise CommandError(t("cli.no_database", path=target))
    return store_db.open_database(target, create=False)


def parse_day(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date from the command line, or a usage error naming the option."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(t("cli.bad_date", option=option, value=text), EXIT_USAGE) from None


def cli_actor(command: str):
    """Whoever can run the command on the server owns the file: the system actor, named."""
    from store.terminal import describe
    from store.writes import Actor

    return Actor(None, f"carefloor {command}", "system", describe())


def print_safely(emit) -> None:
    """Run `emit()` (which prints); a reader that stops early (`| head`) is not an error."""
    import sys

    try:
        emit()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
