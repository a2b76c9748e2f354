"""The one place that opens the database: a path or URL in, a migrated connection out.

A SQLite database stays bound to the file it was opened on (store/filecheck.py): every new
connection (each thread has its own) and every write checks that the file at the path is still
that file, and no connection after the first may create one. A deleted or replaced file is
refused with filecheck.FileChanged, never written behind its back or made again empty.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote, urlparse, unquote

import peewee as pw
from playhouse.shortcuts import ReconnectMixin

from store import audit_triggers, auditchain, auditkey, clock, driver, faults, filecheck, filemodes, migrations
from store.errors import DatabaseUnavailable
from store.models import db

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 15000,  # new connections take store.writes.WAIT_LIMIT_S instead (_Sqlite)
    "synchronous": "full",  # care records: a power cut must not lose the last commits
    "cache_size": -16000,
    "journal_size_limit": 64 * 1024 * 1024,  # a checkpoint shrinks the -wal back to 64 MiB at most
}


def default_path() -> Path:
    """Per-user data file when neither --db nor CAREFLOOR_DB is given."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "carefloor" / "carefloor.db"


def resolve(db_arg: str | None) -> str:
    """--db, else $CAREFLOOR_DB, else the per-user default file."""
    return db_arg or os.environ.get("CAREFLOOR_DB") or str(default_path())


def is_sqlite() -> bool:
    return isinstance(db.obj, pw.SqliteDatabase)


def build(target: str) -> pw.Database:
    """A Peewee database for a file path, sqlite:///path or postgresql://… URL (not connected)."""
    if target.startswith(("postgres://", "postgresql://")):
        return _postgres(target)
    if target.startswith("sqlite:///"):
        target = unquote(target[len("sqlite:///"):]) or ":memory:"
    elif "://" in target:
        raise DatabaseUnavailable("unknown database URL scheme in {url!r}: use a file path, sqlite:///… or postgresql://…",
                                  url=target)
    return _Sqlite(target, pragmas=SQLITE_PRAGMAS, timeout=5, check_same_thread=False)


class _Sqlite(pw.SqliteDatabase):
    """SQLite bound to one file: `expected` is its identity, taken at the first connection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_path = filecheck.sqlite_path(self.database) if self.database else None
        self.expected: filecheck.Identity | None = None

    def _connect(self):
        if self.file_path is None:
            return super()._connect()
        first = self.expected is None
        if not first:
            self._check_path()
        mode = "rwc" if first else "rw"  # after the first: never make a new file at the path
        uri = f"file:{quote(str(self.file_path))}?mode={mode}"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=self._timeout, isolation_level=None,
                                   **self.connect_params)
        except sqlite3.OperationalError:
            if not first and filecheck.identity(self.file_path) is None:
                raise filecheck.gone(self.file_path) from None
            raise
        try:
            self._add_conn_hooks(conn)
            found = filecheck.identity(self.file_path)
            if first:
                self.expected = found
            elif found != self.expected:
                raise filecheck.gone(self.file_path) if found is None else filecheck.replaced(self.file_path)
        except BaseException:
            conn.close()
            raise
        self._state.file_id = found
        return conn

    def _add_conn_hooks(self, conn):
        super()._add_conn_hooks(conn)
        conn.execute(f"PRAGMA busy_timeout={_wait_limit_ms()}")

    def _check_path(self) -> None:
        found = filecheck.identity(self.file_path)
        if found != self.expected:
            raise filecheck.gone(self.file_path) if found is None else filecheck.replaced(self.file_path)

    def file_status(self) -> str:
        """"ok", "gone" or "replaced": the file at the path against the one this database is on."""
        if self.file_path is None:
            return "ok"
        found = filecheck.identity(self.file_path)
        if found == self.expected:
            return "ok"
        return "gone" if found is None else "replaced"

    def before_write(self) -> None:
        """Refuse a write to a file no longer at the path; a connection this thread opened on a
        file since restored in its place (reopen_file) is opened again first."""
        if self.file_path is None:
            return
        self._check_path()
        stale = getattr(self._state, "file_id", self.expected) != self.expected
        if stale and not self.is_closed() and not self.in_transaction():
            self.close()
            self.connect()

    def check_file(self) -> None:
        """Inside a write transaction: this connection's file is still the one at the path."""
        if self.file_path is None:
            return
        self._check_path()
        if getattr(self._state, "file_id", None) != self.expected:
            raise filecheck.replaced(self.file_path)

    def reopen_file(self, identity: filecheck.Identity) -> None:
        """Work on the file now at the path (`carefloor restore` put it there): this thread's
        connection at once, other threads' at their next write or connection."""
        self.expected = identity
        if not self.in_transaction():
            self.close()
            self.connect()


def _wait_limit_ms() -> int:
    from store import writes

    return int(writes.WAIT_LIMIT_S * 1000)


