"""A SQLite file holds health data: never readable by every user of the machine.

A new file gets the mode its folder's setup calls for (store/filemodes.py: 0600 in the
dedicated account's own folder, 0660 in a group-shared one). An existing file that "others"
can read is refused with the command that fixes it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import unquote

from store import filemodes
from store.errors import DatabaseUnavailable


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
    """Decide this process's file modes by the folder, create a missing file with its mode,
    and refuse an existing world-readable one."""
    filemodes.use_database(path)
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
            "it holds health data. Fix it with: {fix}",
            path=path, mode=stat.filemode(mode), fix=filemodes.for_folder(path.resolve().parent).fix_hint(path),
        )


def _create_private(path: Path) -> None:
    try:
        fd = filemodes.create(path, filemodes.SHARED)
    except FileExistsError:  # someone else created it a moment ago: check theirs
        check_private(path)
        return
    os.close(fd)
