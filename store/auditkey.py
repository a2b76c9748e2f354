"""The key that seals the audit trail (store/auditchain.py): 32 random bytes kept outside the database.

Where it lives (`$CAREFLOOR_AUDIT_KEY` names another file, e.g. to open a backup copy):
- SQLite: `<database file>-audit.key` beside it (`center.db-audit.key`), with the mode of the
  setup (store/filemodes.py, READ): 0600 for the dedicated `carefloor` account, 0640 in a group
  setup (every account that writes events must read it).
- PostgreSQL: `audit-<host>-<port>-<database>.key` in the state folder of the OS account that
  runs carefloor ($XDG_STATE_HOME/carefloor, 0700/0600).
- An in-memory database: a key that lives as long as the process.

Someone who can write the database but cannot read this file cannot add, change or remove an
event without `carefloor audit --verify` naming it. Back the key up apart from the database's
backups (README: the audit key): with it anyone can forge seals, without it none can be checked.

A key that has gone missing while the event table holds sealed events is not replaced on the
quiet (that is what erasing one's tracks would look like): the database is refused, naming the
file to put back, or `carefloor audit --new-key` to start a new chain on purpose (recorded).
"""
from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlparse

from store import filecheck, filemodes
from store.errors import DatabaseUnavailable

ENV = "CAREFLOOR_AUDIT_KEY"
KEY_BYTES = 32
_HEX = re.compile(r"[0-9a-f]{64}")
_key: bytes | None = None
_path: Path | None = None


def key_path(target: str) -> Path | None:
    """Where the key of the database at `target` is kept (None: a memory database)."""
    server = target.startswith(("postgres://", "postgresql://"))
    if not server and filecheck.sqlite_path(target) is None:
        return None
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if server:
        parts = urlparse(target)
        name = f"audit-{parts.hostname or 'local'}-{parts.port or 5432}-{parts.path.lstrip('/') or 'postgres'}.key"
        return _state_folder() / re.sub(r"[^A-Za-z0-9._-]", "_", name)
    path = filecheck.sqlite_path(target)
    return Path(f"{path}-audit.key") if path is not None else None


def load(target: str, sealed: bool) -> bytes:
    """Load the key of `target` for this process, creating it when nothing was sealed yet."""
    global _key, _path
    path = key_path(target)
    if path is None:
        key = secrets.token_bytes(KEY_BYTES)
    elif path.exists():
        key = _read(path)
    elif sealed:
        raise DatabaseUnavailable(
            "the audit key {key} is missing, and the audit trail of this database was sealed with it. "
            "Put back your copy of the key (README: the audit key); if it is lost for good, "
            "`carefloor audit --new-key` starts a new chain and records that it did", key=path)
    else:
        key = _create(path)
    _key, _path = key, path
    return key


def new_key(target: str) -> Path:
    """`audit --new-key`: make a key where a lost one was (an existing key is never replaced)."""
    global _key, _path
    path = key_path(target)
    if path is None:
        raise DatabaseUnavailable("a memory database needs no audit key")
    if path.exists():
        raise DatabaseUnavailable("the audit key {key} exists: a new chain is only started when the key is lost",
                                  key=path)
    _key, _path = _create(path), path
    return path


def current() -> bytes:
    """The loaded key; the database must have been opened with store.db.open_database."""
    if _key is None:
        raise RuntimeError("no audit key loaded: open the database with store.db.open_database first")
    return _key


def current_path() -> Path | None:
    return _path


def _read(path: Path) -> bytes:
    if filemodes.world_readable(path):
        raise DatabaseUnavailable("the audit key {key} can be read by every user of this machine: "
                                  "fix it with: chmod 0600 {key} (0640 in a group setup)", key=path)
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatabaseUnavailable("cannot read the audit key {key}: {error}", key=path, error=exc) from exc
    if not _HEX.fullmatch(text):
        raise DatabaseUnavailable("the audit key {key} is damaged (64 hex digits expected): "
                                  "put back your copy of it", key=path)
    return bytes.fromhex(text)


def _create(path: Path) -> bytes:
    """Write a new key; if another process made one a moment ago, use theirs."""
    personal = path.parent == _state_folder()
    kind = filemodes.PERSONAL if personal else filemodes.READ
    if personal:
        filemodes.make_dir(path.parent, filemodes.PERSONAL)
    key = secrets.token_bytes(KEY_BYTES)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.unlink(missing_ok=True)
    try:
        with os.fdopen(filemodes.create(temp, kind), "w", encoding="ascii") as out:
            out.write(key.hex() + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.link(temp, path)  # never over a key that appeared meanwhile
    except FileExistsError:
        return _read(path)
    except OSError as exc:
        raise DatabaseUnavailable("cannot create the audit key {key}: {error}", key=path, error=exc) from exc
    finally:
        temp.unlink(missing_ok=True)
    return key


def _state_folder() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    return Path(base) / "carefloor"