class _Postgres(ReconnectMixin, pw.PostgresqlDatabase):
    """A dropped server connection is reopened for the next statement outside a transaction
    (reads, live polls, BEGIN); store.writes retries a write once on a fresh one.
    A row lock held longer than the write wait limit (a stopped client) ends the wait:
    lock_timeout, which store/faults.py turns into Busy."""

    reconnect_errors = (
        (pw.OperationalError, "terminating connection"),  # psycopg 3: the server ended it
        (pw.OperationalError, "the connection is closed"),  # psycopg 3: noticed before sending
        (pw.OperationalError, "server closed the connection"),  # psycopg 2
        (pw.InterfaceError, "connection already closed"),  # psycopg 2
    )

    def _initialize_connection(self, conn):
        super()._initialize_connection(conn)
        with conn.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {_wait_limit_ms()}")


def apply_wait_limit() -> None:
    """This thread's open connection takes the current write wait limit (new ones do anyway)."""
    if db.obj is None or db.is_closed():
        return
    if isinstance(db.obj, pw.SqliteDatabase):
        db.connection().execute(f"PRAGMA busy_timeout={_wait_limit_ms()}")
    elif not db.in_transaction():
        db.execute_sql(f"SET lock_timeout = {_wait_limit_ms()}")


def current_file() -> Path | None:
    """The open SQLite file's path (None on PostgreSQL or in memory)."""
    return getattr(db.obj, "file_path", None)


def file_status() -> str:
    """"ok", "gone" or "replaced" for the open SQLite file ("ok" on PostgreSQL)."""
    check = getattr(db.obj, "file_status", None)
    return check() if check is not None else "ok"


def reopen_restored(mark: filecheck.RestoreMark) -> bool:
    """After `carefloor restore`: work on the restored file if it is the one at the path now
    (True), reloading what was read at open (the center's zone)."""
    path = getattr(db.obj, "file_path", None)
    if path is None or filecheck.identity(path) != mark.identity:
        return False
    db.obj.reopen_file(mark.identity)
    _load_timezone()
    return True


def _postgres(url: str) -> pw.Database:
    driver.bind_postgres()  # peewee was imported without it (store/driver.py)
    parts = urlparse(url)
    return _Postgres(
        parts.path.lstrip("/") or "postgres",
        user=unquote(parts.username or "") or None,
        password=unquote(parts.password or "") or None,
        host=parts.hostname or None,
        port=parts.port or None,
    )


def open_database(target: str, create: bool = True, new_audit_key: bool = False) -> pw.Database:
    """Bind the models to `target`, load its audit key, create or upgrade the schema, load the
    center's zone, and check the event table's guards. `new_audit_key` is `audit --new-key`'s:
    a new key where the old one is lost, and a new chain that says so."""
    if not target.startswith(("postgres://", "postgresql://")) and "://" not in target:
        _check_sqlite_path(Path(target), create)
    path = filecheck.sqlite_path(target)
    if path is not None:
        filecheck.prepare(path)  # health data: the folder's mode when new, refuse a world-readable file
    else:
        filemodes.use_database(None)
    faults.check_at_open(path)  # e.g. a file on NFS: faults.warnings, shown at start
    database = build(target)
    db.initialize(database)
    try:
        database.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise faults.opening_error(target, exc) from exc
    if new_audit_key:
        auditkey.new_key(target)
    else:
        auditkey.load(target, sealed=auditchain.has_seals(database))
    _migrate(database)
    _load_timezone()
    audit_triggers.ensure(database)  # SQLite: a dropped or changed trigger is put back, and recorded
    return database


def _migrate(database: pw.Database) -> None:
    """Upgrade; on PostgreSQL the app's role may not (README: it does not own the schema): say who can."""
    try:
        migrations.migrate(database)
    except pw.DatabaseError as exc:
        if _sqlstate(exc) != "42501":  # insufficient_privilege
            raise
        raise DatabaseUnavailable(
            "this database needs an upgrade to schema {latest} that only the owner of the schema may make: "
            "open it once as that role, then give the app's role its grants again (README: Deploying on "
            "PostgreSQL)", latest=migrations.LATEST) from exc


def _sqlstate(exc: BaseException) -> str | None:
    """The PostgreSQL error code behind a Peewee error (psycopg's, somewhere down its chain)."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "sqlstate", None):
            return seen.sqlstate
        seen = seen.__cause__ or seen.__context__
    return None


def close() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()


def _check_sqlite_path(path: Path, create: bool) -> None:
    if not path.exists():
        if not create:
            raise DatabaseUnavailable("no database at {path}: create one with `carefloor demo --db {path}`", path=path)
        if not path.parent.exists():  # a folder nobody set up for a group: the account's own (0700)
            filemodes.make_dir(path.parent, filemodes.PERSONAL)
    elif path.is_dir():
        raise DatabaseUnavailable("{path} is a folder, not a database file", path=path)


def _load_timezone() -> None:
    from store.settings import get_setting

    clock.set_timezone(get_setting("timezone", clock.DEFAULT_TZ))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
