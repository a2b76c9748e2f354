"""Online backups of a SQLite center, restores that verify first, and the daily automatic copy.

A backup is `VACUUM INTO` a temp file beside the destination, then a rename: one read
transaction, so it is a consistent snapshot even while other terminals write (a stepped backup
would restart whenever someone commits). A restore first copies the file, checks the copy
(integrity_check, a carefloor schema, not newer than this code), keeps a copy of the current
database, then copies it in with SQLite's backup API in one step: one write transaction that
other open connections see as an ordinary change, with no -wal file left pointing at old pages.
Every file made here gets its mode from store/filemodes.py; the daily backup and the restore also
note the audit chain's head outside the database (store/audit_heads.py). A restore then appends a
sealed `db.restore` event numbered after every event either file had, so the change feed that
screens follow only ever moves forward, and leaves the restore mark beside the file
(store/filecheck.py) by which open terminals say so and reopen it.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from store import audit_heads, auditkey, clock, filecheck, filemodes
from store.errors import DatabaseUnavailable, SchemaTooNew, StoreError

PREFIX = "carefloor-"
DEFAULT_KEEP = 7


class BackupError(StoreError):
    """A backup or restore could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Verified:
    path: Path
    schema_version: int
    events: int


def backup_file(db_path: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Copy the live database at `db_path` to `dest` (a file, or a folder to put a dated file in)."""
    source, target = Path(db_path), Path(dest)
    if not source.is_file():
        raise BackupError("no database at {path}: check --db", path=source)
    _refuse_world_readable(source)
    if target.is_dir():
        target = target / f"{PREFIX}{clock.now().to(clock.timezone()).format('YYYY-MM-DD-HHmmss')}.db"
    if target.exists():
        raise BackupError("{path} already exists: choose another name or remove it first", path=target)
    if not target.parent.is_dir():
        raise BackupError("folder {folder} does not exist: create it first", folder=target.parent)
    _vacuum_into(source, target)
    return target


def _refuse_world_readable(source: Path) -> None:
    """A copy of a file every user can read would spread the leak: have it fixed first."""
    if filemodes.world_readable(source):
        policy = filemodes.for_folder(source.resolve().parent)
        raise BackupError("{path} can be read by every user of this machine: carefloor will not copy it. "
                          "Fix it with: {fix} (README: the files carefloor creates), then back up again",
                          path=source, fix=policy.fix_hint(source))


def _vacuum_into(source: Path, target: Path) -> None:
    """VACUUM INTO an empty file made with the backup's mode: never readable by others, even while written."""
    tmp = target.with_name(f".{target.name}.part-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        os.close(filemodes.create(tmp, filemodes.READ, policy=filemodes.for_folder(source.resolve().parent)))
        with _connect(source) as conn:
            conn.execute("VACUUM INTO ?", (str(tmp),))
        _fsync(tmp)
        os.link(tmp, target)  # fails if someone made `target` meanwhile: never overwrite a backup
    except FileExistsError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise BackupError("backup to {path} failed: {error} (is the disk full or the folder read-only?)",
                          path=target, error=exc) from exc
    finally:
        tmp.unlink(missing_ok=True)


def verify(src: str | os.PathLike) -> Verified:
    """Check a backup file: a SQLite database, intact, a carefloor schema this code can open."""
    from store.migrations import LATEST

    path = Path(src)
    if not path.is_file():
        raise BackupError("no backup file at {path}", path=path)
    try:
        with _connect(path) as conn:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise BackupError("{path} is damaged (integrity check: {detail}): restore an older backup instead",
                                  path=path, detail="; ".join(result[:3]))
            version = _schema_version(conn, path)
            events = conn.execute("SELECT COUNT(*) FROM event").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError("{path} is not a readable carefloor database ({error}): choose another backup",
                          path=path, error=exc) from exc
    if version > LATEST:
        raise SchemaTooNew("{path} was made by a newer carefloor (schema {version}, this one knows up to "
                           "{latest}): upgrade carefloor before restoring it", path=path, version=version, latest=LATEST)
    return Verified(path, version, events)


def _schema_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        row = conn.execute("SELECT version FROM schema_version ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is None:
        raise BackupError("{path} is a SQLite file but not a carefloor database: choose another backup", path=path)
    return int(row[0])


def restore(src: str | os.PathLike, db_path: str | os.PathLike) -> tuple[Verified, Path | None]:
    """Verify `src`, keep a copy of the current database, then put `src` in its place.

    Returns what was restored and where the previous database was saved (None if there was none).
    """
    target = Path(db_path)
    staged = target.with_name(f".{target.name}.restore-{os.getpid()}")
    _stage(Path(src), staged, filemodes.for_folder(target.resolve().parent))
    try:
        checked = verify(staged)
        previous = None
        if not target.exists():
            os.replace(staged, target)
            key = auditkey.key_path(str(target))
            if key is not None and key.exists():  # no key yet: nothing open on it to tell, and no seal to make
                with _connect(target) as conn:
                    _record_restore(conn, target, src, None, 0)
        else:
            previous = backup_file(target, target.with_name(
                f"{target.stem}.before-restore-{clock.now().format('YYYYMMDD-HHmmss')}.db"))
            _copy_into(staged, target, src, previous)
        audit_heads.record_restore(_heads_folder(target), target, Path(src).name,
                                   filemodes.for_folder(target.resolve().parent))
        _mark(target, src)
        return Verified(target, checked.schema_version, checked.events), previous
    finally:
        for leftover in (staged, Path(f"{staged}-wal"), Path(f"{staged}-shm")):
            leftover.unlink(missing_ok=True)


def _heads_folder(db_path: Path) -> Path:
    """The backups folder the database's settings name (as backup_folder does, read from the file itself)."""
    import json

    with _connect(db_path) as conn:
        row = conn.execute("SELECT value FROM setting WHERE key = 'backup_dir'").fetchone()
    value = json.loads(row[0]) if row and row[0] else ""
    return Path(value or db_path.parent / "backups")


def _stage(src: Path, staged: Path, policy: filemodes.Policy) -> None:
    """Copy the backup beside the database, as a file with the database's mode from the start."""
    staged.unlink(missing_ok=True)
    try:
        with open(src, "rb") as source, os.fdopen(filemodes.create(staged, filemodes.SHARED, policy=policy), "wb") as out:
            shutil.copyfileobj(source, out)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise BackupError("cannot read {path}: {error}", path=src, error=exc) from exc


def _copy_into(staged: Path, target: Path, src, previous: Path) -> None:
    """The backup API, one step, into the live file: atomic for every connection that has it open."""
    import time

    from store import writelock, writes

    deadline = time.monotonic() + writes.WAIT_LIMIT_S  # a stopped terminal must not hold a restore for ever
    try:
        with writelock.turn_for(target).held(deadline), _connect(staged) as source, _connect(target) as dest:
            seen = _last_event_id(dest)
            source.backup(dest, pages=-1)  # in turn, like any writer: nobody starves it or is starved
            result = dest.execute("PRAGMA integrity_check").fetchone()[0]
            if result == "ok":
                _record_restore(dest, target, src, previous, seen)
    except writelock.Timeout:
        raise BackupError("the database {path} is busy: another terminal or program has held it too long; "
                          "nothing was restored: try again in a moment", path=target) from None
    except sqlite3.Error as exc:
        raise DatabaseUnavailable("restore into {path} failed, the database is unchanged: {error}",
                                  path=target, error=exc) from exc
    if result != "ok":
        raise BackupError("{path} failed its integrity check after the restore: restore again from the "
                          "copy made just before", path=target)


def _last_event_id(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(id), 0) FROM event").fetchone()[0]


def _record_restore(conn: sqlite3.Connection, target: Path, src, previous: Path | None, seen: int) -> None:
    """Append the restore to the restored file's event log, sealed after its head (store/auditchain.py)
    and numbered after every event any terminal has seen (the live file's before the restore), so
    their change feed moves on."""
    from store import auditchain
    from store.models import Event
    from store.terminal import describe

    head = conn.execute('SELECT "id", "seal" FROM "event" ORDER BY "id" DESC LIMIT 1').fetchone()
    fields = Event._meta.fields
    values = {"id": max(seen, head[0] if head else 0) + 1, "prev": head[0] if head else None,
              "at": fields["at"].db_value(clock.now()), "staff_name": "carefloor restore", "terminal": describe(),
              "action": "db.restore", "entity": "database",
              "after": fields["after"].db_value({"source": str(Path(src).resolve()),
                                                 "previous": str(previous.resolve()) if previous else None})}
    key = auditkey.load(str(target), sealed=head is not None and head[1] is not None)
    values["seal"] = auditchain.seal(key, (head[1] if head else None) or auditchain.GENESIS, values)
    names = list(values)
    conn.execute(f'INSERT INTO "event" ({", ".join(names)}) VALUES ({", ".join("?" for _ in names)})',
                 [values[n] for n in names])


def _mark(target: Path, src) -> None:
    filecheck.mark_restored(target, Path(src).resolve(), clock.now().isoformat())


def daily_backup_if_due(db_path: str | os.PathLike, backup_dir: str | os.PathLike,
                        keep: int = DEFAULT_KEEP) -> Path | None:
    """On the first start of a center-local day, back up to `backup_dir` and keep the last `keep`."""
    policy = filemodes.for_folder(Path(db_path).resolve().parent)
    folder = filemodes.make_dir(Path(backup_dir), filemodes.SHARED, policy)  # any account of the group writes today's
    target = folder / f"{PREFIX}{clock.today().isoformat()}.db"
    made = None
    if not target.exists():
        try:
            made = backup_file(db_path, target)
        except FileExistsError:  # another terminal made today's a moment ago
            made = None
        if made is not None:
            audit_heads.record_backup(folder, made, policy)
    prune(folder, keep)
    return made


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete the oldest daily backups beyond `keep` (names sort by date)."""
    daily = sorted(p for p in folder.glob(f"{PREFIX}????-??-??.db"))
    doomed = daily[:-keep] if keep > 0 else daily
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def _connect(path: Path) -> "_Closing":
    conn = sqlite3.connect(str(path), timeout=5, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=5000")
    return _Closing(conn)


class _Closing:
    """sqlite3's context manager commits but never closes: this one closes."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc) -> None:
        self.conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def auto_backup(target: str) -> Path | None:
    """The daily backup for the open center, as its settings say (PostgreSQL: the server's job).

    Settings: `backup_keep` (days kept, default 7, 0 = no automatic backups), `backup_dir`
    (default: a `backups` folder beside the database file).
    """
    from store import filecheck
    from store.settings import get_setting

    path = filecheck.sqlite_path(target)
    keep = int(get_setting("backup_keep", DEFAULT_KEEP) or 0)
    folder = backup_folder(target)
    if path is None or folder is None or keep <= 0 or not path.is_file():
        return None
    return daily_backup_if_due(path, folder, keep)


def backup_folder(target: str) -> Path | None:
    """Where the daily backups (and the chain heads they record) go: setting `backup_dir`, else
    `backups` beside the database file; None on PostgreSQL. Needs the database open."""
    from store import filecheck
    from store.settings import get_setting

    path = filecheck.sqlite_path(target)
    if path is None:
        return None
    return Path(get_setting("backup_dir", "") or path.parent / "backups")
