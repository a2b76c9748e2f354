"""`carefloor staff add|list|reset-pin|unlock|deactivate|role`: accounts, from the server's shell.

Whoever can run this against the database file owns it, so it acts as the system; this is
how an empty database gets its first manager: `carefloor staff add M1 王店长 --role manager`.
"""
from __future__ import annotations

import getpass
import sys

from tui.commands._shared import add_db_argument, cli_actor, open_existing, start
from tui.errors import CommandError
from tui.i18n import role_name, t


def register(subparsers, parent_parser) -> None:
    start()
    parser = subparsers.add_parser("staff", help=t("staff_cli.help"), description=t("staff_cli.help"))
    actions = parser.add_subparsers(dest="staff_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=t("staff_cli.add_help"))
    add.add_argument("number", help=t("staff_cli.number_help"))
    add.add_argument("name", help=t("staff_cli.name_help"))
    add.add_argument("--role", required=True, help=t("staff_cli.role_help"))
    add.add_argument("--pin", help=t("staff_cli.pin_help"))
    listing = actions.add_parser("list", help=t("staff_cli.list_help"))
    reset = actions.add_parser("reset-pin", help=t("staff_cli.reset_help"))
    reset.add_argument("number", help=t("staff_cli.number_help"))
    reset.add_argument("--pin", help=t("staff_cli.pin_help"))
    unlock = actions.add_parser("unlock", help=t("staff_cli.unlock_help"))
    unlock.add_argument("number", help=t("staff_cli.number_help"))
    off = actions.add_parser("deactivate", help=t("staff_cli.deactivate_help"))
    off.add_argument("number", help=t("staff_cli.number_help"))
    role = actions.add_parser("role", help=t("staff_cli.role_change_help"))
    role.add_argument("number", help=t("staff_cli.number_help"))
    role.add_argument("role", help=t("staff_cli.role_help"))
    for sub in (add, listing, reset, unlock, off, role):
        add_db_argument(sub)
        sub.set_defaults(func=run)


def run(args) -> int:
    start()
    from store import db as store_db

    if args.staff_action == "add":
        _known_role(args.role)  # refuse bad input before creating a database file
        args.pin = _checked(args.pin) if args.pin is not None else _ask_pin()
        store_db.open_database(store_db.resolve(args.db))  # the first manager may create the file
    else:
        open_existing(args.db)
    try:
        return ACTIONS[args.staff_action](args)
    finally:
        store_db.close()


def _add(args) -> int:
    from store import staff

    row = staff.add_staff(cli_actor("staff add"), args.number, args.name, args.role, args.pin)
    print(t("staff_cli.added", number=row.number, name=row.name, role=role_name(row.role)))
    return 0


def _list(args) -> int:
    from rich.cells import cell_len

    from store import staff
    from store.text import inert

    rows = staff.list_staff()
    if not rows:
        print(t("staff_cli.none"))
        return 0
    table = [(inert(r.number), inert(r.name), inert(role_name(r.role)), _state(r)) for r in rows]
    widths = [max(cell_len(row[i]) for row in table) for i in range(3)]
    for row in table:
        print("  ".join(cell + " " * (w - cell_len(cell)) for cell, w in zip(row, widths)) + "  " + row[3])
    return 0


def _reset(args) -> int:
    from store import staff

    staff.get_staff(args.number)  # unknown number: say so before asking for a PIN
    pin = _checked(args.pin) if args.pin is not None else _ask_pin()
    staff.reset_pin(cli_actor("staff reset-pin"), args.number, pin)
    print(t("staff_cli.pin_reset", number=args.number))
    return 0


def _state(row) -> str:
    if not row.active:
        return t("staff_cli.inactive")
    if row.locked:
        return t("staff_cli.locked", until=row.lock_ends())
    return t("staff_cli.active")


def _unlock(args) -> int:
    from store import staff

    staff.unlock(cli_actor("staff unlock"), args.number)
    print(t("staff_cli.unlocked", number=args.number))
    return 0


def _deactivate(args) -> int:
    from store import staff

    staff.deactivate(cli_actor("staff deactivate"), args.number)
    print(t("staff_cli.deactivated", number=args.number))
    return 0


def _role(args) -> int:
    from store import staff

    _known_role(args.role)
    staff.change_role(cli_actor("staff role"), args.number, args.role)
    print(t("staff_cli.role_changed", number=args.number, role=role_name(args.role)))
    return 0


def _ask_pin() -> str:
    """PIN typed twice without echo; refused before anything is written if they differ or are bad."""
    if not sys.stdin.isatty():
        raise CommandError(t("staff_cli.pin_needed"))
    first = _checked(getpass.getpass(t("staff_cli.pin_prompt")))
    if getpass.getpass(t("staff_cli.pin_again")) != first:
        raise CommandError(t("staff_cli.pin_mismatch"))
    return first


def _checked(pin: str) -> str:
    from store.pins import valid_pin

    if not valid_pin(pin):
        raise CommandError(t("staff_cli.pin_invalid"))
    return pin


def _known_role(role: str) -> None:
    from seeds.roles import load_roles

    roles = load_roles()
    if role not in roles:
        raise CommandError(t("staff_cli.unknown_role", role=role, roles=", ".join(sorted(roles))))


ACTIONS = {"add": _add, "list": _list, "reset-pin": _reset, "unlock": _unlock, "deactivate": _deactivate,
           "role": _role}
