"""Low-level database failures turned into messages a person can act on.

`translate(exc)` maps a driver error to a StoreError subclass (None when it is not one of
ours: integrity errors, bugs). Every message says that nothing was saved (or that it may have
been) and what to do, so a screen can show it and keep the form on screen.
`network_fs_warning(path)` says when a SQLite file sits on a network file system.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from store.errors import DatabaseUnavailable, StoreError

NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "afs",
              "ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "fuse.rclone"}
NOT_SAVED = "nothing was saved; your entry is still on screen, save again once this is fixed"

warnings: list[str] = []  # what the last open_database() found worth telling at start


class DiskFull(DatabaseUnavailable):
    pass


class ReadOnly(DatabaseUnavailable):
    pass


class Busy(DatabaseUnavailable):
    """A write waited its whole limit (store.writes.WAIT_LIMIT_S) for the database and gave up."""


def busy() -> Busy:
    """The one message for a write that waited too long, whatever held the database."""
    return Busy("the database is busy: another terminal or program has held it too long (a stopped or "
                "stuck terminal, a backup tool or the sqlite3 shell?). Nothing was saved and your text is "
                "kept: save again in a moment; if this keeps happening, ask whoever runs the server")


class ConnectionLost(DatabaseUnavailable):
    pass


def translate(exc: BaseException, *, committing: bool = False) -> StoreError | None:
    """A clear StoreError for a low-level database error, or None to let it through as is.

    Looks down the chain too: after SQLITE_FULL the rollback itself fails and hides the cause.
    """
    seen = 0
    while exc is not None and seen < 5:
        found = _translate_one(exc, committing)
        if found is not None:
            return found
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _translate_one(exc: BaseException, committing: bool) -> StoreError | None:
    text = str(exc).lower()
    if "disk is full" in text or "no space left" in text or "could not extend file" in text:
        return DiskFull("the disk holding the database is full: free some space, then save again ("
                        "nothing was saved; your entry is still on screen, save again once this is fixed)")
    if "readonly database" in text or "read-only" in text or "read only" in text:
        return ReadOnly("the database cannot be written: the file or its folder is read-only, or it was "
                        "opened for reading only; ask whoever runs the server to fix its permissions ("
                        "nothing was saved; your entry is still on screen, save again once this is fixed)")
    if ("database is locked" in text or "database table is locked" in text or "database is busy" in text
            or "lock timeout" in text):
        return busy()
    if is_connection_lost(exc):
        if committing:
            return ConnectionLost("the connection to the database server broke while saving: the change "
                                  "may or may not have been saved; look before you enter it again")
        return ConnectionLost("the connection to the database server was lost and could not be restored; "
                              "check the server and the network (nothing was saved; your entry is still on screen, save again once this is fixed)")
    return None


def opening_error(target: str, exc: BaseException) -> DatabaseUnavailable:
    """Why a database could not be opened, in words that say what to fix."""
    fault = translate(exc)
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(fault, ReadOnly):
        return DatabaseUnavailable("cannot open {target}: the file or its folder is read-only (SQLite writes its log "
                                   "beside the file); fix the permissions, or copy the file to a folder you can write",
                                   target=target)
    if isinstance(fault, DiskFull):
        return DatabaseUnavailable("cannot open {target}: the disk is full; free some space and start again",
                                   target=target)
    if isinstance(fault, ConnectionLost) or "connection" in first.lower():
        return DatabaseUnavailable("cannot reach the database server for {target}: {error}; check the server and "
                                   "the network", target=target, error=first)
    return DatabaseUnavailable("cannot open database {target}: {error}", target=target, error=first)


_LOST_MARKERS = ("server closed the connection", "terminating connection", "connection already closed",
                 "connection is closed", "connection is lost", "could not receive data",
                 "could not send data", "connection has been closed", "consuming input failed",
                 "ssl syscall error", "connection refused", "server conn crashed")


def is_connection_lost(exc: BaseException) -> bool:
    """True for the errors a dropped PostgreSQL connection produces (psycopg 2 or 3)."""
    text = str(exc).lower()
    return any(marker in text for marker in _LOST_MARKERS)


def network_fs_warning(path: str | os.PathLike,
                       read_mounts: Callable[[], Iterable[str]] | None = None) -> str | None:
    """A warning when `path` is on a network file system (SQLite's locks are unsafe there)."""
    fstype = filesystem_type(path, read_mounts or _read_mounts)
    if fstype is None or fstype.lower() not in NETWORK_FS:
        return None
    return (f"the database {path} is on a network file system ({fstype}): SQLite cannot lock it safely "
            f"between machines and records may be lost. Keep the file on this machine's own disk and "
            f"let the other terminals connect over ssh, or use PostgreSQL.")


def filesystem_type(path: str | os.PathLike, read_mounts: Callable[[], Iterable[str]]) -> str | None:
    """The type of the mount holding `path` (longest matching mount point), None if unknown."""
    target = os.path.realpath(Path(path).parent if not Path(path).is_dir() else Path(path))
    best, best_type = "", None
    for line in read_mounts():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def _read_mounts() -> list[str]:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as handle:
            return handle.readlines()
    except OSError:
        return []


def check_at_open(path: str | os.PathLike | None) -> list[str]:
    """Run the start-up checks for a SQLite file; remember and return the warnings."""
    found = [w for w in [network_fs_warning(path)] if w] if path else []
    warnings[:] = found
    return found
