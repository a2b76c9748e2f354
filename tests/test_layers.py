"""Layering: only store/ talks to peewee; store/ and seeds/ never touch the UI."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_MODULES = {"peewee", "playhouse", "sqlite3", "psycopg", "psycopg2"}
UI_MODULES = {"textual", "rich", "tui", "screens"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _files(*folders: str):
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def test_only_store_imports_the_database_driver():
    offenders = {str(p.relative_to(ROOT)): _imports(p) & DB_MODULES
                 for p in _files("tui", "screens", "seeds")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_store_and_seeds_never_import_the_ui():
    offenders = {str(p.relative_to(ROOT)): _imports(p) & UI_MODULES for p in _files("store", "seeds")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_playbook_loaders_do_not_import_store():
    """seeds/ is data and its validators; only the demo builder writes through store/."""
    offenders = {str(p.relative_to(ROOT)): _imports(p) & {"store"} for p in _files("seeds")
                 if not p.name.startswith("demo")}
    assert {k: v for k, v in offenders.items() if v} == {}
