"""A SQLite file holds health data: never readable by every user of the machine; and the file
carefloor works on must stay the file at its path.

A new file gets the mode its folder's setup calls for (store/filemodes.py: 0600 in the
dedicated account's own folder, 0660 in a group-shared one). An existing file that "others"
can read is refused with the command that fixes it.

Identity: a file is its (device, inode). If the file at the path is deleted, moved or replaced
while a process has it open, that process would go on writing into a file nobody will open
again, and a new connection would make an empty database at the path (store/db.py refuses
both: `FileChanged`). `carefloor restore` leaves a mark beside the database (`<db>-restored`:
a generation number and the restored file's identity) so open terminals notice, say so and
reopen it (tui/live.py).
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from store import filemodes
from store.errors import DatabaseUnavailable

RESTORED_SUFFIX = "-restored"

Identity = tuple[int, int]


class FileChanged(DatabaseUnavailable):
    """The database file was deleted, moved or replaced under a running carefloor."""


def identity(path: str | os.PathLike) -> Identity | None:
    """(device, inode) of the file at `path`, None when there is none."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def gone(path: str | os.PathLike) -> FileChanged:
    return FileChanged("the database file {path} is gone (deleted or moved) while carefloor had it open. "
                       "Nothing was saved and your text is kept; nothing can be saved until the file is back: "
                       "ask whoever runs the server to put it back or restore a backup (carefloor restore)",
                       path=str(path))


def replaced(path: str | os.PathLike) -> FileChanged:
    return FileChanged("the database file {path} was replaced by another file while carefloor had it open. "
                       "Nothing was saved and your text is kept; the screens still show the old file: close "
                       "carefloor and start it again to work on the new one", path=str(path))


@dataclass(frozen=True)
class RestoreMark:
    """What `carefloor restore` leaves beside the database for the terminals that have it open."""

    generation: int
    at: str          # when, ISO 8601 UTC
    source: str      # the backup it came from
    identity: Identity


def restore_mark_path(path: str | os.PathLike) -> Path:
    return Path(f"{path}{RESTORED_SUFFIX}")


def restore_mark(path: str | os.PathLike) -> RestoreMark | None:
    """The last restore's mark beside `path`, None if there never was one (or it is unreadable)."""
    try:
        data = json.loads(restore_mark_path(path).read_text(encoding="utf-8"))
        return RestoreMark(int(data["generation"]), str(data["at"]), str(data["source"]),
                           (int(data["identity"][0]), int(data["identity"][1])))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def mark_restored(path: str | os.PathLike, source: str | os.PathLike, at: str) -> RestoreMark:
    """Record a restore of `path` from `source` (a new generation), written whole or not at all."""
    found = identity(path)
    if found is None:
        raise DatabaseUnavailable("no database at {path}", path=path)
    previous = restore_mark(path)
    mark = RestoreMark((previous.generation if previous else 0) + 1, at, str(source), found)
    target = restore_mark_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    policy = filemodes.for_folder(target.resolve().parent)  # the group's terminals read it too
    with os.fdopen(filemodes.create(tmp, filemodes.READ, exclusive=False, policy=policy), "w", encoding="utf-8") as out:
        out.write(json.dumps({"generation": mark.generation, "at": mark.at, "source": mark.source,
                              "identity": list(mark.identity)}))
    os.replace(tmp, target)
    return mark


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
