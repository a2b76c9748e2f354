"""PostgreSQL as the README sets it up: an owner role for the schema, an app role for the terminals.
The app role cannot empty, change or unguard the event table; even the owner cannot TRUNCATE it;
a superuser who bypasses the triggers is still caught by the seals."""
from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import urlparse

import peewee as pw
import pytest

from store import db as store_db
from store.auditverify import verify
from store.errors import DatabaseUnavailable
from store.writes import SYSTEM, write
from tests.conftest import PG_URL

README = Path(__file__).resolve().parents[2] / "README.md"
pytestmark = pytest.mark.pg


def _readme_sql() -> tuple[str, str]:
    """The two SQL blocks of the README's PostgreSQL section: roles and database, then grants."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Deploying on PostgreSQL"):text.index("## How it is built")]
    roles, grants = re.findall(r"```sql\n(.*?)```", section, re.S)
    return roles, grants


def _statements(block: str, names: dict[str, str]) -> list[str]:
    for word, name in names.items():
        block = re.sub(rf"\b{word}\b", name, block)
    return [s.strip() for s in block.split(";") if s.strip()]


def _url(user: str, database: str) -> str:
    parts = urlparse(PG_URL)
    return f"postgresql://{user}@{parts.hostname}:{parts.port or 5432}/{database}"


def _raw(url: str) -> pw.Database:
    database = store_db.build(url)
    database.connect()
    return database


@pytest.fixture
def roles(frozen_clock):
    if not PG_URL:
        pytest.skip("PostgreSQL run skipped: set CAREFLOOR_TEST_PG=postgresql://user@host/db to enable")
    tag = uuid.uuid4().hex[:8]
    names = {"carefloor_owner": f"cf_owner_{tag}", "carefloor_app": f"cf_app_{tag}", "carefloor": f"cf_db_{tag}"}
    admin = _raw(PG_URL)
    roles_sql, grants_sql = _readme_sql()
    try:
        for statement in _statements(roles_sql, names):
            admin.execute_sql(statement)
        owner, app = _url(names["carefloor_owner"], names["carefloor"]), _url(names["carefloor_app"], names["carefloor"])
        store_db.open_database(owner)  # the owner creates the schema
        write(SYSTEM, "setup", lambda tx: tx.record("setting", None))
        store_db.close()
        as_owner = _raw(owner)
        for statement in _statements(grants_sql, names):
            as_owner.execute_sql(statement)
        as_owner.close()
        yield owner, app, names
    finally:
        store_db.close()
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{names["carefloor"]}" WITH (FORCE)')
        for role in (names["carefloor_app"], names["carefloor_owner"]):
            admin.execute_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


def _refused(database: pw.Database, sql: str) -> str:
    with pytest.raises(pw.DatabaseError) as caught:
        with database.atomic():
            database.execute_sql(sql)
    return str(caught.value)


def test_the_app_role_writes_and_seals_but_cannot_touch_the_log(roles):
    owner, app, _ = roles
    store_db.open_database(app)
    try:
        for k in range(5):
            write(SYSTEM, "note.add", lambda tx, k=k: tx.record("note", k, None, {"k": k}))
        report = verify()
        assert report.intact and report.checked == 6
    finally:
        store_db.close()
    as_app = _raw(app)
    try:
        for sql in ("DELETE FROM event", "UPDATE event SET action = 'x'", "TRUNCATE event"):
            assert "permission denied" in _refused(as_app, sql)
        for sql in ("DROP TRIGGER event_append_only ON event", "ALTER TABLE event DISABLE TRIGGER ALL",
                    "DROP TABLE event"):
            assert "must be owner" in _refused(as_app, sql)
    finally:
        as_app.close()


def test_even_the_owner_cannot_truncate_or_delete_the_log(roles):
    owner, _, _ = roles
    as_owner = _raw(owner)
    try:
        assert "append-only" in _refused(as_owner, "TRUNCATE event")
        assert "append-only" in _refused(as_owner, "DELETE FROM event")
        assert as_owner.execute_sql("SELECT COUNT(*) FROM event").fetchone()[0] == 1
    finally:
        as_owner.close()


def test_a_superuser_who_bypasses_the_triggers_is_named_by_the_seals(roles):
    owner, app, names = roles
    store_db.open_database(app)
    try:
        for k in range(4):
            write(SYSTEM, "note.add", lambda tx, k=k: tx.record("note", k, None, {"k": k}))
        ids = [r[0] for r in store_db.db.execute_sql("SELECT id FROM event ORDER BY id")]
    finally:
        store_db.close()
    superuser = _raw(f"{PG_URL.rsplit('/', 1)[0]}/{names['carefloor']}")
    try:
        with superuser.atomic():
            superuser.execute_sql("SET LOCAL session_replication_role = replica")  # triggers off
            superuser.execute_sql(f"DELETE FROM event WHERE id = {ids[2]}")
            superuser.execute_sql(f"""UPDATE event SET "after" = '{{"k": 9}}' WHERE id = {ids[4]}""")
    finally:
        superuser.close()
    store_db.open_database(app)
    try:
        finding = verify().finding
        assert (finding.kind, finding.event, finding.details["chained_to"]) == ("missing", ids[3], ids[2])
    finally:
        store_db.close()


def test_an_upgrade_the_app_role_may_not_make_is_refused_clearly(roles):
    owner, app, names = roles
    superuser = _raw(f"{PG_URL.rsplit('/', 1)[0]}/{names['carefloor']}")
    try:  # as if this carefloor were newer than the schema: an upgrade is due
        superuser.execute_sql("ALTER TABLE event DROP COLUMN seal")
        superuser.execute_sql("ALTER TABLE event DROP COLUMN prev")
        superuser.execute_sql("DROP TRIGGER event_no_truncate ON event")
        superuser.execute_sql("UPDATE schema_version SET version = 4")  # before m0005, the chain
    finally:
        superuser.close()
    with pytest.raises(DatabaseUnavailable, match="only the owner of the schema"):
        store_db.open_database(app)
    store_db.close()
    store_db.open_database(owner)  # the owner upgrades it
    try:
        report = verify()
        assert report.intact and report.reason == "upgrade" and report.before == 1
    finally:
        store_db.close()
