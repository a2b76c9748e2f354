"""Who may see what: enforced here in the store, not only hidden on screen."""
from __future__ import annotations

from seeds.roles import load_roles
from store.errors import PermissionDenied
from store.writes import Actor, write


def permissions_for(role: str) -> frozenset[str]:
    role_def = load_roles().get(role)
    return role_def.permissions if role_def else frozenset()


def require(actor: Actor, permission: str, *, guest: int | None = None) -> None:
    """Raise PermissionDenied (and log the refusal) unless `actor` has `permission`."""
    if actor.can(permission):
        return
    write(actor, "permission.denied", lambda tx: tx.record("permission", None, None, {"permission": permission}, guest=guest))
    raise PermissionDenied(permission, actor.name)


def mask_phone(phone: str) -> str:
    """138****1234: enough to recognise, not enough to dial."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def phone_for(actor: Actor, phone: str) -> str:
    return phone if actor.can("phone_full") else mask_phone(phone)
