"""Roles and permissions as data (seeds/roles.toml), validated on load."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from seeds.errors import SeedError

ROLES_FILE = Path(__file__).with_name("roles.toml")
PERMISSIONS = frozenset({
    "health_notes", "money", "phone_full", "staff_admin", "audit_view", "override", "complaints", "export",
})
HOMES = frozenset({"board", "visits", "callbacks"})


@dataclass(frozen=True)
class Role:
    id: str
    name: dict[str, str]
    home: str
    permissions: frozenset[str]


@lru_cache(maxsize=4)
def load_roles(path: Path = ROLES_FILE) -> dict[str, Role]:
    """All roles by id; a bad file is refused whole with file, role and field named."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    roles = {}
    for role_id, raw in data.get("roles", {}).items():
        where = f"{path.name}, role {role_id}"
        unknown = set(raw.get("permissions", [])) - PERMISSIONS
        if unknown:
            raise SeedError(f"{where}: unknown permission {sorted(unknown)[0]!r}")
        if raw.get("home") not in HOMES:
            raise SeedError(f"{where}: home must be one of {', '.join(sorted(HOMES))}")
        if not {"zh", "en"} <= set(raw.get("name", {})):
            raise SeedError(f"{where}: name needs zh and en")
        roles[role_id] = Role(role_id, dict(raw["name"]), raw["home"], frozenset(raw.get("permissions", [])))
    if not roles:
        raise SeedError(f"{path.name}: no roles defined")
    return roles
