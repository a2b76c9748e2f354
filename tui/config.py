"""Per-user configuration: a TOML file at $XDG_CONFIG_HOME/carefloor/config.toml or --config.

    lang = "zh"                       # zh | en (else the locale decides)
    theme = "carefloor-dark"          # see tui/themes.py (carefloor-contrast: high contrast)
    idle_lock_minutes = 5             # lock the shared terminal after this much idleness
    poll_ms = 200                     # live refresh poll interval
    write_wait_s = 15                 # a save waiting longer for the database gives up (store.writes)
    playbook_path = "/srv/center/playbook.toml"

    [keymap]                          # binding id -> key(s), comma separated
    "board.filter" = "f"
    "app.help" = "f1,question_mark"

A missing default file is fine (defaults); a bad file or value is refused with the file and key named.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.i18n import LANGS

DEFAULT_POLL_MS = 200
DEFAULT_IDLE_MINUTES = 5


class ConfigError(Exception):
    """A config file or value that cannot be used; the message names file and key."""


@dataclass(frozen=True)
class Config:
    lang: str | None = None
    theme: str = "carefloor-dark"
    idle_lock_minutes: float = DEFAULT_IDLE_MINUTES
    poll_ms: int = DEFAULT_POLL_MS
    keymap: dict[str, str] = field(default_factory=dict)
    playbook_path: str | None = None
    write_wait_s: float | None = None  # None: store.writes.WAIT_LIMIT_S
    source: str = ""  # the file it came from ("" = defaults)

    def with_overrides(self, **values) -> "Config":
        """Command-line flags win over the file; None means "not given"."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def default_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / "carefloor" / "config.toml"


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read --config PATH (must exist) or the default file (may be absent)."""
    explicit = path is not None
    file = Path(path) if explicit else default_path()
    if not file.exists():
        if explicit:
            raise ConfigError(f"config file {file} does not exist")
        return Config()
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read config file {file}: {exc.strerror}") from exc
    return parse_config(data, str(file))


def parse_config(data: dict, source: str = "config") -> Config:
    """Validate the keys of a config mapping; unknown keys are refused (typos would be silent)."""
    known = {"lang", "theme", "idle_lock_minutes", "poll_ms", "keymap", "playbook_path", "write_wait_s"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
    lang = data.get("lang")
    if lang is not None and lang not in LANGS:
        raise ConfigError(f"{source}: lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return Config(
        lang=lang,
        theme=_string(data, "theme", source, Config.theme),
        idle_lock_minutes=_number(data, "idle_lock_minutes", source, DEFAULT_IDLE_MINUTES, 0, 24 * 60),
        poll_ms=int(_number(data, "poll_ms", source, DEFAULT_POLL_MS, 20, 60_000)),
        keymap=_keymap(data.get("keymap", {}), source),
        playbook_path=data.get("playbook_path"),
        write_wait_s=_number(data, "write_wait_s", source, None, 1, 300) if "write_wait_s" in data else None,
        source=source,
    )


def _string(data: dict, key: str, source: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{source}: {key} must be a non-empty string")
    return value


def _number(data: dict, key: str, source: str, default: float, low: float, high: float) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(f"{source}: {key} must be a number from {low} to {high}, not {value!r}")
    return value


def _keymap(raw, source: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: [keymap] must be a table of binding id = \"key\"")
    for binding_id, keys in raw.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f"{source}: keymap {binding_id!r} must be a key string such as \"f2\"")
    return dict(raw)
