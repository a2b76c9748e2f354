"""Errors the store raises: each carries a message a person can act on.

A message is a literal English TEMPLATE plus keyword params, so the UI can show it in the
person's language (tui/store_messages.py looks the template up in
tui/locales/store_messages.toml):

    raise Conflict("contract {contract_no} is already {status}", contract_no=no, status=status)

`str(exc)` is the filled-in English. A param may be a {"en": ..., "zh": ...} dict when the
store knows both names (a checklist item); English text uses "en". tests/test_store_messages.py
checks that every template is a literal with a translation.
"""
from __future__ import annotations


def fill(template: str, params: dict) -> str:
    """The English text: `template` with `params` filled in (a template without params is as is)."""
    if not params:
        return template
    return template.format(**{name: english(value) for name, value in params.items()})


def english(value):
    """A param's English form (a {zh, en} dict gives its "en")."""
    if isinstance(value, dict) and "en" in value:
        return value["en"]
    return value


class StoreError(Exception):
    """Base for every error the store reports to a caller; str() is the message to show."""

    def __init__(self, template: str = "", /, **params):
        super().__init__(fill(template, params))
        self.template = template
        self.params = params


class SchemaTooNew(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or reached; the message says what to fix."""


class PermissionDenied(StoreError):
    """`who` lacks `permission`; a caller may pass its own template (default "{who} may not {action}")."""

    def __init__(self, permission: str, who: str, template: str = "{who} may not {action}", /, **params):
        super().__init__(template, who=who, action=permission.replace("_", " "), **params)
        self.permission = permission


class Conflict(StoreError):
    """Someone else changed the record first ("already done by 李护士 at 10:42")."""


class Invalid(StoreError):
    """Bad input: names the field and what to fix; str() is "field: reason".

    `template`/`params` (and `reason_template`) describe the reason alone.
    """

    def __init__(self, field: str, reason_template: str, /, **params):
        super().__init__(reason_template, **params)
        self.field = field
        self.reason = fill(reason_template, params)
        self.reason_template = reason_template
        self.args = (f"{field}: {self.reason}",)

    def __str__(self) -> str:
        return self.args[0] if self.args else ""


class BadText(Invalid):
    """Text refused for a character it holds (a control or bidi character) or its length (store/text.py)."""


class NotFound(StoreError):
    pass
