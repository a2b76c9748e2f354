"""Translations: `t("board.title")` in the session's language (zh or en).

Strings live in tui/locales/<area>.toml, one file per area so screens don't collide:

    [board]
    title = { zh = "房态看板", en = "Floor board" }
    day_of_stay = { zh = "第{day}天/{days}", en = "D{day}/{days}" }

`t("board.title")` reads board.toml the first time a board key is asked for, so starting the
app parses the few areas its first screen uses, not all of them (a key whose area has no file
of its own makes it read them all). A key missing in either language is a test failure
(tests/test_i18n.py), and so is an area kept in a file not named after it.
"""
from __future__ import annotations

import locale
import os
import tomllib
from functools import lru_cache
from pathlib import Path

LANGS = ("zh", "en")
LOCALES = Path(__file__).with_name("locales")
_lang = "zh"


class CatalogError(Exception):
    pass


def detect_language(explicit: str | None = None) -> str:
    """--lang / config value if given, else zh when the locale is Chinese, else en."""
    if explicit:
        if explicit not in LANGS:
            raise CatalogError(f"unknown language {explicit!r}: use one of {', '.join(LANGS)}")
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    current = (locale.getlocale()[0] or "").lower()
    return "zh" if current.startswith("zh") else "en"


def set_language(lang: str) -> None:
    global _lang
    if lang not in LANGS:
        raise CatalogError(f"unknown language {lang!r}")
    _lang = lang


def language() -> str:
    return _lang


def t(key: str, **params) -> str:
    """The translation of `key` in the current language, with {params} filled in."""
    entry = _area(key).get(key)
    if entry is None:
        return key
    text = entry.get(_lang) or entry.get("en") or key
    return text.format(**params) if params else text


def pick(texts: dict[str, str] | None) -> str:
    """Choose the current language from a {zh, en} dict (playbook scripts, seeds)."""
    if not texts:
        return ""
    return texts.get(_lang) or texts.get("en") or texts.get("zh") or ""


def role_name(role: str) -> str:
    """A role id as people say it ("护士" / "Nurse"), in the current language; unknown ids as they are."""
    from seeds.roles import load_roles

    found = load_roles().get(role)
    return pick(found.name) if found else role


def has(key: str) -> bool:
    """Whether `key` is translated."""
    return key in _area(key)


_areas: dict[str, dict[str, dict[str, str]]] = {}  # area -> its keys, filled as areas are asked for


def _area(key: str) -> dict[str, dict[str, str]]:
    area, dot, _ = key.partition(".")
    found = _areas.get(area)
    if found is None and not (dot and area.isidentifier()):
        return {}  # not a key ("Quit", Textual's own binding texts): nothing to read
    if found is None:
        path = LOCALES / f"{area}.toml"
        for name, entries in _by_area(_read(path) if path.is_file() else catalog()).items():
            _areas.setdefault(name, entries)
        found = _areas.setdefault(area, {})
    return found


def _by_area(entries: dict[str, dict[str, str]]) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}
    for key, entry in entries.items():
        out.setdefault(key.partition(".")[0], {})[key] = entry
    return out


def _read(path: Path) -> dict[str, dict[str, str]]:
    with path.open("rb") as fh:
        return dict(_flatten(tomllib.load(fh)))


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """All keys of all locale files, flattened to dotted keys."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES.glob("*.toml")):
        for key, entry in _read(path).items():
            if key in merged:
                raise CatalogError(f"{path.name}: key {key!r} is defined twice")
            merged[key] = entry
    return merged


def _flatten(data: dict, prefix: str = ""):
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and set(value) <= set(LANGS) and value:
            yield key, value
        elif isinstance(value, dict):
            yield from _flatten(value, key + ".")
        else:
            raise CatalogError(f"{key}: expected {{ zh = ..., en = ... }}")
