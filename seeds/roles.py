"""Roles and permissions as data (seeds/roles.toml), validated on load."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from seeds.errors import SeedError

ROLES_FILE = Path(__file__).with_name("roles.toml")
PERMISSIONS = frozenset({
    "health_notes", "money", "phone_full", "staff_admin", "audit_view", "override", "complaints", "export",
})
HOMES = frozenset({"board", "visits", "callbacks", "appointments"})
KINDS = frozenset({"postpartum", "aesthetics", "wellness"})


@dataclass(frozen=True)
class Role:
    id: str
    name: dict[str, str]
    home: str
    permissions: frozenset[str]
    homes_by_kind: dict = field(default_factory=dict, compare=False)  # {kind: {home: instead}}

    def home_for(self, kind: str) -> str:
        """This role's first screen in a center of `kind` (a clinic has no room board to land on)."""
        return self.homes_by_kind.get(kind, {}).get(self.home, self.home)


@lru_cache(maxsize=4)
def load_roles(path: Path = ROLES_FILE) -> dict[str, Role]:
    """All roles by id; a bad file is refused whole with file, role and field named."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    instead = _homes_by_kind(path.name, data.get("home_instead", {}))
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
        roles[role_id] = Role(role_id, dict(raw["name"]), raw["home"], frozenset(raw.get("permissions", [])),
                              instead)
    if not roles:
        raise SeedError(f"{path.name}: no roles defined")
    return roles


def _homes_by_kind(name: str, raw: dict) -> dict:
    """[home_instead.<kind>] board = "appointments": checked like the roles' own homes."""
    for kind, swaps in raw.items():
        if kind not in KINDS:
            raise SeedError(f"{name}, home_instead: unknown center kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
        for home, other in swaps.items():
            if home not in HOMES or other not in HOMES:
                raise SeedError(f"{name}, home_instead.{kind}: homes must be one of {', '.join(sorted(HOMES))}")
    return {kind: dict(swaps) for kind, swaps in raw.items()}
