"""Center settings (name, kind, time zone, …) as a small key-value table."""
from __future__ import annotations

from typing import Any

from store.models import Setting


def get_setting(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None or row.value is None else row.value


def all_settings() -> dict[str, Any]:
    return {row.key: row.value for row in Setting.select()}


def put_setting(tx, key: str, value: Any) -> None:
    """Set a setting inside a write (see store.writes.write)."""
    before = get_setting(key)
    Setting.insert(key=key, value=value).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: value}
    ).execute()
    tx.record("setting", None, {key: before}, {key: value}, action="setting.put")
