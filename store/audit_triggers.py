"""The event table is append-only at the database: triggers refuse UPDATE, DELETE and (PostgreSQL) TRUNCATE.

On SQLite whoever can write the file can also drop a trigger, so every open checks them
(`ensure`): one that is missing or was changed is put back, and an event records that it was.
The seals (store/auditchain.py) still name whatever was done while it was gone. On PostgreSQL
the app's role should not own the schema (README: grants), so it cannot drop them at all.
"""
from __future__ import annotations

import peewee as pw

from store.models import Event

MESSAGE = "the event log is append-only"
RESTORED = "audit.triggers_restored"


class _NothingToRestore(Exception):
    """Another process put the triggers back first: nothing to record."""


def sqlite_triggers() -> dict[str, str]:
    """Name -> the CREATE statement of each SQLite trigger that guards the event table."""
    table = Event._meta.table_name
    return {f"{table}_no_{op.lower()}": (f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                                         f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
            for op in ("UPDATE", "DELETE")}


def install(database: pw.Database) -> None:
    """Create the triggers (a new database, or a migration)."""
    table = Event._meta.table_name
    if isinstance(database, pw.SqliteDatabase):
        for sql in sqlite_triggers().values():
            database.execute_sql(sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1))
        return
    database.execute_sql(
        "CREATE OR REPLACE FUNCTION carefloor_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql"
    )
    database.execute_sql(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION carefloor_append_only()"
    )
    install_truncate_guard(database)


def install_truncate_guard(database: pw.Database) -> None:
    """PostgreSQL: TRUNCATE skips row triggers, so it gets a statement trigger of its own."""
    table = Event._meta.table_name
    database.execute_sql(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION carefloor_append_only()"
    )


def damaged(database: pw.Database) -> list[str]:
    """SQLite: the guarding triggers that are missing or not as carefloor made them."""
    if not isinstance(database, pw.SqliteDatabase):
        return []
    found = {name: _normal(sql) for name, sql in database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (Event._meta.table_name,))}
    return [name for name, sql in sqlite_triggers().items() if found.get(name) != _normal(sql)]


def ensure(database: pw.Database) -> list[str]:
    """At open: put back what `damaged` finds, recording it in the audit trail; returns the names."""
    if not damaged(database):
        return []
    from store.writes import SYSTEM, write

    def restore(tx) -> list[str]:
        names = damaged(database)  # again, now that we hold the write lock
        if not names:
            raise _NothingToRestore
        for name in names:
            database.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')
            database.execute_sql(sqlite_triggers()[name])
        tx.record("event", None, None, {"restored": names})
        return names

    try:
        return write(SYSTEM, RESTORED, restore)
    except _NothingToRestore:
        return []


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").replace("IF NOT EXISTS ", "").split())
