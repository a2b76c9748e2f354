"""Turn any failure of a CLI command into one clear line on stderr and a non-zero exit."""
from __future__ import annotations

import sys
import traceback

from seeds.errors import SeedError
from store.errors import StoreError

EXIT_USAGE = 2
EXIT_FAILED = 1


class CommandError(Exception):
    """A CLI failure with a message that says what to fix."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


def run_guarded(func, args) -> int:
    """Run a subcommand; never let a traceback reach the person at the keyboard."""
    try:
        return func(args) or 0
    except (CommandError, StoreError, SeedError) as exc:
        return _fail(_text(exc), getattr(exc, "code", EXIT_FAILED))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # last resort: one line, details only when asked for
        if _debug():
            traceback.print_exc()
        return _fail(f"unexpected error: {type(exc).__name__}: {exc} (set CAREFLOOR_DEBUG=1 for details)", EXIT_FAILED)


def _text(exc: Exception) -> str:
    """A store refusal in the person's language (tui/store_messages.py); others as they are."""
    if isinstance(exc, StoreError):
        from tui.store_messages import message

        return message(exc)
    return str(exc)


def _fail(message: str, code: int) -> int:
    from store.text import inert

    print(f"carefloor: {inert(message, multiline=True)}", file=sys.stderr)  # may quote stored text
    return code


def _debug() -> bool:
    import os

    return os.environ.get("CAREFLOOR_DEBUG") == "1"
