"""A store refusal in the person's language: `message(exc)` for the whole text, `reason(exc)` for a field.

The store raises errors with a literal English template plus params (store/errors.py). Their
translations live in tui/locales/store_messages.toml, each entry `{ en = <the exact template>,
zh = ... }` under a short stable id:

    [store_messages]        # message templates
    contract_is = { en = "contract {contract_no} is {status}: ...", zh = "合同 {contract_no} ..." }
    [store_terms]           # words the store passes as params (statuses, "enter {what}" phrases)
    [store_fields]          # Invalid.field names, for the CLI's "field: reason"

The tables are read once and looked up by the English text. Anything not found stays English,
so a refusal always shows something a person can act on.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from store.errors import Invalid, StoreError
from store.text import inert
from tui import i18n

CATALOG = i18n.LOCALES / "store_messages.toml"


@dataclass(frozen=True)
class Tables:
    messages: dict[str, str]  # English template -> zh
    terms: dict[str, str]     # English word or phrase -> zh
    fields: dict[str, str]    # field name -> zh label


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The catalog as {English: zh} dicts, built once."""
    with CATALOG.open("rb") as fh:
        data = tomllib.load(fh)

    def table(name: str) -> dict[str, str]:
        return {entry["en"]: entry["zh"] for entry in data.get(name, {}).values()}

    return Tables(table("store_messages"), table("store_terms"), table("store_fields"))


def message(exc: BaseException) -> str:
    """The whole message (for Invalid: "field: reason") in the current language, inert: it may
    quote stored text (a guest's name), which must not reach a terminal as it is (store/text.py)."""
    return inert(_message(exc), multiline=True)


def _message(exc: BaseException) -> str:
    if not isinstance(exc, StoreError) or i18n.language() == "en":
        return str(exc)
    if isinstance(exc, Invalid):
        label = tables().fields.get(exc.field, exc.field)
        return f"{label}:{reason(exc)}"
    return _render(exc.template, exc.params) or str(exc)


def reason(exc: BaseException) -> str:
    """For Invalid, the reason alone (shown under its field); otherwise the whole message. Inert."""
    return inert(_reason(exc), multiline=True)


def _reason(exc: BaseException) -> str:
    if not isinstance(exc, Invalid):
        return _message(exc)
    if i18n.language() == "en":
        return exc.reason
    found = _render(exc.reason_template, exc.params)
    if found is None and isinstance(exc.__cause__, StoreError) and str(exc.__cause__) == exc.reason:
        return _message(exc.__cause__)  # a screen re-raised a store refusal as Invalid(field, str(exc))
    return found or exc.reason


def _render(template: str, params: dict) -> str | None:
    """The zh text of `template`, or None when it has no translation (or does not fill in)."""
    zh = tables().messages.get(template)
    if zh is None:
        return None
    if not params:
        return zh
    try:
        return zh.format(**{name: _param(value) for name, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return None


def _param(value):
    """A param as zh: a {zh, en} dict gives its zh, a known word its translation, anything else as is."""
    if isinstance(value, dict):
        return value.get("zh") or value.get("en") or ""
    if isinstance(value, str):
        return tables().terms.get(value, value)
    return value
