"""Errors the store raises: each carries a message a person can act on."""
from __future__ import annotations


class StoreError(Exception):
    """Base for every error the store reports to a caller; str() is the message to show."""


class SchemaTooNew(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or reached; the message says what to fix."""


class PermissionDenied(StoreError):
    def __init__(self, permission: str, who: str):
        super().__init__(f"{who} may not {permission.replace('_', ' ')}")
        self.permission = permission


class Conflict(StoreError):
    """Someone else changed the record first ("already done by 李护士 at 10:42")."""


class Invalid(StoreError):
    """Bad input: names the field and what to fix."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFound(StoreError):
    pass
