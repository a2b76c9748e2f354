"""A SQLite file holds health data: never readable by every user of the machine.

New files are created 0660 (owner and group; the group is how an office server shares one
file between several OS accounts). An existing file that "others" can read is refused with
the commands that fix it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import unquote

from store.errors import DatabaseUnavailable

FILE_MODE = 0o660
GROUP = "carefloor"


def sqlite_path(target: str) -> Path | None:
    """The file behind a database target, None for PostgreSQL, memory or unknown schemes."""
    if target.startswith("sqlite:///"):
        target = unquote(target[len("sqlite:///"):])
    elif "://" in target:
        return None
    if not target or target == ":memory:" or target.startswith("file:"):
        return None
    return Path(target)


def prepare(path: Path) -> None:
    """Create a missing database file with mode 0660; refuse an existing world-readable one."""
    if not path.exists():
        _create_private(path)
        return
    check_private(path)


def check_private(path: Path) -> None:
    """Raise DatabaseUnavailable if every user of the machine can read `path`."""
    if path.is_dir():
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IROTH | stat.S_IWOTH):
        raise DatabaseUnavailable(
            "{path} can be read by every user of this machine (mode {mode}); "
            "it holds health data. Fix it with: chmod 660 {path}; chgrp {group} {path}",
            path=path, mode=stat.filemode(mode), group=GROUP,
        )


def make_private(path: Path) -> None:
    """Give a file this app wrote (a backup, an export of guests) mode 0660."""
    os.chmod(path, FILE_MODE)


def _create_private(path: Path) -> None:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:  # someone else created it a moment ago: check theirs
        check_private(path)
        return
    os.close(fd)
    os.chmod(path, FILE_MODE)  # the umask may have taken the group bits away
