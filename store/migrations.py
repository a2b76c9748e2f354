"""Numbered schema migrations and the recorded schema version.

A new database is created at the latest schema. An older one is upgraded in place, one
numbered step at a time, each in its own transaction. A newer one is refused.
To change the schema: edit the models, add `def m000N(database)` here using
playhouse.migrate, append it to STEPS, and add a fixture test that upgrades from N-1.
"""
from __future__ import annotations

from typing import Callable

import peewee as pw

from store import audit_triggers, auditchain, clock
from store.errors import SchemaTooNew
from store.models import LISTED_TERM, MODELS, Event, SchemaVersion



def m0002(database: pw.Database) -> None:
    """Cheaper task inserts (generation writes hundreds of thousands): drop task(guest_id), which
    (guest_id, status, due_at) already serves, and index stay, assignee and done_by only where
    set (mostly NULL; `= ?` lookups and the foreign keys' ON DELETE still use them)."""
    database.execute_sql('DROP INDEX IF EXISTS "task_guest_id"')
    for column in ("stay_id", "assignee_id", "done_by_id"):
        database.execute_sql(f'DROP INDEX IF EXISTS "task_{column}"')
        database.execute_sql(f'CREATE INDEX "task_{column}" ON "task" ("{column}") WHERE ("{column}" IS NOT NULL)')


def m0003(database: pw.Database) -> None:
    """Cheaper generation: the (status, due_at) index leaves out not-applicable rows (models.listed)."""
    database.execute_sql('DROP INDEX IF EXISTS "task_status_due_at"')
    database.execute_sql('CREATE INDEX "task_status_due_at" ON "task" ("status", "due_at") '
                         f'WHERE ("status" != {LISTED_TERM})')


def m0004(database: pw.Database) -> None:
    """A tamper-evident audit: every event gets `prev` and `seal` (store/auditchain.py); events
    already there are counted by a chain start marker (verify says the chain starts there);
    PostgreSQL refuses TRUNCATE of the event table as it refuses UPDATE and DELETE."""
    table = Event._meta.table_name
    database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "prev" INTEGER')
    database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "seal" VARCHAR(64)')
    if not isinstance(database, pw.SqliteDatabase):
        audit_triggers.install_truncate_guard(database)
    if database.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None:
        from store.terminal import describe

        auditchain.start_chain("upgrade", describe())


STEPS: list[Callable[[pw.Database], None]] = [m0002, m0003, m0004]  # STEPS[i] upgrades version i+1 -> i+2
LATEST = 1 + len(STEPS)


def current_version(database: pw.Database) -> int | None:
    """Schema version recorded in the file, None for an empty database."""
    if not database.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select().order_by(SchemaVersion.id.desc()).first()
    return row.version if row else None


def migrate(database: pw.Database) -> int:
    """Bring the database to LATEST; returns the version it was at (0 if new)."""
    found = current_version(database)
    if found is None:
        _create(database)
        return 0
    if found > LATEST:
        raise SchemaTooNew(
            "this database is at schema version {version}, newer than this carefloor "
            "(knows up to {latest}): upgrade carefloor before opening it", version=found, latest=LATEST,
        )
    for version in range(found, LATEST):
        with database.atomic():
            STEPS[version - 1](database)
            SchemaVersion.update(version=version + 1, upgraded_at=clock.now()).execute()
    return found


def _create(database: pw.Database) -> None:
    with database.atomic():
        database.create_tables(MODELS)
        audit_triggers.install(database)
        SchemaVersion.create(version=LATEST, upgraded_at=clock.now())


