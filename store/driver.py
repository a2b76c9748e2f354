"""Peewee without the PostgreSQL driver until a PostgreSQL database is opened.

Peewee imports psycopg (and psycopg2) at its own import whenever they are installed: 50-250 ms
that a session on a SQLite file never uses (half of a `carefloor due`, a fifth of the app's
start). `store/__init__` calls `hide_drivers_from_peewee()`, so peewee, whenever it is first
imported, is imported with the drivers hidden; `store.db.open_database` calls `bind_postgres()`
for a PostgreSQL target, which imports the driver and hands it to peewee exactly as peewee's own
import block would have.
If peewee was imported before store (a test's conftest), peewee already has its drivers.
"""
from __future__ import annotations

import importlib.util
import sys

DRIVERS = ("psycopg2cffi", "psycopg2", "psycopg")


class _HideDriversFinder:
    """A meta path finder (duck-typed: importlib.abc costs 20 ms) that finds peewee like the
    normal finders do and makes its import run with the drivers hidden."""

    def find_spec(self, name, path, target=None):
        if name != "peewee":
            return None
        sys.meta_path.remove(self)  # once: find the real spec with the other finders
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _HidingLoader(spec.loader)
        return spec


class _HidingLoader:
    """peewee's own loader, whose exec_module hides the drivers while peewee's code runs."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def __getattr__(self, name):
        return getattr(self.loader, name)  # get_source etc. for tracebacks

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        hidden = [name for name in DRIVERS if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # `import psycopg` inside peewee fails at once: peewee sets it None
        try:
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, 0) is None:
                    del sys.modules[name]  # importable again for whoever asks (bind_postgres)


def hide_drivers_from_peewee() -> None:
    """When peewee is first imported (not now), import it without the PostgreSQL drivers."""
    if "peewee" not in sys.modules and not any(isinstance(f, _HideDriversFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _HideDriversFinder())


def bind_postgres() -> None:
    """Give peewee the driver it skipped at import: psycopg2 if installed, else psycopg 3 (peewee's order)."""
    import peewee

    if peewee.psycopg2 is not None or peewee.psycopg is not None:
        return
    if not _bind_psycopg2(peewee):
        _bind_psycopg3(peewee)  # neither installed: peewee says "driver not found" at connect


def _bind_psycopg2(peewee) -> bool:
    try:
        try:
            from psycopg2cffi import compat
            compat.register()
        except ImportError:
            pass
        import psycopg2
        from psycopg2 import extensions
        from psycopg2.extras import Json, register_uuid
    except ImportError:
        return False
    register_uuid()
    peewee.psycopg2, peewee.pg_extensions, peewee.Json_pg2 = psycopg2, extensions, Json
    adapter = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
    return True


def _bind_psycopg3(peewee) -> bool:
    try:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb
    except ImportError:
        return False
    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    return True
