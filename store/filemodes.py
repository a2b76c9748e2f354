"""Who may read the files carefloor creates: decided once per process, by the database's folder.

Two setups (README: "The database file"):
- **dedicated account**: the folder belongs to the `carefloor` OS account and is not writable by
  its group (0700). Every file we create is 0600 and every folder 0700: nobody but that
  account reads anything, whatever its umask.
- **group**: the folder is group-writable (2770, group `carefloor`): several OS accounts share
  the file. Files the others must write too (the database, its write-turn files, the log of
  backup heads) are 0660, files they only read (backups, the audit key, exports) 0640, folders
  2770, all in the folder's group.
A person's own files (errors.log under their state folder) are 0600 in a 0700 folder in both.
Nothing is ever readable by "others". SQLite gives `-wal` and `-shm` the database file's own mode.

Every file is created with its mode in the `open` call and then `fchmod`ed (the umask may have
taken bits away), so no file is readable by others for even a moment.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

SHARED = "shared"      # the group's accounts write it too
READ = "read"          # the group's accounts read it
PERSONAL = "personal"  # one person's (their state folder): always owner-only


@dataclass(frozen=True)
class Policy:
    """The modes for one setup; `group` is the shared folder's gid, None when owner-only."""

    group: int | None = None

    @property
    def shared(self) -> bool:
        return self.group is not None

    def file_mode(self, kind: str) -> int:
        if not self.shared or kind == PERSONAL:
            return 0o600
        return 0o660 if kind == SHARED else 0o640

    def dir_mode(self, kind: str = SHARED) -> int:
        return 0o700 if not self.shared or kind == PERSONAL else 0o2770

    def fix_hint(self, path: Path) -> str:
        """The chmod that makes an existing database file right for this setup."""
        return f"chmod {self.file_mode(SHARED):04o} {path}"


OWNER_ONLY = Policy(None)
_current = OWNER_ONLY


def for_folder(folder: Path) -> Policy:
    """Group setup when the folder is group-writable (README: 2770), else owner-only."""
    try:
        st = folder.stat()
    except OSError:
        return OWNER_ONLY
    return Policy(st.st_gid) if st.st_mode & stat.S_IWGRP else OWNER_ONLY


def use_database(path: Path | None) -> Policy:
    """Decide the modes for this process from the database file's folder (None: a server: owner-only)."""
    global _current
    _current = for_folder(path.resolve().parent) if path is not None else OWNER_ONLY
    return _current


def current() -> Policy:
    return _current


def create(path: Path, kind: str, *, exclusive: bool = True, policy: Policy | None = None) -> int:
    """Open a new file for writing with its mode from the start; returns the fd (O_EXCL unless told)."""
    policy = policy or _current
    mode = policy.file_mode(kind)
    flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, mode)
    try:
        _settle(fd, mode, policy, kind)
    except BaseException:
        os.close(fd)
        raise
    return fd


def append(path: Path, kind: str, policy: Policy | None = None) -> int:
    """Open a file for appending, created with its mode if missing (a log several accounts add to)."""
    policy = policy or _current
    mode = policy.file_mode(kind)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, mode)
    try:
        if os.fstat(fd).st_uid == os.geteuid():
            _settle(fd, mode, policy, kind)
    except BaseException:
        os.close(fd)
        raise
    return fd


def make_dir(path: Path, kind: str = SHARED, policy: Policy | None = None) -> Path:
    """Create a folder (parents too) with its mode; one we own that drifted (a umask's 2755) is put right."""
    policy = policy or _current
    mode = policy.dir_mode(kind)
    path.mkdir(parents=True, exist_ok=True)
    st = path.stat()
    if st.st_uid == os.geteuid():
        if policy.shared and kind != PERSONAL and st.st_gid != policy.group:
            _chgrp(path, policy.group)
        if stat.S_IMODE(st.st_mode) != mode:
            os.chmod(path, mode)
    return path


def fix(path: Path, kind: str, policy: Policy | None = None) -> None:
    """Give a file a library wrote for us its mode (and group)."""
    policy = policy or _current
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        _settle(fd, policy.file_mode(kind), policy, kind)
    finally:
        os.close(fd)


def world_readable(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IROTH | stat.S_IWOTH))


def _settle(fd: int, mode: int, policy: Policy, kind: str) -> None:
    st = os.fstat(fd)
    if policy.shared and kind != PERSONAL and st.st_gid != policy.group:
        try:
            os.fchown(fd, -1, policy.group)
        except PermissionError:  # not a member of the folder's group: the mode still keeps others out
            pass
    if stat.S_IMODE(st.st_mode) != mode:
        os.fchmod(fd, mode)


def _chgrp(path: Path, gid: int) -> None:
    try:
        os.chown(path, -1, gid)
    except PermissionError:  # not a member: the mode still keeps others out
        pass
