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
from store.models import LISTED_TERM, MODELS, Event, Guest, PlanFailure, SchemaVersion, Task


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
    """Who sat at the terminal of each event: OS user, tty, ssh client or web session
    (store/terminal.py). Added with a default, so the append-only event table is never updated:
    older events read ''. Columns rather than more text in `terminal`: the audit shows and
    exports each on its own, and a query can ask for one OS user without parsing text."""
    for column, size in (("os_user", 64), ("tty", 32), ("client", 128)):
        database.execute_sql(f'ALTER TABLE "event" ADD COLUMN "{column}" VARCHAR({size}) NOT NULL DEFAULT \'\'')


def m0005(database: pw.Database) -> None:
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


def m0006(database: pw.Database) -> None:
    """Data, no schema: checkout now closes the day-before-discharge checklist (store/form_tasks.py).
    Close those left open on stays checked out before - done at the upgrade, by nobody - each with its
    event, so they stop showing as overdue for good."""
    from seeds.lifecycle import load_lifecycle

    steps = load_lifecycle().form_closes.get("discharge", ())
    if not steps:
        return
    mark = database.param
    which = " OR ".join(f'(t."playbook" = {mark} AND t."step" = {mark})' for _ in steps)
    rows = database.execute_sql(
        f'SELECT t."id", t."guest_id" FROM "task" t JOIN "stay" s ON s."id" = t."stay_id" '
        f'WHERE t."status" = {mark} AND s."status" = {mark} AND ({which})',
        ["open", "discharged", *[part for pair in steps for part in pair]]).fetchall()
    now = clock.now()
    stamp = Task.done_at.db_value(now)
    for task_id, guest_id in rows:
        database.execute_sql(f'UPDATE "task" SET "status" = {mark}, "outcome" = {mark}, "done_at" = {mark} '
                             f'WHERE "id" = {mark} AND "status" = {mark}', ["done", "done", stamp, task_id, "open"])
    if rows:  # sealed into the audit chain like every event (store/auditchain.py)
        columns = ("at", "staff_name", "terminal", "action", "entity", "entity_id", "guest", "before", "after")
        fields = [Event._meta.fields[name] for name in columns]
        values = [(now, "system (upgrade)", "", "task.done_by_form", "task", task_id, guest_id, {"status": "open"},
                   {"status": "done", "form": "discharge"}) for task_id, guest_id in rows]
        auditchain.append(columns, [tuple(f.db_value(v) for f, v in zip(fields, row)) for row in values])



def m0007(database: pw.Database) -> None:
    """Planning state per guest (planned_through, planned_books, planned_change, plan_rev) instead
    of one global high-water mark that a look-ahead moved for everyone, and the record of a guest
    planning skipped (PlanFailure). Guests the last run had planned keep its horizon and playbook
    fingerprint as theirs; the global settings go."""
    import json

    from playhouse.migrate import SchemaMigrator, migrate as apply

    migrator = SchemaMigrator.from_database(database)
    have = {c.name for c in database.get_columns("guest")}  # a test may rewind a newer schema
    apply(*[migrator.add_column("guest", name, getattr(Guest, name))
            for name in ("planned_through", "planned_books", "planned_change", "plan_rev") if name not in have])
    database.create_tables([PlanFailure], safe=True)
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



STEPS: list[Callable[[pw.Database], None]] = [m0002, m0003, m0004, m0005, m0006, m0007]  # STEPS[i] upgrades version i+1 -> i+2
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


