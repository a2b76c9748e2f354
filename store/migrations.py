"""Numbered schema migrations and the recorded schema version.

A new database is created at the latest schema. An older one is upgraded in place, one
numbered step at a time, each in its own transaction. A newer one is refused.
To change the schema: edit the models, add `def m000N(database)` here using
playhouse.migrate, append it to STEPS, and add a fixture test that upgrades from N-1.
"""
from __future__ import annotations

from typing import Callable

import peewee as pw

from store import clock
from store.errors import SchemaTooNew
from store.models import LISTED_TERM, MODELS, Event, Guest, PlanFailure, SchemaVersion


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
    """Planning state per guest (planned_through, planned_books, planned_change, plan_rev) instead
    of one global high-water mark that a look-ahead moved for everyone, and the record of a guest
    planning skipped (PlanFailure). Guests the last run had planned keep its horizon and playbook
    fingerprint as theirs; the global settings go."""
    import json

    from playhouse.migrate import SchemaMigrator, migrate as apply

    migrator = SchemaMigrator.from_database(database)
    apply(migrator.add_column("guest", "planned_through", Guest.planned_through),
          migrator.add_column("guest", "planned_books", Guest.planned_books),
          migrator.add_column("guest", "planned_change", Guest.planned_change),
          migrator.add_column("guest", "plan_rev", Guest.plan_rev))
    database.create_tables([PlanFailure])
    keys = ("generation_through", "generation_at", "generation_playbooks")
    marks = {k: json.loads(v) for k, v in database.execute_sql(
        "SELECT key, value FROM setting WHERE key IN (%s)" % ", ".join(f"'{k}'" for k in keys)).fetchall()}
    if "generation_through" in marks and "generation_at" in marks:
        at = Guest.created_at.db_value(marks["generation_at"])
        Guest.update(planned_through=marks["generation_through"], planned_books=marks.get("generation_playbooks") or "").where(
            Guest.created_at < at).execute()
        Guest.update(planned_change=Guest.anchors_changed_at).where(
            Guest.created_at < at, Guest.anchors_changed_at < at).execute()
    database.execute_sql("DELETE FROM setting WHERE key IN (%s)" % ", ".join(f"'{k}'" for k in keys))


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
        _append_only_triggers(database)
        SchemaVersion.create(version=LATEST, upgraded_at=clock.now())


def _append_only_triggers(database: pw.Database) -> None:
    """The event log is the audit trail: refuse UPDATE and DELETE on it at the database."""
    table = Event._meta.table_name
    if isinstance(database, pw.SqliteDatabase):
        for op in ("UPDATE", "DELETE"):
            database.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"
            )
        return
    database.execute_sql(
        "CREATE OR REPLACE FUNCTION carefloor_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'the event log is append-only'; END; $$ LANGUAGE plpgsql"
    )
    database.execute_sql(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION carefloor_append_only()"
    )
