"""Lifecycle rules as data: departments and sign-off forms, checklists, packages, categories.

Files: seeds/lifecycle.toml and seeds/packages.toml. A bad file is refused whole with the
file, entry and field named.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from seeds.errors import SeedError
from seeds.roles import load_roles

HERE = Path(__file__).parent
LIFECYCLE_FILE = HERE / "lifecycle.toml"
PACKAGES_FILE = HERE / "packages.toml"


@dataclass(frozen=True)
class Department:
    id: str
    name: dict[str, str]
    roles: frozenset[str]


@dataclass(frozen=True)
class CheckItem:
    id: str
    name: dict[str, str]
    required: bool = False


@dataclass(frozen=True)
class Package:
    id: str
    name: dict[str, str]
    days: int
    price_cents: int


@dataclass(frozen=True)
class Lifecycle:
    departments: dict[str, Department]
    forms: dict[str, tuple[str, ...]]
    car_approver_roles: frozenset[str]
    readiness: tuple[CheckItem, ...]
    checkout: tuple[CheckItem, ...]
    categories: dict[str, dict]
    procedure_kinds: tuple[str, ...]
    complaint_channels: tuple[str, ...]
    complaint_deadline_hours: int
    form_closes: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # form -> (playbook, step)


def _names(where: str, raw: dict, key: str = "name") -> dict[str, str]:
    value = raw.get(key)
    if not isinstance(value, dict) or not {"zh", "en"} <= set(value):
        raise SeedError(f"{where}: {key} needs zh and en")
    return dict(value)


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(f"{path.name}: {exc}") from exc


def _departments(path: Path, data: dict) -> dict[str, Department]:
    roles = load_roles()
    out = {}
    for dep_id, raw in data.get("departments", {}).items():
        where = f"{path.name}, department {dep_id}"
        dep_roles = raw.get("roles") or []
        unknown = [r for r in dep_roles if r not in roles]
        if not dep_roles or unknown:
            raise SeedError(f"{where}: roles must list known roles (unknown: {unknown or 'none given'})")
        out[dep_id] = Department(dep_id, _names(where, raw), frozenset(dep_roles))
    return out


def _forms(path: Path, data: dict, departments: dict) -> dict[str, tuple[str, ...]]:
    forms = {}
    for form in ("admission_notice", "discharge_form"):
        deps = data.get("forms", {}).get(form)
        if not deps:
            raise SeedError(f"{path.name}, forms: {form} must list its departments")
        for dep in deps:
            if dep not in departments:
                raise SeedError(f"{path.name}, forms.{form}: unknown department {dep!r}")
        forms[form] = tuple(deps)
    return forms


def _items(path: Path, data: dict, key: str) -> tuple[CheckItem, ...]:
    items, seen = [], set()
    for index, raw in enumerate(data.get(key, [])):
        item_id = raw.get("id") or ""
        where = f"{path.name}, {key} item {item_id or index + 1}"
        if not item_id or item_id in seen:
            raise SeedError(f"{where}: id missing or repeated")
        seen.add(item_id)
        items.append(CheckItem(item_id, _names(where, raw), bool(raw.get("required", False))))
    if not items:
        raise SeedError(f"{path.name}: {key} needs at least one item")
    return tuple(items)


@lru_cache(maxsize=4)
def load_lifecycle(path: Path = LIFECYCLE_FILE) -> Lifecycle:
    data = _read(path)
    departments = _departments(path, data)
    categories = {}
    for cat_id, raw in data.get("categories", {}).items():
        categories[cat_id] = {"name": _names(f"{path.name}, category {cat_id}", raw),
                              "plan_611": bool(raw.get("plan_611", False))}
    complaints = data.get("complaints", {})
    hours = complaints.get("deadline_hours", 24)
    if not isinstance(hours, int) or hours <= 0:
        raise SeedError(f"{path.name}, complaints: deadline_hours must be a positive whole number")
    return Lifecycle(
        departments, _forms(path, data, departments),
        frozenset(data.get("car", {}).get("approver_roles", ["manager"])),
        _items(path, data, "readiness"), _items(path, data, "checkout"), categories,
        tuple(data.get("procedures", {}).get("kinds", ())), tuple(complaints.get("channels", ())), hours,
        _form_closes(path, data),
    )


FORMS_THAT_CLOSE = ("discharge", "readiness", "car")


def _form_closes(path: Path, data: dict) -> dict[str, tuple[tuple[str, str], ...]]:
    """[form_closes]: form -> the playbook steps ("postpartum.discharge_t1") it completes; each must
    be a step of the shipped playbooks."""
    from seeds.playbook import load_all

    books, out = None, {}
    for form, refs in data.get("form_closes", {}).items():
        where = f"{path.name}, form_closes.{form}"
        if form not in FORMS_THAT_CLOSE:
            raise SeedError(f"{where}: unknown form (one of: {', '.join(FORMS_THAT_CLOSE)})")
        if not isinstance(refs, list):
            raise SeedError(f"{where}: a list of \"playbook.step\"")
        books = books or load_all()
        steps = []
        for ref in refs:
            name, _, step = str(ref).partition(".")
            if name not in books or books[name].step(step) is None:
                raise SeedError(f"{where}: {ref!r} is not a playbook step (write \"postpartum.discharge_t1\")")
            steps.append((name, step))
        out[form] = tuple(steps)
    return out


@lru_cache(maxsize=4)
def load_packages(path: Path = PACKAGES_FILE) -> dict[str, Package]:
    data = _read(path)
    out = {}
    for pkg_id, raw in data.get("packages", {}).items():
        where = f"{path.name}, package {pkg_id}"
        days, price = raw.get("days"), raw.get("price_cents", 0)
        if not isinstance(days, int) or not 1 <= days <= 120:
            raise SeedError(f"{where}: days must be a whole number from 1 to 120")
        if not isinstance(price, int) or price < 0:
            raise SeedError(f"{where}: price_cents must be a whole number of cents, 0 or more")
        out[pkg_id] = Package(pkg_id, _names(where, raw), days, price)
    if not out:
        raise SeedError(f"{path.name}: no packages defined")
    return out
