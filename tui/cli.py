"""`carefloor` command line: the app by default, subcommands for the office.

Each subcommand lives in tui/commands/<name>.py with `register(subparsers)` adding its
parser and setting `func=run`. Errors are one line on stderr and a non-zero exit.
"""
from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ["app", "demo", "due", "import_", "staff", "backup", "restore", "audit", "tiers", "handover", "report",
            "wall", "serve"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # ~150 ms: only for --version

    try:
        return version("carefloor")
    except PackageNotFoundError:
        return "0+unknown"


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (every other command starts faster)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help or "show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        parser.exit(message=f"carefloor {_version()}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carefloor", description="Care center floor app: rooms, visits, callbacks.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _command_module(name)
        if module is not None:
            module.register(sub, parser)
    return parser


def _command_module(name: str):
    try:
        return importlib.import_module(f"tui.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"tui.commands.{name}":
            return None
        raise


def main(argv: list[str] | None = None) -> int:
    from tui import early_input, startup

    startup.hold_collector()  # until the app is built: see tui/startup.py
    # keys typed ahead of the sign-in screen: no echo of the PIN, Enter kept (tui/early_input.py)
    restore = early_input.hold() if _may_start_app(sys.argv[1:] if argv is None else argv) else None
    try:
        return _main(argv)
    finally:
        if restore is not None:
            restore()
        startup.release_collector()


def _may_start_app(argv: list[str]) -> bool:
    """Whether these arguments run the floor app (cheaply, before the parser is built): no other
    command named. Guessing wrong only leaves the terminal as it was until Textual starts."""
    others = {name.rstrip("_") for name in COMMANDS} - {"app"}
    return not (others | {"-h", "--help", "--version"}) & set(argv)


def _main(argv: list[str] | None) -> int:
    from tui.errors import run_guarded

    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if _app_flags_only(parser, argv):  # `carefloor --db D --lang en` is the app's own flags
        argv = ["app", *argv]
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        app_module = _command_module("app")
        if app_module is None:
            parser.print_help()
            return 0
        args = parser.parse_args(["app", *argv])
    if getattr(args.func, "__module__", "") != "tui.commands.app":
        from tui import startup

        startup.release_collector()  # the wall, serve...: no first app screen to wait for, and days to run
    return run_guarded(args.func, args)


def _app_flags_only(parser: argparse.ArgumentParser, argv: list[str]) -> bool:
    """True when argv names no subcommand but has flags (which only the app command knows)."""
    names = set()
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        names.update(action.choices or {})
    if "app" not in names or {"-h", "--help", "--version"} & set(argv):
        return False
    return bool(argv) and not names & set(argv)


if __name__ == "__main__":
    sys.exit(main())
